import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { formatLocal, monthsOf, parsePeriod, type PeriodArgs } from './index.ts';

const NY = 'America/New_York';

describe('parsePeriod layouts', () => {
  it.each<[string, PeriodArgs, string, string, string, string, string]>([
    // name, args, zone, label, start, end (formatted in zone), lastDay
    ['Q3 summer', { quarter: '2026-Q3' }, NY, '2026-Q3', '2026-07-01T00:00:00-04:00', '2026-10-01T00:00:00-04:00', '2026-09-30'],
    ['Q4 ends next Jan 1', { quarter: '2026-Q4' }, NY, '2026-Q4', '2026-10-01T00:00:00-04:00', '2027-01-01T00:00:00-05:00', '2026-12-31'],
    ['Q1 spans spring DST', { quarter: '2026-Q1' }, NY, '2026-Q1', '2026-01-01T00:00:00-05:00', '2026-04-01T00:00:00-04:00', '2026-03-31'],
    ['lowercase q', { quarter: '2026-q2' }, 'UTC', '2026-Q2', '2026-04-01T00:00:00+00:00', '2026-07-01T00:00:00+00:00', '2026-06-30'],
    ['March (DST month)', { month: '2026-03' }, NY, '2026-03', '2026-03-01T00:00:00-05:00', '2026-04-01T00:00:00-04:00', '2026-03-31'],
    ['November (DST month)', { month: '2026-11' }, NY, '2026-11', '2026-11-01T00:00:00-04:00', '2026-12-01T00:00:00-05:00', '2026-11-30'],
    ['leap February', { month: '2028-02' }, NY, '2028-02', '2028-02-01T00:00:00-05:00', '2028-03-01T00:00:00-05:00', '2028-02-29'],
    ['plain February', { month: '2026-02' }, 'UTC', '2026-02', '2026-02-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00', '2026-02-28'],
    ['December', { month: '2026-12' }, 'Asia/Tokyo', '2026-12', '2026-12-01T00:00:00+09:00', '2027-01-01T00:00:00+09:00', '2026-12-31'],
    ['range inclusive', { from: '2026-07-01', to: '2026-09-30' }, NY, '2026-07-01_2026-09-30', '2026-07-01T00:00:00-04:00', '2026-10-01T00:00:00-04:00', '2026-09-30'],
    ['range one day', { from: '2026-11-01', to: '2026-11-01' }, NY, '2026-11-01_2026-11-01', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', '2026-11-01'],
    ['range leap day', { from: '2028-02-29', to: '2028-02-29' }, 'UTC', '2028-02-29_2028-02-29', '2028-02-29T00:00:00+00:00', '2028-03-01T00:00:00+00:00', '2028-02-29'],
    ['Santiago month with missing midnight', { month: '2026-09' }, 'America/Santiago', '2026-09', '2026-09-01T00:00:00-04:00', '2026-10-01T00:00:00-03:00', '2026-09-30'],
  ])('%s', (_name, args, zone, label, start, end, lastDay) => {
    const p = parsePeriod(args, zone);
    expect(p.label).toBe(label);
    expect(p.zone).toBe(zone);
    expect(formatLocal(p.start, zone)).toBe(start);
    expect(formatLocal(p.end, zone)).toBe(end);
    expect(p.lastDay).toBe(lastDay);
    expect(p.firstDay).toBe(start.slice(0, 10));
  });

  it('kind follows the flag', () => {
    expect(parsePeriod({ quarter: '2026-Q3' }, 'UTC').kind).toBe('quarter');
    expect(parsePeriod({ month: '2026-07' }, 'UTC').kind).toBe('month');
    expect(parsePeriod({ from: '2026-07-01', to: '2026-07-02' }, 'UTC').kind).toBe('range');
  });

  it('March in New York is one hour shorter than 31 days, November one hour longer', () => {
    const march = parsePeriod({ month: '2026-03' }, NY);
    const nov = parsePeriod({ month: '2026-11' }, NY);
    expect(march.end - march.start).toBe(31 * 86_400_000 - 3_600_000);
    expect(nov.end - nov.start).toBe(30 * 86_400_000 + 3_600_000);
  });
});

describe('parsePeriod errors', () => {
  it.each<[string, PeriodArgs, string, string | undefined]>([
    ['month 13', { month: '2026-13' }, 'UTC', '--month'],
    ['month 00', { month: '2026-00' }, 'UTC', '--month'],
    ['month with day', { month: '2026-07-01' }, 'UTC', '--month'],
    ['quarter 5', { quarter: '2026-Q5' }, 'UTC', '--quarter'],
    ['quarter 0', { quarter: '2026-Q0' }, 'UTC', '--quarter'],
    ['quarter short year', { quarter: '26-Q1' }, 'UTC', '--quarter'],
    ['from after to', { from: '2026-07-02', to: '2026-07-01' }, 'UTC', '--from'],
    ['bad from', { from: '2026-02-30', to: '2026-03-01' }, 'UTC', '--from'],
    ['bad to', { from: '2026-02-01', to: '2026-3-1' }, 'UTC', '--to'],
    ['from without to', { from: '2026-02-01' }, 'UTC', '--to'],
    ['to without from', { to: '2026-02-01' }, 'UTC', '--from'],
    ['none', {}, 'UTC', undefined],
    ['quarter and month', { quarter: '2026-Q1', month: '2026-01' }, 'UTC', undefined],
    ['month and range', { month: '2026-01', from: '2026-01-01', to: '2026-01-02' }, 'UTC', undefined],
    ['bad zone', { month: '2026-01' }, 'Mars/Olympus', '--tz'],
    // the day after 9999-12-31 has no 4-digit year: named as the flag, not as "10000-01-01"
    ['to in year 9999', { from: '2026-07-01', to: '9999-12-31' }, 'UTC', '--to'],
    ['from in year 0001', { from: '0001-01-01', to: '2026-07-01' }, 'UTC', '--from'],
    ['quarter 9999-Q4', { quarter: '9999-Q4' }, 'UTC', '--quarter'],
    ['month 1900-01', { month: '1900-01' }, 'UTC', '--month'],
  ])('%s', (_name, args, zone, key) => {
    let err: unknown;
    try {
      parsePeriod(args, zone);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).context.key).toBe(key);
    expect((err as UsageError).context.fix).toBeTruthy();
  });
});

describe('monthsOf', () => {
  it('splits a quarter into its three months, contiguous', () => {
    const q = parsePeriod({ quarter: '2026-Q4' }, NY);
    const months = monthsOf(q);
    expect(months.map((m) => m.month)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(months[0]!.start).toBe(q.start);
    expect(months[2]!.end).toBe(q.end);
    expect(months[0]!.end).toBe(months[1]!.start);
    expect(formatLocal(months[1]!.start, NY)).toBe('2026-11-01T00:00:00-04:00');
    expect(formatLocal(months[1]!.end, NY)).toBe('2026-12-01T00:00:00-05:00');
  });

  it('clips a mid-month range', () => {
    const p = parsePeriod({ from: '2026-07-15', to: '2026-08-10' }, 'UTC');
    expect(monthsOf(p)).toEqual([
      { month: '2026-07', start: Date.UTC(2026, 6, 15), end: Date.UTC(2026, 7, 1) },
      { month: '2026-08', start: Date.UTC(2026, 7, 1), end: Date.UTC(2026, 7, 11) },
    ]);
  });

  it('a single month gives one entry equal to the period', () => {
    const p = parsePeriod({ month: '2026-02' }, 'Europe/Berlin');
    expect(monthsOf(p)).toEqual([{ month: '2026-02', start: p.start, end: p.end }]);
  });
});
