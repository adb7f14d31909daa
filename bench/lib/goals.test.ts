import { describe, expect, it } from 'vitest';
import type { Measured } from './measure.ts';
import { COMBINED_AXIS, EVENT_AXIS, type ReportTierResult, type Tier, TIERS, USE_AXIS } from '../stages/report.ts';
import { growth, reportGoals } from './goals.ts';

const m = (seconds: number, peakRssMb: number): Measured => ({ seconds, peakRssMb, rssSource: 'gnu-time', exitCode: 0, stdoutLines: 0, stderrTail: '' });

function result(tier: Tier, report: number, rss: number, scan = 2): ReportTierResult {
  return { tier, dataset: {} as ReportTierResult['dataset'], report: m(report, rss), scan: m(scan, 100), jq: m(10, 3), scanAll: m(scan * 1.5, 120), runs: 1 };
}

describe('bench tiers', () => {
  it('are three per axis, each axis holding the other size fixed, every tier measured once', () => {
    expect(EVENT_AXIS.map((t) => [t.events, t.uses])).toEqual([[10_000, 1_000], [100_000, 1_000], [1_000_000, 1_000]]);
    expect(USE_AXIS.map((t) => [t.events, t.uses])).toEqual([[1_000_000, 1_000], [1_000_000, 10_000], [1_000_000, 50_000]]);
    expect(COMBINED_AXIS.at(-1)).toMatchObject({ events: 1_000_000, uses: 50_000 });
    expect(TIERS.map((t) => t.name)).toEqual([
      '10k events, 1k uses', '100k events, 1k uses', '100k events, 10k uses', '1M events, 1k uses', '1M events, 10k uses', '1M events, 50k uses',
    ]);
  });
});

describe('growth', () => {
  const events = [result(EVENT_AXIS[0]!, 1, 150), result(EVENT_AXIS[1]!, 1.5, 200), result(EVENT_AXIS[2]!, 12, 400)];
  it('compares consecutive tiers of one axis with the size factor', () => {
    expect(growth(events, 'events', (t) => t.report.seconds).map((g) => [g.factor, g.ratio])).toEqual([[10, 1.5], [10, 8]]);
    expect(growth(events, 'uses', (t) => t.report.seconds)).toEqual([]);
  });
});

describe('reportGoals', () => {
  const axes = {
    events: [result(EVENT_AXIS[0]!, 1, 150), result(EVENT_AXIS[1]!, 2, 200), result(EVENT_AXIS[2]!, 2.8, 400)],
    uses: [result(USE_AXIS[0]!, 2.8, 400), result(USE_AXIS[1]!, 4, 500), result(USE_AXIS[2]!, 30, 900)],
  };
  const goals = reportGoals({ ...axes, combined: [axes.events[0]!, result(COMBINED_AXIS[1]!, 3, 300), axes.uses[2]!] });

  it('judges the 1M-event goals on the events axis and names the tier', () => {
    expect(goals[0]).toMatchObject({ name: expect.stringContaining('1M events, 1k uses (events axis'), measured: '1.40× (2.80 s vs 2.00 s)', met: true });
    expect(goals[1]).toMatchObject({ name: expect.stringContaining('peak RSS, 1M events, 1k uses'), met: true });
  });

  it('checks linear growth per axis against the size factor (5× uses allows 5.5×)', () => {
    const growthRows = goals.filter((g) => g.name.startsWith('report time growth'));
    expect(growthRows.map((g) => [g.target, g.met])).toEqual([
      ['≤ 11.0× (linear)', true],
      ['≤ 11.0× (linear)', true],
      ['≤ 11.0× (linear)', true],
      ['≤ 5.5× (linear)', false],
    ]);
  });

  it('keeps the heaviest tier as labelled rows, misses included', () => {
    expect(goals.slice(-2)).toEqual([
      expect.objectContaining({ name: expect.stringContaining('1M events, 50k uses (heaviest tier'), met: false }),
      expect.objectContaining({ name: expect.stringContaining('peak RSS, 1M events, 50k uses'), measured: '900 MB', met: false }),
    ]);
  });
});
