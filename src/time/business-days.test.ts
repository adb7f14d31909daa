import { describe, expect, it } from 'vitest';
import { businessDaysBetween, formatLocal, isBusinessDay, parseInstant, slaDueAt } from './index.ts';

const NY = 'America/New_York';
const HOLIDAYS = new Set(['2026-01-01', '2026-07-03', '2026-12-25']);
const at = (s: string) => parseInstant(s, 'test');

describe('isBusinessDay', () => {
  it.each([
    ['2026-07-06', true], // Mon
    ['2026-07-10', true], // Fri
    ['2026-07-11', false], // Sat
    ['2026-07-12', false], // Sun
    ['2026-07-03', false], // Fri, holiday
    ['2026-12-25', false], // holiday
    ['2028-02-29', true], // leap day, Tue
  ])('%s → %s', (date, expected) => {
    expect(isBusinessDay(date, HOLIDAYS)).toBe(expected);
  });
});

describe('slaDueAt', () => {
  it.each([
    // name, clock start, N, zone, due (formatted in zone)
    ['brief example: Fri holiday start', '2026-07-03T10:00:00-04:00', 2, NY, '2026-07-08T00:00:00-04:00'],
    ['ordinary Monday', '2026-07-06T10:00:00-04:00', 2, NY, '2026-07-09T00:00:00-04:00'],
    ['Thursday over the weekend', '2026-07-09T10:00:00-04:00', 2, NY, '2026-07-14T00:00:00-04:00'],
    ['Saturday start → Mon is first', '2026-07-11T10:00:00-04:00', 1, NY, '2026-07-14T00:00:00-04:00'],
    ['Sunday start', '2026-07-12T23:59:59-04:00', 2, NY, '2026-07-15T00:00:00-04:00'],
    ['N=0 → next midnight', '2026-07-06T10:00:00-04:00', 0, NY, '2026-07-07T00:00:00-04:00'],
    ['N=0 on a Saturday → Sunday midnight', '2026-07-11T10:00:00-04:00', 0, NY, '2026-07-12T00:00:00-04:00'],
    ['local date, not UTC date (late evening NY)', '2026-07-06T23:30:00-04:00', 1, NY, '2026-07-08T00:00:00-04:00'],
    ['spring DST: due lands after 2026-03-08', '2026-03-05T15:00:00-05:00', 2, NY, '2026-03-10T00:00:00-04:00'],
    ['spring DST: start on the DST Sunday', '2026-03-08T12:00:00-04:00', 1, NY, '2026-03-10T00:00:00-04:00'],
    ['fall DST: start on the DST Sunday', '2026-11-01T01:30:00-05:00', 1, NY, '2026-11-03T00:00:00-05:00'],
    ['fall DST: due crosses 2026-11-01', '2026-10-29T09:00:00-04:00', 2, NY, '2026-11-03T00:00:00-05:00'],
    ['year end with holidays', '2026-12-24T09:00:00-05:00', 2, NY, '2026-12-30T00:00:00-05:00'],
    ['leap day', '2028-02-28T09:00:00-05:00', 1, NY, '2028-03-01T00:00:00-05:00'],
    ['Havana: due day has no midnight', '2026-03-07T09:00:00-05:00', 0, 'America/Havana', '2026-03-08T01:00:00-04:00'],
  ])('%s', (_name, start, n, zone, due) => {
    expect(formatLocal(slaDueAt(at(start), n, zone, HOLIDAYS), zone)).toBe(due);
  });

  it('Santiago: due on a day whose midnight does not exist → first existing instant', () => {
    // 2026-09-06 00:00 in America/Santiago is skipped (clocks jump to 01:00).
    const due = slaDueAt(at('2026-09-05T12:00:00-04:00'), 0, 'America/Santiago', new Set());
    expect(formatLocal(due, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(due).toBe(at('2026-09-06T04:00:00Z'));
    // Friday + 1 business day = Monday 09-07; due = 00:00 Tue 09-08 (after the jump).
    const due3 = slaDueAt(at('2026-09-04T12:00:00-04:00'), 1, 'America/Santiago', new Set());
    expect(formatLocal(due3, 'America/Santiago')).toBe('2026-09-08T00:00:00-03:00');
  });

  it('the 00:00 boundary: completed exactly at due is late, 1 ms before is on time', () => {
    const due = slaDueAt(at('2026-07-03T10:00:00-04:00'), 2, NY, HOLIDAYS);
    const onTime = (completed: number) => completed < due;
    expect(onTime(at('2026-07-08T00:00:00-04:00'))).toBe(false);
    expect(onTime(at('2026-07-07T23:59:59.999-04:00'))).toBe(true);
  });
});

describe('businessDaysBetween', () => {
  it.each([
    ['same day', '2026-07-06T09:00:00-04:00', '2026-07-06T17:00:00-04:00', 0],
    ['next day', '2026-07-06T09:00:00-04:00', '2026-07-07T08:00:00-04:00', 1],
    ['Fri → Mon', '2026-07-10T09:00:00-04:00', '2026-07-13T08:00:00-04:00', 1],
    ['Fri → Sun', '2026-07-10T09:00:00-04:00', '2026-07-12T08:00:00-04:00', 0],
    ['Thu → Mon over holiday Fri', '2026-07-02T09:00:00-04:00', '2026-07-06T08:00:00-04:00', 1],
    ['two weeks', '2026-07-06T09:00:00-04:00', '2026-07-20T09:00:00-04:00', 10],
    ['local dates, not UTC dates', '2026-07-06T21:00:00-04:00', '2026-07-07T21:00:00-04:00', 1],
    ['across spring DST', '2026-03-06T09:00:00-05:00', '2026-03-09T09:00:00-04:00', 1],
    ['across fall DST', '2026-10-30T09:00:00-04:00', '2026-11-02T09:00:00-05:00', 1],
    ['completed before start', '2026-07-08T09:00:00-04:00', '2026-07-06T09:00:00-04:00', 0],
  ])('%s', (_name, start, completed, expected) => {
    expect(businessDaysBetween(at(start), at(completed), NY, HOLIDAYS)).toBe(expected);
  });
});

describe('remembered answers', () => {
  it('are kept per holiday set and per zone: the same dates with other holidays or another zone get their own answer', () => {
    const start = parseInstant('2026-07-02T15:00:00Z', 'start'); // Thu
    const done = parseInstant('2026-07-07T15:00:00Z', 'done'); // Tue
    const none = new Set<string>();
    const july3 = new Set(['2026-07-03']);
    for (let round = 0; round < 2; round++) {
      expect(businessDaysBetween(start, done, 'America/New_York', none)).toBe(3); // Fri, Mon, Tue
      expect(businessDaysBetween(start, done, 'America/New_York', july3)).toBe(2);
      expect(slaDueAt(start, 2, 'America/New_York', none)).toBe(parseInstant('2026-07-07T00:00:00-04:00', 'due'));
      expect(slaDueAt(start, 2, 'America/New_York', july3)).toBe(parseInstant('2026-07-08T00:00:00-04:00', 'due'));
      // already Fri 3 July in Tokyo: Mon 6 and Tue 7 follow
      expect(slaDueAt(start, 2, 'Asia/Tokyo', none)).toBe(parseInstant('2026-07-08T00:00:00+09:00', 'due'));
    }
  });
});
