import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const ledgerTampered: Rule = {
  code: 'LEDGER_TAMPERED',
  severity: 'high',
  title: 'Ledger entry untrusted',
  description:
    'A ledger entry behind this use (any line naming its grant) fails verification or follows the ' +
    'first break in the hash chain: everything at or after the first failing line is untrusted.',
  check(use, ctx) {
    const firstBad = ctx.ledger.verification.firstBadLine;
    if (firstBad === null) return [];
    // Its own lines as the join kept them, and the last line naming its grant at all: a close
    // dropped as a bad field, or a repeated close with a broken hash, is still this use's entry.
    const last = use.grant ? ctx.ledger.lastLineOfGrant.get(use.grant.grant) : undefined;
    const lines = [...new Set([use.grant?.source.line, use.closed?.source.line, last])]
      .filter((line): line is number => line !== undefined && line >= firstBad)
      .sort((a, b) => a - b);
    if (lines.length === 0) return [];
    // uses.csv lists ledger_seq (0-based), the ledger's own numbering; file lines count from 1
    const seqOf = new Map<number, number>();
    for (const entry of [use.grant, use.closed]) if (entry) seqOf.set(entry.source.line, entry.seq);
    const named = lines.map((line) => (seqOf.has(line) ? `${line} (seq ${seqOf.get(line)})` : String(line)));
    return finding(ledgerTampered,
      use.id,
      `ledger ${lines.length === 1 ? 'line' : 'lines'} ${named.join(', ')} of ${use.id} ${lines.length === 1 ? 'is' : 'are'} at or after the first failing line ${firstBad}`,
    );
  },
};
