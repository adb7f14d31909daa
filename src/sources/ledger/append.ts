import { open } from 'node:fs/promises';
import { GENESIS_PREV, LEDGER_SCHEMA } from '../../domain/ledger.ts';
import { LedgerError, UsageError } from '../../errors.ts';
import { entryHash, omitKey, unhashableReason } from './hash.ts';
import { decodeLossy, parseObjectLine, splitLines } from './lines.ts';
import { appendDurably, ensureFile, withLock } from './lock.ts';
import { appendConflict, entryFacts } from './consistency.ts';
import { parseRfc3339 } from './rfc3339.ts';
import { validateAppendInput, validateStoredLine } from './schema.ts';

export interface AppendResult {
  seq: number;
  hash: string;
  /** 1-based line of the new entry in the ledger file */
  line: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deeper than any real entry, far below where hashing and writing recurse out of stack. */
export const MAX_ENTRY_DEPTH = 64;

/** Nesting depth of arrays and objects, counted without recursion. */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_ENTRY_DEPTH) return deepest;
    for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 });
  }
  return deepest;
}

function checkInput(entry: unknown): Record<string, unknown> {
  if (!isObject(entry)) throw new UsageError('ledger-entry-not-object', 'the ledger entry must be a JSON object', { key: '--json', fix: 'pass one JSON object, see docs/ledger.md' });
  if (depthOf(entry) > MAX_ENTRY_DEPTH) {
    throw new UsageError('ledger-entry-too-deep', `the ledger entry is nested more than ${MAX_ENTRY_DEPTH} levels deep`, { key: '--json', fix: 'flatten the extra fields; nothing was written' });
  }
  const unhashable = unhashableReason(entry);
  if (unhashable) throw new UsageError('ledger-entry-invalid', `invalid ledger entry: ${unhashable}`, { key: '--json', fix: 'use strings and whole numbers only' });
  const validation = validateAppendInput(entry);
  if (!validation.ok) {
    throw new UsageError('ledger-entry-invalid', `invalid ledger entry: ${validation.issues.join('; ')}`, {
      key: '--json',
      fix: 'see docs/ledger.md for the fields of each entry type; nothing was written',
    });
  }
  return entry;
}

/** seq and hash of the last line, which must itself be a valid, self-consistent entry. */
function tailOf(text: string, ledgerPath: string): { seq: number; prev: string; lines: number } {
  const lines = splitLines(text);
  const last = lines.at(-1);
  if (!last) return { seq: 0, prev: GENESIS_PREV, lines: 0 };
  const refuse = (why: string): never => {
    throw new LedgerError('ledger-tail-invalid', `the last line of the ledger is not a valid entry (${why}); refusing to append`, {
      where: ledgerPath,
      line: last.line,
      fix: 'run `glasstrail ledger verify` and repair the ledger first',
    });
  };
  const parsed = parseObjectLine(last.text);
  if ('error' in parsed) return refuse(parsed.error);
  const unhashable = unhashableReason(parsed.obj);
  if (unhashable) return refuse(unhashable);
  const validation = validateStoredLine(parsed.obj);
  if (!validation.ok) return refuse(validation.issues.join('; '));
  const { seq, hash } = parsed.obj as { seq: number; hash: string };
  if (entryHash(omitKey(parsed.obj, 'hash')) !== hash) return refuse('its hash does not match its content');
  return { seq: seq + 1, prev: hash, lines: lines.length };
}

/**
 * Append one entry (without seq/prev/hash) under an exclusive lock, with fsync. The tail is
 * re-read under the lock every time, so concurrent writers never fork or lose an entry.
 */
export interface AppendOptions {
  /** the config's gate ids: a grant or waiver naming another gate is refused */
  gates?: ReadonlySet<string>;
  /** refuse an entry that contradicts the ledger so far (`ledger append` does; tests of the chain itself need not) */
  consistent?: boolean;
}

/** A gate the config does not define, or an entry that contradicts the ledger so far: refused, nothing written. */
function checkAgainst(input: Record<string, unknown>, text: string, ledgerPath: string, options: AppendOptions): void {
  const refuse = (message: string, fix: string): never => {
    throw new UsageError('ledger-entry-conflict', message, { where: ledgerPath, key: '--json', fix: `${fix}; nothing was written` });
  };
  const { gates } = options;
  if (gates && (input.type === 'grant.opened' || input.type === 'waiver.granted') && typeof input.gate === 'string' && !gates.has(input.gate)) {
    refuse(`gate "${input.gate}" is not a gate of the config`, `use one of: ${[...gates].sort().join(', ')}`);
  }
  if (!options.consistent) return;
  const at = parseRfc3339(String(input.at));
  if (at === undefined) return; // validateAppendInput has refused it already
  const why = appendConflict(entryFacts(text), { type: String(input.type), at, grant: input.grant, waiver: input.waiver });
  if (why) refuse(`this entry contradicts the ledger: ${why.replace(/, which stands\)$/, ')').replace(/; the close is ignored$/, '')}`, 'check the grant or waiver id and the time');
}

export async function appendEntry(ledgerPath: string, entry: unknown, options: AppendOptions = {}): Promise<AppendResult> {
  const input = checkInput(entry);
  await ensureFile(ledgerPath, 'ledger.path');
  return withLock(ledgerPath, async () => {
    const fh = await open(ledgerPath, 'a+');
    try {
      const text = decodeLossy(await fh.readFile());
      const tail = tailOf(text, ledgerPath);
      checkAgainst(input, text, ledgerPath, options);
      const { schema: _schema, type, at, ...rest } = input;
      const body = { schema: LEDGER_SCHEMA, seq: tail.seq, type, at, ...rest, prev: tail.prev };
      const hash = entryHash(body);
      const lineText = JSON.stringify({ ...body, hash });
      const separator = text === '' || text.endsWith('\n') ? '' : '\n';
      await appendDurably(fh, `${separator}${lineText}\n`);
      return { seq: tail.seq, hash, line: tail.lines + 1 };
    } finally {
      await fh.close();
    }
  });
}
