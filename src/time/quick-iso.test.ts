import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickIso, toEpochMs, toEpochMsByPattern } from './parse.ts';

/** Two digits, mostly in range, sometimes not (00, 13, 24, 31, 60, 99). */
const twoDigits = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constantFrom(0, 12, 13, 23, 24, 28, 29, 30, 31, 59, 60)).map((n) => String(n).padStart(2, '0'));
const year = fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 99, 100, 1900, 2000, 2024, 2026, 2100, 9999)).map((n) => String(n).padStart(4, '0'));
const fraction = fc.oneof(fc.constant(''), fc.constant('.'), fc.stringMatching(/^\.\d{1,12}$/));
const offset = fc.oneof(
  fc.constantFrom('Z', 'z', '', '+00:00', '-04:00', '+0530', '-0000', '+24:00', '-23:59', '+12:60', '+1', '-04:0', '+04:000'),
  fc.tuple(fc.constantFrom('+', '-'), twoDigits, fc.constantFrom(':', ''), twoDigits).map((parts) => parts.join('')),
);
const iso = fc
  .tuple(year, fc.constantFrom('-'), twoDigits, fc.constantFrom('-'), twoDigits, fc.constantFrom('T', 't', ' '), twoDigits, fc.constantFrom(':'), twoDigits, fc.constantFrom(':'), twoDigits, fraction, offset)
  .map((parts) => parts.join(''));
/** An ISO-looking text with one character replaced, inserted or removed. */
const mutated = fc.tuple(iso, fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.constantFrom('0', '9', '-', ':', '.', 'T', 'Z', '+', ' ', 'x', '٣', '\u0000')).map(([text, at, how, c]) => {
  const i = at % (text.length + 1);
  if (how === 'insert') return text.slice(0, i) + c + text.slice(i);
  if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + c + text.slice(i + 1);
});

describe('quickIso (the digit-by-digit fast path of toEpochMs)', () => {
  it('gives what the pattern path gives, or leaves the text to it', () => {
    fc.assert(
      fc.property(fc.oneof(iso, mutated, fc.string()), (text) => {
        const quick = quickIso(text);
        const byPattern = toEpochMsByPattern(text);
        if (quick !== undefined) expect(quick).toBe(byPattern);
        expect(toEpochMs(text)).toBe(byPattern);
        expect(toEpochMs(` ${text}\n`)).toBe(toEpochMsByPattern(` ${text}\n`));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the shapes Jira, GitHub and RFC 3339 write', () => {
    expect(quickIso('2026-07-06T10:12:33.123-0400')).toBe(Date.UTC(2026, 6, 6, 14, 12, 33, 123));
    expect(quickIso('2026-07-01T04:16:34.551Z')).toBe(Date.UTC(2026, 6, 1, 4, 16, 34, 551));
    expect(quickIso('2026-07-06T10:12:33+05:30')).toBe(Date.UTC(2026, 6, 6, 4, 42, 33));
    expect(quickIso('2024-02-29t23:59:59.9999z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(quickIso('2026-07-06T10:12:33.5-0400')).toBe(Date.UTC(2026, 6, 6, 14, 12, 33, 500));
  });

  it('leaves every other text to the pattern path', () => {
    for (const text of ['2026-02-29T00:00:00Z', '2026-07-06T24:00:00Z', '2026-07-06T10:12:60Z', '2026-07-06T10:12:33', '2026-07-06T10:12:33.Z', '0099-01-01T00:00:00Z', '2026-07-06T10:12:33+24:00', '2026-07-06 10:12:33Z', '1782864013091']) {
      expect(quickIso(text)).toBeUndefined();
    }
    // a year below 100 is the pattern path's (Date.UTC would read it as 19xx)
    expect(toEpochMs('0099-01-01T00:00:00Z')).toBe(toEpochMsByPattern('0099-01-01T00:00:00Z'));
    expect(toEpochMs('0099-01-01T00:00:00Z')).toBeLessThan(Date.UTC(1000, 0, 1));
  });
});
