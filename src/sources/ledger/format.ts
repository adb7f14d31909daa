import type { LedgerVerification } from '../../domain/ledger.ts';

/** Human output of `ledger verify`: one `file:line: code: message` per problem, then a summary line. */
export function formatVerification(v: LedgerVerification): string {
  const lines = v.problems.map((p) => `${p.file}:${p.line}: ${p.code}: ${p.message}`);
  const errors = v.problems.filter((p) => p.severity === 'error').length;
  const warnings = v.problems.length - errors;
  const cp = v.checkpoints.lastVerified;
  const anchoring =
    v.checkpoints.file === null
      ? 'no checkpoints file'
      : `${v.checkpoints.count} checkpoint(s), ${cp ? `last verified covers ${cp.size} (line ${cp.line})` : 'none verified'}`;
  const facts = `${v.lines} line(s), ${v.entries} well-formed entr${v.entries === 1 ? 'y' : 'ies'}, head ${v.head ?? 'none'}, ${anchoring}, ${v.unanchored} unanchored`;
  const verdict = v.ok ? `OK${warnings > 0 ? ` with ${warnings} warning(s)` : ''}` : `FAILED: ${errors} error(s), ${warnings} warning(s); ${untrusted(v)}`;
  lines.push(`${v.file}: ${verdict} — ${facts}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Which entries a failed verification doubts. `firstBadLine` past the last line doubts none of
 * them: a cut ledger (a checkpoint covers more than it holds), or a problem in the checkpoints
 * file alone, which a verified checkpoint covering every entry rules out of the ledger.
 */
function untrusted(v: LedgerVerification): string {
  if (v.firstBadLine === null || v.firstBadLine <= v.lines) return `entries from line ${v.firstBadLine} on are untrusted`;
  const errors = v.problems.filter((p) => p.severity === 'error');
  if (errors.some((p) => p.code === 'truncated')) return `entries from line ${v.firstBadLine} on are missing (a checkpoint covers more than the ledger holds)`;
  if (v.checkpoints.lastVerified !== null && errors.every((p) => p.file === v.checkpoints.file)) {
    return 'every entry is vouched for by a verified checkpoint: the problem lies in the checkpoints file';
  }
  return 'no entry is anchored by a verified checkpoint, and the checkpoints file does not verify';
}
