import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import {
  addDays,
  formatLocal,
  formatUtc,
  isValidZone,
  localDate,
  parseDate,
  parseInstant,
  startOfDay,
  toEpochMs,
  isoToEpochMs,
} from './index.ts';

const T = Date.UTC(2026, 6, 6, 14, 12, 33); // 2026-07-06T14:12:33Z

describe('formatLocal', () => {
  it.each([
    ['summer New York', T, 'America/New_York', '2026-07-06T10:12:33-04:00'],
    ['winter New York', Date.UTC(2026, 0, 15, 14, 12, 33), 'America/New_York', '2026-01-15T09:12:33-05:00'],
    ['ms shown when non-zero', T + 123, 'America/New_York', '2026-07-06T10:12:33.123-04:00'],
    ['ms padded', T + 5, 'America/New_York', '2026-07-06T10:12:33.005-04:00'],
    ['UTC never Z', T, 'UTC', '2026-07-06T14:12:33+00:00'],
    ['London winter +00:00', Date.UTC(2026, 0, 15, 14, 12, 33), 'Europe/London', '2026-01-15T14:12:33+00:00'],
    ['London summer', T, 'Europe/London', '2026-07-06T15:12:33+01:00'],
    ['half-hour zone', T, 'Asia/Kolkata', '2026-07-06T19:42:33+05:30'],
    ['45-minute zone', T, 'Asia/Kathmandu', '2026-07-06T19:57:33+05:45'],
    ['negative half-hour', T, 'America/St_Johns', '2026-07-06T11:42:33-02:30'],
    ['+14', T, 'Pacific/Kiritimati', '2026-07-07T04:12:33+14:00'],
    ['fall-back first 01:30', Date.UTC(2026, 10, 1, 5, 30), 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['fall-back second 01:30', Date.UTC(2026, 10, 1, 6, 30), 'America/New_York', '2026-11-01T01:30:00-05:00'],
  ])('%s', (_name, instant, zone, expected) => {
    expect(formatLocal(instant, zone)).toBe(expected);
  });

  it('throws UsageError for a bad zone or instant', () => {
    expect(() => formatLocal(T, 'Nowhere/City')).toThrow(UsageError);
    expect(() => formatLocal(Number.NaN, 'UTC')).toThrow(UsageError);
  });
});

describe('formatUtc', () => {
  it.each([
    [T, '2026-07-06T14:12:33Z'],
    [T + 7, '2026-07-06T14:12:33.007Z'],
  ])('%s', (instant, expected) => expect(formatUtc(instant)).toBe(expected));
});

describe('parseInstant', () => {
  it.each([
    ['2026-07-06T14:12:33Z', T],
    ['2026-07-06t14:12:33z', T],
    ['2026-07-06T10:12:33-04:00', T],
    ['2026-07-06T19:42:33+05:30', T],
    ['2026-07-06T14:12:33.123Z', T + 123],
    ['2026-07-06T14:12:33.1Z', T + 100],
    ['2026-07-06T14:12:33.123456789Z', T + 123],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ])('%s', (text, expected) => expect(parseInstant(text, '--as-of')).toBe(expected));

  it.each([
    '2026-07-06T14:12:33', // no offset
    '2026-07-06',
    '2026-07-06T14:12Z',
    '2026-07-06T10:12:33-0400', // RFC 3339 needs the colon
    '2026-02-30T00:00:00Z',
    '2026-07-06T24:00:00Z',
    '2026-07-06T14:12:60Z',
    '2026-07-06T14:12:33+25:00',
    '1783347153000',
    'yesterday',
    '',
  ])('rejects %j naming the flag', (text) => {
    try {
      parseInstant(text, '--as-of');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).context.key).toBe('--as-of');
      expect((e as UsageError).message).toContain('--as-of');
    }
  });
});

