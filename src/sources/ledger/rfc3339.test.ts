import { describe, expect, it } from 'vitest';
import { formatRfc3339Utc, parseRfc3339 } from './rfc3339.ts';

describe('parseRfc3339', () => {
  it.each<[string, number]>([
    ['2026-07-06T14:12:33Z', Date.UTC(2026, 6, 6, 14, 12, 33)],
    ['2026-07-06t14:12:33z', Date.UTC(2026, 6, 6, 14, 12, 33)],
    ['2026-07-06T10:12:33-04:00', Date.UTC(2026, 6, 6, 14, 12, 33)],
    ['2026-07-06T19:42:33.5+05:30', Date.UTC(2026, 6, 6, 14, 12, 33, 500)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0099-01-01T00:00:00Z', -59042995200000],
  ])('%s → %d', (text, ms) => {
    expect(parseRfc3339(text)).toBe(ms);
  });

  it.each(['2026-07-06', '2026-07-06T14:12:33', '2026-07-06 14:12:33Z', '2026-13-01T00:00:00Z', '2025-02-29T00:00:00Z', '2026-07-06T24:00:00Z', '2026-07-06T14:12:60Z', '2026-07-06T14:12:33+0400', '2026-07-06T14:12:33+24:00', ' 2026-07-06T14:12:33Z', '1751811153000'])(
    '%s is refused',
    (text) => {
      expect(parseRfc3339(text)).toBeUndefined();
    },
  );
});

describe('formatRfc3339Utc', () => {
  it('prints Z and milliseconds only when non-zero', () => {
    expect(formatRfc3339Utc(Date.UTC(2026, 7, 1, 4, 5))).toBe('2026-08-01T04:05:00Z');
    expect(formatRfc3339Utc(Date.UTC(2026, 7, 1, 4, 5, 0, 7))).toBe('2026-08-01T04:05:00.007Z');
  });
});
