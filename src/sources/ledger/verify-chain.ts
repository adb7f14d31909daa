/**
 * The hash chain of the ledger file itself (CONTRACT §5). The chain is recomputed from what
 * is on each line, so one edited line yields one `hash` problem on that line and no
 * cascade: the next line's `prev` is compared with the edited line's *stored* hash.
 */
import { GENESIS_PREV } from '../../domain/ledger.ts';
import type { LedgerEntry, LedgerProblem, LedgerProblemCode } from '../../domain/ledger.ts';
import { entryHash, omitKey, unhashableReason } from './hash.ts';
import { parseObjectLine, splitLines } from './lines.ts';
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
}

function chainField(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' && HASH_PATTERN.test(value) ? value : undefined;
}

export function verifyChain(text: string, file: string, invalidUtf8: ReadonlySet<number> = new Set()): ChainResult {
  const result: ChainResult = { entries: [], findings: [], lines: 0, lastLine: 0, head: null, bySeq: new Map() };
  const add = (code: LedgerProblemCode, line: number, message: string, suspectLine = line): void => {
    result.findings.push({ problem: { code, severity: 'error', file, line, message }, suspectLine });
  };
  let expectedSeq = 0;
  /** lines since the last readable seq that may have been entries: the next seq may skip that many */
  let slack = 0;
  /** stored hash the next line's prev must equal; undefined when the previous line gave none */
  let expectedPrev: string | undefined = GENESIS_PREV;
  let previousLine = 0;

  for (const { line, text: lineText } of splitLines(text)) {
    result.lastLine = line;
    if (lineText.trim() !== '') result.lines++;
    if (invalidUtf8.has(line)) {
      add('bad-json', line, 'not valid UTF-8');
      slack++;
      expectedPrev = undefined;
      previousLine = line;
      continue;
    }
    const parsed = parseObjectLine(lineText);
    if ('error' in parsed) {
      add('bad-json', line, parsed.error);
      slack++;
      expectedPrev = undefined;
      previousLine = line;
      continue;
    }
    const { obj } = parsed;
    const unhashable = unhashableReason(obj);
    const validation = validateStoredLine(obj);
    const fieldIssues = [...(unhashable ? [unhashable] : []), ...(validation.ok ? [] : validation.issues)];
    if (fieldIssues.length > 0) add('bad-field', line, fieldIssues.join('; '));

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

    const prev = chainField(obj, 'prev');
    if (prev !== undefined && expectedPrev !== undefined && prev !== expectedPrev) {
      // Either side of a broken link may be the forgery: a self-consistent inserted or
      // replaced line is only noticed on the line after it.
      const message =
        previousLine === 0 ? `prev of the first line must be ${GENESIS_PREV}` : `prev does not match the hash of line ${previousLine}`;
      add('prev', line, message, previousLine === 0 ? line : previousLine);
    }

    const hash = chainField(obj, 'hash');
    if (hash !== undefined && unhashable === undefined) {
      const computed = entryHash(omitKey(obj, 'hash'));
      if (computed !== hash) add('hash', line, `hash does not match the line's content (recomputed ${computed})`);
    }

    if (seq !== undefined && !result.bySeq.has(seq)) result.bySeq.set(seq, { line, hash });
    if (hash !== undefined) result.head = hash;
    expectedPrev = hash;
    previousLine = line;
    if (validation.ok && unhashable === undefined) result.entries.push(toLedgerEntry(obj, { file, line }));
  }
  return result;
}
