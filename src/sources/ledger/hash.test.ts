import { describe, expect, it } from 'vitest';
import { chain, grantOpened, refHash, refJcs } from '../../../test/ledger/build.ts';
import { entryHash, jcs, omitKey, unhashableReason } from './hash.ts';

describe('jcs (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Compare text, not parsed keys: JS objects list integer-like keys ("1") first.
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'] as const;
    const expected = `{${order.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k])}`).join(',')}}`;
    expect(jcs(input)).toBe(expected);
    expect(jcs(input)).toBe(refJcs(input));
  });

  it('serialises numbers, strings and literals as RFC 8785 §3.2.2 shows', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(jcs(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it.each([
    [1e21, '1e+21'],
    [-0, '0'],
    [1e-7, '1e-7'],
    [9007199254740991, '9007199254740991'],
  ])('number %s → %s', (value, expected) => {
    expect(jcs(value)).toBe(expected);
    expect(refJcs(value)).toBe(expected);
  });

  it('refuses lone surrogates', () => {
    expect(() => jcs({ a: '\ud800' })).toThrow();
  });
});

describe('entryHash', () => {
  it('matches the independent implementation on real entries, non-ASCII included', () => {
    const objs = chain([grantOpened({ justification: 'Zoë Ångström 承認 😀', extra: { nested: [1, 'x', null] } }), grantOpened()]);
    for (const obj of objs) {
      const withoutHash = omitKey(obj, 'hash');
      expect(entryHash(withoutHash)).toBe(refHash(withoutHash));
      expect(entryHash(withoutHash)).toBe(obj.hash);
    }
  });

  it('is "sha256:" + 64 lowercase hex, stable under key order', () => {
    const a = entryHash({ b: 1, a: 'x' });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(entryHash({ a: 'x', b: 1 })).toBe(a);
  });
});

describe('unhashableReason', () => {
  it.each([
    [{ a: 1.5 }, /a: numbers must be safe integers/],
    [{ a: [1, 2 ** 60] }, /a\[1\]: numbers must be safe integers/],
    [{ a: { b: '\udc00' } }, /a\.b: string contains a lone surrogate/],
    [{ '\ud800': 'x' }, /key contains a lone surrogate/],
  ])('%j is refused', (value, message) => {
    expect(unhashableReason(value)).toMatch(message);
  });

  it('accepts strings, safe integers, booleans, null and nesting', () => {
    expect(unhashableReason({ a: 'x', b: -3, c: [true, null, { d: 0 }] })).toBeUndefined();
  });

  it('does not overflow the stack on deep nesting', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}1.5${']'.repeat(100_000)}`) as unknown;
    expect(unhashableReason(deep)).toMatch(/numbers must be safe integers/);
  });
});
