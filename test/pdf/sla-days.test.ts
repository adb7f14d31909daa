import { describe, expect, it } from 'vitest';
import type { Use } from '../../src/domain/use.ts';
import { slaDays } from '../../src/render/pdf/sample.ts';
import { buildReport } from '../render/report-fixture.ts';

const report = buildReport();
const g1 = report.uses.find((u) => u.id === 'g-1')!;

function withReview(over: Partial<NonNullable<Use['review']>>): Use {
  return { ...g1, review: { ...g1.review!, ...over } };
}

describe('slaDays (sample.pdf, "SLA, day by day")', () => {
  it('lists every day from the clock start to the deadline when the span is short', () => {
    const rows = slaDays(report, g1);
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['2026-07-06', 'clock start', '0'],
      ['2026-07-07', 'business day', '1'],
      ['2026-07-08', 'business day', '2'],
      ['2026-07-09', 'deadline (00:00)', ''],
    ]);
    expect(rows[1]![4]).toMatch(/^completed /);
  });

  it('a review completed months late keeps the deadline and completion rows and says how many days are not listed', () => {
    const completedAt = Date.parse('2026-12-15T15:00:00Z');
    const rows = slaDays(report, withReview({ completedAt }));
    expect(rows.length).toBeLessThan(50);
    expect(rows.find((r) => r[2] === 'deadline (00:00)')?.[0]).toBe('2026-07-09');
    const last = rows.at(-1)!;
    expect(last[0]).toBe('2026-12-15');
    expect(last[4]).toMatch(/^completed /);
    const gap = rows.find((r) => r[0] === '…')!;
    // 2026-07-06 .. 2026-12-15 is 163 days; 40 listed from the start, and the completion day
    expect(gap[2]).toBe(`${163 - 40 - 1} days not listed`);
    // the running count resumes where the skipped days left it (the deadline, Thu 9 July, is a
    // business day too, counted but not numbered)
    const listedBusiness = rows.filter((r) => r[2] === 'business day').length;
    const skippedBusiness = Number(gap[3]!.split(' ')[0]);
    expect(Number(last[3])).toBe(listedBusiness + skippedBusiness + 1);
  });

  it('says which instant the clock took: with grant-end, a grant with no close and no expiry falls back to its opening', () => {
    const grantEnd = { ...report, config: { ...report.config, review: { ...report.config.review, clockStart: 'grant-end' as const } } };
    const opened = g1.startedAt;
    const open: Use = { ...g1, endedAt: undefined, expiresAt: undefined, review: { ...g1.review!, clockStartAt: opened } };
    expect(slaDays(grantEnd, open)[0]![4]).toMatch(/^grant opened .*\(grant-end, but the grant has no close and no expiry\)$/);
    const closed: Use = { ...g1, review: { ...g1.review!, clockStartAt: g1.endedAt } };
    expect(slaDays(grantEnd, closed)[0]![4]).toMatch(/^grant closed /);
    const expired: Use = { ...g1, endedAt: undefined, review: { ...g1.review!, clockStartAt: g1.expiresAt } };
    expect(slaDays(grantEnd, expired)[0]![4]).toMatch(/^grant expiry .*\(not closed\)$/);
    expect(slaDays(report, g1)[0]![4]).toMatch(/^grant opened /);
  });

  it('a review completed before the clock started (grant-end, grant still open) still shows its completion', () => {
    const closedLater: Use = { ...g1, review: { ...g1.review!, clockStartAt: Date.parse('2026-07-10T15:00:00Z'), dueAt: Date.parse('2026-07-15T04:00:00Z'), completedAt: Date.parse('2026-07-08T15:00:00Z') } };
    const rows = slaDays(report, closedLater);
    expect(rows[0]!.slice(0, 3)).toEqual(['2026-07-08', 'Wed', 'before clock start']);
    expect(rows[0]![4]).toMatch(/^completed /);
    expect(rows[1]![2]).toBe('clock start');
  });
});
