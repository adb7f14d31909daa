/**
 * Ledger lines through verifyLedgerText: random ledger-shaped objects (valid entries with fields
 * deleted, retyped or added) and damaged valid chains. Verification never throws, and every
 * problem names the file and a line that exists (or the line just after the end).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyLedgerText } from '../../src/sources/ledger/index.ts';
import { chain, toText } from '../ledger/build.ts';
import { edits, mutated } from './arbitraries.ts';
import { applyEdit } from './errors.ts';

const FILE = 'ledger/breakglass.jsonl';
const GRANT = {
  type: 'grant.opened', at: '2026-07-06T14:02:00Z', grant: 'BG-1', actor: 'alice', gate: 'payments-main', scope: 'gate',
  expiresAt: '2026-07-06T18:02:00Z', justification: 'hotfix', incident: 'INC-1', review: 'BGR-1', approver: 'bob',
};
const CLOSED = { type: 'grant.closed', at: '2026-07-06T15:00:00Z', grant: 'BG-1', reason: 'done' };
const WAIVER = { type: 'waiver.granted', at: '2026-07-06T15:00:00Z', waiver: 'WV-1', gate: 'payments-main', expiresAt: '2026-08-01T00:00:00Z', justification: 'migration' };
const REVOKED = { type: 'waiver.revoked', at: '2026-07-07T15:00:00Z', waiver: 'WV-1' };
const VALID = toText(chain([GRANT, CLOSED, WAIVER, REVOKED]));

function checkLocated(text: string): boolean {
  const read = verifyLedgerText(text, FILE);
  const lines = text.split('\n').length;
  for (const problem of read.verification.problems) {
    expect(problem.file).toBe(FILE);
    expect(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= lines + 1, JSON.stringify(problem)).toBe(true);
    expect(problem.message.length).toBeGreaterThan(0);
  }
  return read.verification.ok;
}

describe('verifyLedgerText on hostile lines', () => {
  it('a valid chain verifies (the property is not vacuous)', () => {
    expect(checkLocated(VALID)).toBe(true);
  });

  it('chained objects with fields deleted, retyped or added: never throws, problems located', () => {
    const body = fc.oneof(mutated(GRANT), mutated(CLOSED), mutated(WAIVER), mutated(REVOKED));
    let failed = 0;
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 5 }), (bodies) => {
        // chained properly, so only the field damage can be wrong
        if (!checkLocated(toText(chain(bodies)))) failed += 1;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(failed).toBeGreaterThan(30);
  });

  it('a valid chain with random edits: never throws, problems located, a changed chain passes only as a prefix', () => {
    fc.assert(
      fc.property(edits, (changes) => {
        const text = changes.reduce(applyEdit, VALID);
        const ok = checkLocated(text);
        // Whitespace-only damage may leave the same entries; anything else must not verify.
        const same = text.split('\n').filter((l) => l.trim() !== '').join('\n') === VALID.trim();
        if (!same && ok) {
          // A passing text holds the original entries or a prefix of them: dropping the tail is the
          // one change a chain cannot see on its own (checkpoints catch it; see the ledger tests).
          const hashes = verifyLedgerText(text, FILE).entries.map((e) => e.hash);
          expect(hashes).toEqual(chain([GRANT, CLOSED, WAIVER, REVOKED]).map((o) => o.hash).slice(0, hashes.length));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
