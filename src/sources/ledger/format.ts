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
  const verdict = v.ok
    ? `OK${warnings > 0 ? ` with ${warnings} warning(s)` : ''}`
    : `FAILED: ${errors} error(s), ${warnings} warning(s); ${
        checkpointsOnly(v)
          ? 'every entry is vouched for by a verified checkpoint: the problem lies in the checkpoints file'
          : v.firstBadLine !== null && v.firstBadLine > v.lines && v.problems.some((p) => p.code === 'truncated')
            ? `entries from line ${v.firstBadLine} on are missing (a checkpoint covers more than the ledger holds)`
            : v.firstBadLine !== null && v.firstBadLine > v.lines
              ? 'no entry is anchored by a verified checkpoint, and the checkpoints file does not verify'
            : `entries from line ${v.firstBadLine} on are untrusted`
      }`;
  lines.push(`${v.file}: ${verdict} — ${facts}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The errors are all in the checkpoints file and doubt no entry: a checkpoint a larger verified
 * one covers (a bad signature on an old line). Not a cut ledger, whose `truncated` also points
 * past the last line.
 */
function checkpointsOnly(v: LedgerVerification): boolean {
  const errors = v.problems.filter((p) => p.severity === 'error');
  return (
    v.firstBadLine !== null &&
    v.firstBadLine > v.lines &&
    v.checkpoints.lastVerified !== null &&
    errors.every((p) => p.file === v.checkpoints.file && p.code !== 'truncated')
  );
}
