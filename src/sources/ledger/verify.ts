import type { KeyObject } from 'node:crypto';
import type { LedgerProblem, LedgerRead, VerifiedCheckpoint } from '../../domain/ledger.ts';
import { consistencyProblems } from './consistency.ts';
import { recordedLateProblems } from './recorded-late.ts';
import { verifyChain } from './verify-chain.ts';
import type { ChainResult, Finding } from './verify-chain.ts';
import { verifyCheckpoints } from './verify-checkpoints.ts';
import type { CheckpointResult } from './verify-checkpoints.ts';

export interface VerifyInput {
  text: string;
  file: string;
  /** lines of the ledger that were not valid UTF-8 (found by the reader, which sees bytes) */
  invalidUtf8?: ReadonlySet<number>;
  checkpoints?: { text: string; file: string; invalidUtf8?: ReadonlySet<number> };
  keys?: ReadonlyMap<string, KeyObject>;
}

/** Verify ledger text (and optionally checkpoints). Pure; never throws on any content. */
export function verifyLedgerText(
  text: string,
  file: string,
  checkpoints?: { text: string; file: string },
  keys?: Map<string, KeyObject>,
): LedgerRead {
  return verifyLedger({ text, file, checkpoints, keys });
}

/** The line of the entry with `seq`, or the line after the file when there is none. */
function lineOfSeq(chain: ChainResult, seq: number): number {
  return chain.bySeq.get(seq)?.line ?? chain.lastLine + 1;
}

/** Size of the largest verified checkpoint strictly below `size`: entries before it are anchored. */
function anchorBelow(verified: readonly VerifiedCheckpoint[], size: number): number {
  return verified.reduce((best, cp) => (cp.size < size && cp.size > best ? cp.size : best), 0);
}

export function verifyLedger(input: VerifyInput): LedgerRead {
  return completeVerification(verifyChain(input.text, input.file, input.invalidUtf8), input);
}

/** The checkpoints and the verdict, on a chain already verified (from text, or streamed by `readLedger`). */
export function completeVerification(chain: ChainResult, input: Omit<VerifyInput, 'text' | 'invalidUtf8'>): LedgerRead {
  let cps: CheckpointResult = { count: 0, verified: [], failures: [] };
  if (input.checkpoints) {
    const { text, file, invalidUtf8 } = input.checkpoints;
    cps = verifyCheckpoints(text, file, input.keys ?? new Map(), chain, invalidUtf8);
  }
  // A verified checkpoint, with no chain problem found above its end, vouches for every line up
  // to it: those were signed as they are. Its anchor is the first line after it.
  const firstProblemLine = chain.findings.reduce((min, f) => Math.min(min, f.problem.line), Number.POSITIVE_INFINITY);
  const after = (cp: VerifiedCheckpoint): number => (chain.bySeq.get(cp.size - 1)?.line ?? 0) + 1;
  const anchors = cps.verified.map(after).filter((start) => start <= firstProblemLine);
  const anchorAtOrBefore = (line: number): number => anchors.reduce((best, start) => (start <= line && start > best ? start : best), 0);
  // A problem found after an anchor whose doubt would reach back past it (a seq that repeats a
  // signed entry's; the prev of the first line after it) lies on the line where it was found.
  const findings: Finding[] = chain.findings.map((f) =>
    f.suspectLine < anchorAtOrBefore(f.problem.line) ? { ...f, suspectLine: f.problem.line } : f,
  );
  const lastAnchor = Math.max(0, ...anchors);
  for (const failure of cps.failures) {
    // A failed checkpoint casts doubt on everything after the last checkpoint below it that
    // did verify: a rewrite that recomputed every hash could have started anywhere there. One
    // that a larger verified checkpoint covers doubts no signed line: only those after that.
    const covered = cps.verified.some((cp) => cp.size >= failure.size && anchors.includes(after(cp)));
    findings.push({ problem: failure.problem, suspectLine: covered ? lastAnchor : lineOfSeq(chain, anchorBelow(cps.verified, failure.size)) });
  }
  const lastVerified = cps.verified.reduce<VerifiedCheckpoint | null>(
    (best, cp) => (best === null || cp.size >= best.size ? cp : best),
    null,
  );
  const anchored = lastVerified?.size ?? 0;
  const unanchored = Math.max(0, chain.lines - anchored);
  const ledgerProblems: LedgerProblem[] = [
    ...chain.findings.map((f) => f.problem),
    ...consistencyProblems(chain.entries, input.file),
    ...recordedLateProblems(chain.entries, cps.verified, input.file),
  ];
  if (unanchored > 0) {
    ledgerProblems.push({
      code: 'unanchored',
      severity: 'warning',
      file: input.file,
      line: lineOfSeq(chain, anchored),
      message: lastVerified
        ? `${unanchored} entries after the last verified checkpoint (size ${lastVerified.size}) are not anchored yet`
        : `${unanchored} entries are not anchored by any verified checkpoint`,
    });
  }
  const byLine = (a: LedgerProblem, b: LedgerProblem): number => a.line - b.line;
  const problems = [
    ...ledgerProblems.sort(byLine),
    ...cps.failures.map((f) => f.problem).sort(byLine),
  ];
  const errors = findings.filter((f) => f.problem.severity === 'error');
  const firstBadLine = errors.reduce<number | null>((min, f) => (min === null || f.suspectLine < min ? f.suspectLine : min), null);
  return {
    entries: chain.entries,
    lastLineOfGrant: chain.lastLineOfGrant,
    verification: {
      file: input.file,
      lines: chain.lines,
      entries: chain.entries.length,
      head: chain.head,
      ok: errors.length === 0,
      firstBadLine,
      problems,
      checkpoints: { file: input.checkpoints?.file ?? null, count: cps.count, lastVerified },
      unanchored,
    },
  };
}
