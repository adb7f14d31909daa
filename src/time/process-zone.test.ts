import { Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDaysBetween, formatLocal, localDate, parseInstant, parsePeriod, slaDueAt, startOfDay, toEpochMs } from './index.ts';

// Node re-reads process.env.TZ when it is assigned, so this moves the process zone for real.
describe('results do not depend on the process TZ or luxon defaults', () => {
  const savedTz = process.env.TZ;
  const savedDefault = Settings.defaultZone;
  beforeAll(() => {
    process.env.TZ = 'Pacific/Kiritimati';
    Settings.defaultZone = 'Asia/Kathmandu';
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
    Settings.defaultZone = savedDefault;
  });

  it('the odd zone is in effect', () => {
    expect(new Date(Date.UTC(2026, 6, 6, 0)).getHours()).toBe(14);
  });

  it('periods, SLA, formatting and parsing are unchanged', () => {
    const q = parsePeriod({ quarter: '2026-Q3' }, 'America/New_York');
    expect(q.start).toBe(Date.UTC(2026, 6, 1, 4));
    expect(q.end).toBe(Date.UTC(2026, 9, 1, 4));
    const m = parsePeriod({ from: '2026-07-01', to: '2026-07-01' }, 'UTC');
    expect([m.start, m.end]).toEqual([Date.UTC(2026, 6, 1), Date.UTC(2026, 6, 2)]);
    const start = parseInstant('2026-07-03T10:00:00-04:00', 't');
    const holidays = new Set(['2026-07-03']);
    expect(formatLocal(slaDueAt(start, 2, 'America/New_York', holidays), 'America/New_York')).toBe('2026-07-08T00:00:00-04:00');
    expect(businessDaysBetween(start, parseInstant('2026-07-07T12:00:00-04:00', 't'), 'America/New_York', holidays)).toBe(2);
    expect(formatLocal(Date.UTC(2026, 6, 6, 14, 12, 33), 'UTC')).toBe('2026-07-06T14:12:33+00:00');
    expect(localDate(Date.UTC(2026, 6, 6, 23), 'UTC')).toBe('2026-07-06');
    expect(startOfDay('2026-03-08', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    expect(toEpochMs('2026-07-06T10:12:33.123-0400')).toBe(Date.UTC(2026, 6, 6, 14, 12, 33, 123));
  });
});
