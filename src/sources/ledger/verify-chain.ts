/**
 * The hash chain of the ledger file itself (CONTRACT §5). The chain is recomputed from what
 * is on each line, so one edited line yields one `hash` problem on that line and no
 * cascade: the next line's `prev` is compared with the edited line's *stored* hash.
 */
import { GENESIS_PREV } from '../../domain/ledger.ts';
import type { LedgerEntry, LedgerProblem, LedgerProblemCode } from '../../domain/ledger.ts';
import { storedEntryHash, unhashableReason } from './hash.ts';
import { parseObjectLine, splitLines } from './lines.ts';
import { createInterner } from '../../util/text.ts';
import { quickEntry } from './quick-entry.ts';
import { HASH_PATTERN, toLedgerEntry, validateStoredLine } from './schema.ts';

/** A problem plus the earliest line it casts doubt on (see `firstBadLine` in docs/ledger.md). */
export interface Finding {
  problem: LedgerProblem;
  suspectLine: number;
}

export interface ChainResult {
  entries: LedgerEntry[];
  findings: Finding[];
  /** non-blank lines */
  lines: number;
  /** physical lines, blank ones included */
  lastLine: number;
  head: string | null;
  /** the first line carrying each `seq`, with its stored hash */
  bySeq: Map<number, { line: number; hash: string | undefined }>;
  /** the last line naming each grant id, valid or not */
  lastLineOfGrant: Map<string, number>;
}

function chainField(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' && HASH_PATTERN.test(value) ? value : undefined;
}

/** Feeds lines one at a time, so a reader can stream the file instead of holding it whole. */
export interface ChainVerifier {
  /** The next physical line (1-based `line`, without its line end); `invalidUtf8` when its bytes were not UTF-8. */
  push(line: number, text: string, invalidUtf8: boolean): void;
  /** The result so far (complete once the last line was pushed). */
  readonly result: ChainResult;
}

export function createChainVerifier(file: string): ChainVerifier {
  const result: ChainResult = { entries: [], findings: [], lines: 0, lastLine: 0, head: null, bySeq: new Map(), lastLineOfGrant: new Map() };
  const add = (code: LedgerProblemCode, line: number, message: string, suspectLine = line): void => {
    result.findings.push({ problem: { code, severity: 'error', file, line, message }, suspectLine });
  };
  let expectedSeq = 0;
  /** lines since the last readable seq that may have been entries: the next seq may skip that many */
  let slack = 0;
  /** stored hash the next line's prev must equal; undefined when the previous line gave none */
  let expectedPrev: string | undefined = GENESIS_PREV;
  let previousLine = 0;
  const intern = createInterner();
  const unreadable = (line: number, message: string): void => {
    add('bad-json', line, message);
    slack++;
    expectedPrev = undefined;
    previousLine = line;
  };

  function push(line: number, lineText: string, invalidUtf8: boolean): void {
    result.lastLine = line;
    if (lineText.trim() !== '') result.lines++;
    if (invalidUtf8) return unreadable(line, 'not valid UTF-8');
    const parsed = parseObjectLine(lineText);
    if ('error' in parsed) return unreadable(line, parsed.error);
    const { obj } = parsed;
    if (typeof obj.grant === 'string') result.lastLineOfGrant.set(obj.grant, line);
    const source = { file, line };
    const prev = chainField(obj, 'prev');
    const hash = chainField(obj, 'hash');
    // Fast path for the common well-formed line; zod (with its messages) only for the rest.
    let entry = quickEntry(obj, source, prev !== undefined && hash !== undefined, intern);
    let unhashable: string | undefined;
    if (entry === undefined) {
      unhashable = unhashableReason(obj);
      const validation = validateStoredLine(obj);
      const fieldIssues = [...(unhashable ? [unhashable] : []), ...(validation.ok ? [] : validation.issues)];
      if (fieldIssues.length > 0) add('bad-field', line, fieldIssues.join('; '));
      else entry = toLedgerEntry(obj, source);
    }

    const seq = typeof obj.seq === 'number' && Number.isSafeInteger(obj.seq) && obj.seq >= 0 ? obj.seq : undefined;
    if (seq === undefined) {
      slack++;
    } else {
      const first = result.bySeq.get(seq);
      if (seq < expectedSeq) {
        const where = first ? ` (already on line ${first.line})` : '';
        add('seq', line, `seq ${seq} repeats or goes back${where}; expected ${expectedSeq}`, first?.line ?? line);
      } else if (seq > expectedSeq + slack) {
        const missing = seq - expectedSeq - slack;
        add('seq', line, `seq gap: expected ${slack > 0 ? `${expectedSeq}–${expectedSeq + slack}` : expectedSeq}, found ${seq} (${missing} missing)`);
      }
      expectedSeq = Math.max(expectedSeq, seq + 1);
      slack = 0;
    }

    if (prev !== undefined && expectedPrev !== undefined && prev !== expectedPrev) {
      // Either side of a broken link may be the forgery: a self-consistent inserted or
      // replaced line is only noticed on the line after it.
      const message =
        previousLine === 0 ? `prev of the first line must be ${GENESIS_PREV}` : `prev does not match the hash of line ${previousLine}`;
      add('prev', line, message, previousLine === 0 ? line : previousLine);
    }

    if (hash !== undefined && unhashable === undefined) {
      const computed = storedEntryHash(obj);
      if (computed !== hash) add('hash', line, `hash does not match the line's content (recomputed ${computed})`);
    }

    if (seq !== undefined && !result.bySeq.has(seq)) result.bySeq.set(seq, { line, hash });
    if (entry !== undefined) {
      // A kept entry's prev is the previous line's hash: share that one string instead of
      // holding two copies of every 71-character hash for the whole report.
      if (entry.prev === expectedPrev) entry.prev = expectedPrev;
      result.entries.push(entry);
    }
    if (hash !== undefined) result.head = hash;
    expectedPrev = hash;
    previousLine = line;
  }

  return { push, result };
}

export function verifyChain(text: string, file: string, invalidUtf8: ReadonlySet<number> = new Set()): ChainResult {
  const verifier = createChainVerifier(file);
  for (const { line, text: lineText } of splitLines(text)) verifier.push(line, lineText, invalidUtf8.has(line));
  return verifier.result;
}
