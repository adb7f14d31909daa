import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chain, grantOpened, refHash } from '../../../test/ledger/build.ts';
import type { Body } from '../../../test/ledger/build.ts';
import { storedEntryHash, unhashableReason } from './hash.ts';
import { quickEntry } from './quick-entry.ts';
import { parseRfc3339 } from './rfc3339.ts';
import { HASH_PATTERN, toLedgerEntry, validateStoredLine } from './schema.ts';

const SOURCE = { file: 'ledger.jsonl', line: 7 };

const bases: Body[] = chain([
  grantOpened({ approver: 'bob' }),
  { type: 'grant.closed', at: '2026-07-01T18:00:00.250-04:00', grant: 'BG-1', reason: 'done' },
  { type: 'waiver.granted', at: '2026-07-01T10:00:00Z', waiver: 'W', gate: 'g', actor: 'bot', expiresAt: '2026-07-30T00:00:00Z', justification: 'x' },
  { type: 'waiver.revoked', at: '2026-07-02T10:00:00Z', waiver: 'W' },
]);

const FIELDS = ['schema', 'seq', 'type', 'at', 'prev', 'hash', 'grant', 'actor', 'gate', 'scope', 'expiresAt', 'justification', 'incident', 'review', 'approver', 'reason', 'waiver', 'extra', '__proto__'];
const VALUES: unknown[] = [
  undefined, null, '', '  ', 'x', 0, -1, 0.5, 2 ** 53, true, false, {}, [], { a: 1 }, '\ud800', 'a\nb', 'x\u2028', 'tab\t', 'gh-1',
  'glasstrail.ledger/v1', 'glasstrail.ledger/v2', 'grant.opened', 'grant.closed', 'waiver.granted', 'waiver.revoked', 'grant.extended',
  'gate', 'repo', 'org-admin', 'everything',
  '2026-07-01T10:00:00Z', '2026-02-30T10:00:00Z', '2026-07-01T10:00:00', '2026-07-01T10:00:00.123456789+05:30', '0050-01-01T00:00:00Z',
  `sha256:${'a'.repeat(64)}`, `sha256:${'A'.repeat(64)}`,
];

/** What the zod path decides: the entry, or undefined when the line is refused. */
function slowEntry(obj: Record<string, unknown>): unknown {
  if (unhashableReason(obj) !== undefined || !validateStoredLine(obj).ok) return undefined;
  return toLedgerEntry(obj, SOURCE);
}

function mutate(base: Body, changes: [string, unknown][]): Record<string, unknown> {
  // Through JSON, as the reader gets it: undefined drops the key, `__proto__` stays an own key.
  const text = JSON.stringify(base).slice(0, -1) + changes.map(([k, v]) => (v === undefined ? '' : `,${JSON.stringify(k)}:${JSON.stringify(v)}`)).join('') + '}';
  const obj = JSON.parse(text) as Record<string, unknown>;
  for (const [k, v] of changes) if (v === undefined) delete obj[k];
  return obj;
}

function hashesValid(obj: Record<string, unknown>): boolean {
  return [obj.prev, obj.hash].every((v) => typeof v === 'string' && HASH_PATTERN.test(v));
}

describe('quickEntry (the fast path) agrees with zod', () => {
  it.each(bases.map((b) => [b.type, b] as const))('takes a well-formed %s line and builds the same entry', (_type, base) => {
    const obj = mutate(base, []);
    const entry = quickEntry(obj, SOURCE, true);
    expect(entry).toBeDefined();
    expect(entry).toEqual(slowEntry(obj));
  });

  it('accepts a line only when zod and unhashableReason accept it, with an equal entry', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...VALUES)), { minLength: 1, maxLength: 3 }),
        (base, changes) => {
          const obj = mutate(base, changes);
          const entry = quickEntry(obj, SOURCE, hashesValid(obj));
          if (entry !== undefined) {
            taken++;
            expect(entry).toEqual(slowEntry(obj));
          }
        },
      ),
      { numRuns: 5000 },
    );
    // Many mutations keep the line valid (another optional text, a blank expiry, …): the fast path must take some.
    expect(taken).toBeGreaterThan(200);
  });

  it.each<[string, Body]>([
    ['a nested extra field (left to zod, which allows it)', { extra: { a: 1 } }],
    ['a non-integer number', { extra: 1.5 }],
    ['a lone surrogate', { justification: '\ud800' }],
    ['a bad instant', { at: '2026-02-30T10:00:00Z' }],
  ])('leaves %s to the slow path', (_name, change) => {
    const obj = mutate(bases[0]!, Object.entries(change));
    expect(quickEntry(obj, SOURCE, true)).toBeUndefined();
  });

  it('does nothing when the caller found prev or hash malformed', () => {
    expect(quickEntry(mutate(bases[0]!, []), SOURCE, false)).toBeUndefined();
  });
});

describe('storedEntryHash', () => {
  it.each<[string, Body]>([
    ['a flat line', bases[0]!],
    ['odd keys and values', { ...bases[1]!, 'é': 'ü', '10': 1, '2': -0, z: null, b: true, '\u20ac': '"\\\n' }],
    ['a nested extra field (canonicalize path)', { ...bases[2]!, extra: { b: [1, 'x'], a: null } }],
  ])('equals the reference JCS hash for %s', (_name, obj) => {
    const { hash: _hash, ...body } = obj;
    expect(storedEntryHash(obj)).toBe(refHash(body));
  });
});

describe('parseRfc3339 fast arithmetic', () => {
  it('matches Date for any instant written as toISOString does (3-digit ms, Z)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        expect(parseRfc3339(date.toISOString())).toBe(date.getTime());
      }),
      { numRuns: 2000 },
    );
  });
});
