import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const ledgerTampered: Rule = {
  code: 'LEDGER_TAMPERED',
  severity: 'high',
  title: 'Ledger entry untrusted',
  description:
    'A ledger entry behind this use (its grant.opened or grant.closed line) fails verification or follows the ' +
    'first break in the hash chain: everything at or after the first failing line is untrusted.',
  check(use, ctx) {
    const firstBad = ctx.ledger.verification.firstBadLine;
    if (firstBad === null) return [];
    const lines = [use.grant?.source.line, use.closed?.source.line].filter(
      (line): line is number => line !== undefined && line >= firstBad,
    );
    if (lines.length === 0) return [];
    return finding(ledgerTampered,
      use.id,
      `ledger ${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} of ${use.id} ${lines.length === 1 ? 'is' : 'are'} at or after the first failing line ${firstBad}`,
    );
  },
};
