import type { KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerRead } from '../../domain/ledger.ts';
import { chain, checkpoint, makeKey, sampleBodies, toText } from '../../../test/ledger/build.ts';
import { decodeLossy, invalidUtf8Lines, splitLines } from './lines.ts';
import { verifyLedger, verifyLedgerText } from './verify.ts';

const key = makeKey();
const keys = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
const objs = chain(sampleBodies(5));
const text = toText(objs);
const cps = toText([checkpoint(objs, 3, key)]);

/** Invariants every result must keep, whatever the input. */
function checkShape(read: LedgerRead): void {
  const v = read.verification;
  const errors = v.problems.filter((p) => p.severity === 'error');
  expect(v.ok).toBe(errors.length === 0);
  expect(v.firstBadLine === null).toBe(v.ok);
  expect(v.entries).toBe(read.entries.length);
  expect(JSON.parse(JSON.stringify(v))).toEqual(v);
}

describe('verification never throws', () => {
  it('on random text in the ledger and the checkpoints', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 200 }), (ledger, checkpoints) => {
        checkShape(verifyLedgerText(ledger, 'l', { text: checkpoints, file: 'c' }, keys));
      }),
      { numRuns: 400 },
    );
  });

  it('on random bytes, decoded as the reader does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkShape(verifyLedger({ text: decodeLossy(bytes), file: 'l', invalidUtf8: invalidUtf8Lines(bytes) }));
      }),
      { numRuns: 300 },
    );
  });

  it('on JSON-shaped junk lines', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), (values) => {
        checkShape(verifyLedgerText(values.map((v) => JSON.stringify(v) ?? '').join('\n'), 'l'));
      }),
      { numRuns: 300 },
    );
  });

  it('only passes a mutated valid ledger when its content is unchanged', () => {
    const original = splitLines(text).map((l) => JSON.parse(l.text) as unknown);
    fc.assert(
      fc.property(
        fc.nat(text.length - 1),
        fc.constantFrom('delete', 'insert', 'replace'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
        (at, op, chars) => {
          const mutated =
            op === 'delete' ? text.slice(0, at) + text.slice(at + 1) : op === 'insert' ? text.slice(0, at) + chars + text.slice(at) : text.slice(0, at) + chars + text.slice(at + chars.length);
          const read = verifyLedgerText(mutated, 'l', { text: cps, file: 'c' }, keys);
          checkShape(read);
          if (read.verification.ok) {
            // Only meaning-preserving edits (JSON whitespace, the final newline) may pass.
            expect(splitLines(mutated).map((l) => JSON.parse(l.text) as unknown)).toEqual(original);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
