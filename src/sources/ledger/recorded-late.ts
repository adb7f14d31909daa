/**
 * Entries written long after the instant they give. A verified checkpoint proves which entries
 * existed when it was signed (its `at`, under the signature): an entry it does not hold was
 * written after that. One whose `at` lies more than RECORDED_LATE_SLACK_MS before such a
 * checkpoint was back-dated, or recorded well after the fact: a grant "opened" before a bypass
 * but written after it, or a waiver dated to cover one. The chain cannot tell (`ledger append`
 * takes any `at`); the checkpoints can, for every entry written after one was signed. A warning
 * (`recorded-late`): the entry still stands, and the evidence names it.
 */
import type { LedgerEntry, LedgerProblem, VerifiedCheckpoint } from '../../domain/ledger.ts';
import { parseRfc3339 } from './rfc3339.ts';

/** An entry recorded within this long of its `at` is on time: a log written minutes after the act. */
export const RECORDED_LATE_SLACK_MS = 3_600_000;

function subject(entry: LedgerEntry): string {
  return 'grant' in entry ? `grant ${entry.grant}` : `waiver ${entry.waiver}`;
}

function hours(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  return h >= 48 ? `${Math.floor(h / 24)} days` : `${h} hours`;
}

/** Warnings for entries (in ledger order) written after a verified checkpoint signed well after their `at`. */
export function recordedLateProblems(entries: readonly LedgerEntry[], verified: readonly VerifiedCheckpoint[], file: string): LedgerProblem[] {
  const signed = verified
    .map((cp) => ({ size: cp.size, at: parseRfc3339(cp.at), line: cp.line, atRaw: cp.at }))
    .filter((cp): cp is { size: number; at: number; line: number; atRaw: string } => cp.at !== undefined)
    .sort((a, b) => a.size - b.size);
  if (signed.length === 0) return [];
  const problems: LedgerProblem[] = [];
  // the latest-signed checkpoint not holding seq: one of size ≤ seq
  let next = 0;
  let latest: (typeof signed)[number] | undefined;
  const bySeq = [...entries].sort((a, b) => a.seq - b.seq);
  for (const entry of bySeq) {
    while (next < signed.length && signed[next]!.size <= entry.seq) {
      if (latest === undefined || signed[next]!.at > latest.at) latest = signed[next];
      next += 1;
    }
    if (latest === undefined || entry.at >= latest.at - RECORDED_LATE_SLACK_MS) continue;
    problems.push({
      code: 'recorded-late',
      severity: 'warning',
      file,
      line: entry.source.line,
      message: `${entry.type} of ${subject(entry)} gives at ${entry.atRaw} but was written after the checkpoint signed at ${latest.atRaw} (size ${latest.size}), so at least ${hours(latest.at - entry.at)} later: back-dated or recorded after the fact`,
    });
  }
  return problems;
}