describe('toEpochMs', () => {
  it.each<[unknown, number | undefined]>([
    ['2026-07-06T14:12:33Z', T],
    ['2026-07-06T10:12:33-04:00', T],
    ['2026-07-06T10:12:33.123-0400', T + 123], // Jira
    ['2026-07-06T14:12:33.000+0000', T],
    [T, T],
    [String(T), T],
    [` ${T} `, T],
    [0, 0],
    ['2026-07-06', undefined],
    ['2026-07-06T14:12:33', undefined],
    ['2026-02-30T00:00:00Z', undefined],
    ['not a date', undefined],
    ['12.5', undefined],
    ['', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [1e20, undefined],
    [null, undefined],
    [undefined, undefined],
    [{}, undefined],
    [new Date(T), undefined],
    [true, undefined],
  ])('%j → %s', (value, expected) => {
    expect(toEpochMs(value)).toBe(expected);
  });
});

describe('isoToEpochMs', () => {
  it.each<[string, number | undefined]>([
    ['2026-07-06T10:12:33.123-0400', T + 123], // Jira
    ['2026-07-06T14:12:33Z', T],
    ['2026-07-06T10:12:33-04:00', T],
    [` 2026-07-06T14:12:33Z `, T],
    [String(T), undefined], // epoch ms is toEpochMs' business, not Jira's
    ['1783000000', undefined],
    ['2026-07-06', undefined],
    ['2026-07-06T14:12:33', undefined],
    ['', undefined],
  ])('%j → %s', (value, expected) => {
    expect(isoToEpochMs(value)).toBe(expected);
  });
});

describe('parseDate', () => {
  it('accepts real dates and returns them', () => {
    expect(parseDate('2028-02-29', '--from')).toBe('2028-02-29');
  });
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-7-1', '2026-07-01T00:00:00Z', ''])('rejects %j', (text) => {
    expect(() => parseDate(text, '--since')).toThrow(/--since/);
    expect(() => parseDate(text, '--since')).toThrow(UsageError);
  });
});

describe('startOfDay / localDate', () => {
  it.each([
    ['2026-03-08', 'America/New_York', '2026-03-08T00:00:00-05:00'],
    ['2026-03-09', 'America/New_York', '2026-03-09T00:00:00-04:00'],
    ['2026-11-01', 'America/New_York', '2026-11-01T00:00:00-04:00'],
    ['2026-11-02', 'America/New_York', '2026-11-02T00:00:00-05:00'],
    ['2026-09-06', 'America/Santiago', '2026-09-06T01:00:00-03:00'], // midnight skipped
    ['2026-03-08', 'America/Havana', '2026-03-08T01:00:00-04:00'], // midnight skipped
    ['2026-07-06', 'Pacific/Kiritimati', '2026-07-06T00:00:00+14:00'],
    ['2026-07-06', 'Pacific/Pago_Pago', '2026-07-06T00:00:00-11:00'],
  ])('%s in %s', (date, zone, expected) => {
    const t = startOfDay(date, zone);
    expect(formatLocal(t, zone)).toBe(expected);
    expect(localDate(t, zone)).toBe(date);
    expect(localDate(t - 1, zone)).toBe(addDays(date, -1));
  });

  it('localDate depends on the zone, not the process', () => {
    expect(localDate(Date.UTC(2026, 6, 7, 2), 'America/New_York')).toBe('2026-07-06');
    expect(localDate(Date.UTC(2026, 6, 7, 2), 'UTC')).toBe('2026-07-07');
    expect(localDate(Date.UTC(2026, 6, 6, 11), 'Pacific/Kiritimati')).toBe('2026-07-07');
  });

  it('rejects bad input with UsageError', () => {
    expect(() => startOfDay('2026-02-30', 'UTC')).toThrow(UsageError);
    expect(() => startOfDay('2026-02-03', 'Bad/Zone')).toThrow(UsageError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-07', 2, '2026-03-09'], // across DST in every zone: pure calendar math
  ])('%s + %i = %s', (date, n, expected) => expect(addDays(date, n)).toBe(expected));
});

describe('isValidZone', () => {
  it.each([
    ['America/New_York', true],
    ['UTC', true],
    ['Europe/Berlin', true],
    ['Mars/Olympus', false],
    ['', false],
    ['+05:00', false],
    ['local', false],
  ])('%s → %s', (zone, expected) => expect(isValidZone(zone)).toBe(expected));
});
