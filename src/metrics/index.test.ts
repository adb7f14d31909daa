import { describe, expect, it } from 'vitest';
import type { Finding, GateMetrics, MergedPr, Review, Use, WaiverGranted, WaiverState } from '../domain/index.ts';
import { cleanUse, config, DAY, event, ledger, Q3, rogueUse, t, waiver } from '../../test/rules/builders.ts';
import { computeMetrics, type MetricsInput } from './index.ts';

const AS_OF = t('2026-10-01T12:00:00Z');

function pr(n: number, iso: string): MergedPr {
  return { number: n, mergedAt: t(iso), mergedBy: 'dev', baseRef: 'main', url: `https://github.com/acme/x/pull/${n}` };
}

/** A sanctioned use with a review of the given shape. */
function granted(id: string, actor: string, gate: string, iso: string, review: Partial<Review>): Use {
  const base = cleanUse({ id, actor, gate, startedAt: t(iso) });
  return { ...base, review: { status: 'done', ...review } };
}
function rogue(id: string, actor: string, gate: string | null, iso: string): Use {
  return rogueUse(event(id, { at: t(iso) }), { id: `gh-${id}`, actor, gate });
}

const past = t('2026-09-20T04:00:00Z');
const future = t('2026-10-02T04:00:00Z');
const USES: Use[] = [
  granted('U1', 'alice', 'payments-main', '2026-07-06T14:00:00Z', { businessDays: 1, dueAt: past, slaMet: true }),
  rogue('U7', 'carol', 'web-main', '2026-07-08T14:00:00Z'),
  rogue('U8', 'carol', 'web-main', '2026-07-09T14:00:00Z'),
  rogue('U9', 'carol', 'web-main', '2026-07-10T14:00:00Z'),
  granted('U2', 'alice', 'payments-main', '2026-07-20T14:00:00Z', { businessDays: 4, dueAt: past, slaMet: false }),
  granted('U3', 'bob', 'payments-main', '2026-08-03T14:00:00Z', { status: 'open', dueAt: past, slaMet: false }),
  rogue('U10', 'carol', null, '2026-08-05T14:00:00Z'),
  granted('U12', 'bob', 'web-main', '2026-08-10T14:00:00Z', { status: 'open', dueAt: past, slaMet: false }),
  granted('U4', 'alice', 'payments-main', '2026-09-10T14:00:00Z', { status: 'missing', dueAt: past, slaMet: false }),
  rogue('U5', 'alice', 'payments-main', '2026-09-12T14:00:00Z'),
  rogue('U11', 'mallory', null, '2026-09-15T14:00:00Z'),
  // done before a due that lies after as-of: reviewed, but not in the SLA denominator
  granted('U6', 'bob', 'payments-main', '2026-09-29T14:00:00Z', { businessDays: 0, dueAt: future, slaMet: true }),
];

const MERGES = new Map<string, MergedPr[]>([
  [
    'payments-main',
    [
      pr(1, '2026-06-30T12:00:00Z'), // before the period
      pr(2, '2026-07-02T12:00:00Z'),
      pr(3, '2026-07-03T12:00:00Z'),
      pr(4, '2026-07-04T12:00:00Z'),
      pr(5, '2026-07-05T12:00:00Z'),
      pr(6, '2026-08-02T12:00:00Z'),
      pr(7, '2026-08-03T12:00:00Z'),
      pr(8, '2026-09-02T12:00:00Z'),
      pr(9, '2026-09-03T12:00:00Z'),
      pr(10, '2026-09-04T12:00:00Z'),
      pr(11, '2026-10-01T03:59:59Z'), // 23:59:59 local on Sept 30: in
      pr(12, '2026-10-01T04:00:00Z'), // period end (exclusive): out
    ],
  ],
  ['web-main', [1, 2, 3, 4, 5].map((n) => pr(100 + n, `2026-07-1${n}T12:00:00Z`))],
]);

function waiverState(id: string, days: number, open: boolean): WaiverState {
  const w = ledger([waiver(id, { at: AS_OF - days * DAY - 1000, expiresAt: undefined })]).entries[0] as WaiverGranted;
  return { waiver: w, openAtAsOf: open, ...(open ? { ageDays: days } : {}) };
}

function input(over: Partial<MetricsInput> = {}): MetricsInput {
  return {
    config: config(),
    period: Q3,
    asOf: AS_OF,
    uses: USES,
    findings: [],
    merges: MERGES,
    waivers: [],
    ...over,
  };
}

function row(gate: string, values: Partial<GateMetrics>): GateMetrics {
  return {
    gate,
    merges: 0,
    uses: 0,
    unsanctioned: 0,
    glassRate: null,
    unsanctionedRate: null,
    reviewedPct: null,
    slaMetPct: null,
    medianReviewBusinessDays: null,
    p90ReviewBusinessDays: null,
    repeatActors: [],
    ...values,
  };
}

describe('computeMetrics: gate rows', () => {
  const metrics = computeMetrics(input());

  it('rows: configured gates in config order, then (none), then *', () => {
    expect(metrics.gates.map((g) => g.gate)).toEqual(['payments-main', 'payments-release', 'web-main', '(none)', '*']);
  });

  it.each<[string, GateMetrics]>([
    [
      'payments-main',
      row('payments-main', {
        merges: 10,
        uses: 5,
        unsanctioned: 1,
        glassRate: 0.5,
        unsanctionedRate: 0.1,
        reviewedPct: 60,
        slaMetPct: 25,
        medianReviewBusinessDays: 1,
        p90ReviewBusinessDays: 4,
        repeatActors: ['alice'],
      }),
    ],
    ['payments-release', row('payments-release', {})],
    [
      'web-main',
      row('web-main', {
        merges: 5,
        uses: 1,
        unsanctioned: 3,
        glassRate: 0.2,
        unsanctionedRate: 0.6,
        reviewedPct: 0,
        slaMetPct: 0,
        repeatActors: ['carol'],
      }),
    ],
    ['(none)', row('(none)', { unsanctioned: 2 })],
    [
      '*',
      row('*', {
        merges: 15,
        uses: 6,
        unsanctioned: 6,
        glassRate: 0.4,
        unsanctionedRate: 0.4,
        reviewedPct: 50,
        slaMetPct: 20,
        medianReviewBusinessDays: 1,
        p90ReviewBusinessDays: 4,
        // bob has 3 uses, but never 3 of one gate
        repeatActors: ['alice', 'carol'],
      }),
    ],
  ])('%s', (gate, expected) => {
    expect(metrics.gates.find((g) => g.gate === gate)).toEqual(expected);
  });

  it('no (none) row when every use is on a gate; an unconfigured gate id gets its own row', () => {
    const uses = [granted('G-x', 'alice', 'ghost', '2026-07-06T14:00:00Z', { businessDays: 1, dueAt: past, slaMet: true })];
    const m = computeMetrics(input({ uses }));
    expect(m.gates.map((g) => g.gate)).toEqual(['payments-main', 'payments-release', 'web-main', 'ghost', '*']);
    expect(m.gates.find((g) => g.gate === 'ghost')).toMatchObject({ uses: 1, reviewedPct: 100, slaMetPct: 100 });
  });

  it('an unconfigured gate\'s merges count in the totals and the monthly trend alike, so the two add up', () => {
    const uses = [granted('G-x', 'alice', 'ghost', '2026-07-06T14:00:00Z', { businessDays: 1, dueAt: past, slaMet: true })];
    const merges = new Map([...MERGES, ['ghost', [pr(901, '2026-07-07T10:00:00Z'), pr(902, '2026-08-07T10:00:00Z')]]]);
    const m = computeMetrics(input({ uses, merges }));
    expect(m.gates.find((g) => g.gate === 'ghost')?.merges).toBe(2);
    const total = m.gates.find((g) => g.gate === '*')?.merges;
    expect(m.trend.reduce((sum, month) => sum + month.merges, 0)).toBe(total);
    // a gate nobody names, configured or not, has no row and no merges anywhere
    const none = computeMetrics(input({ uses: [], merges }));
    expect(none.trend.reduce((sum, month) => sum + month.merges, 0)).toBe(none.gates.find((g) => g.gate === '*')?.merges);
  });
});

describe('computeMetrics: trend, waivers, findings', () => {
  it('trend per calendar month', () => {
    const m = computeMetrics(input());
    expect(m.trend).toEqual([
      { month: '2026-07', uses: 2, unsanctioned: 3, merges: 9, glassRate: 0.2222 },
      { month: '2026-08', uses: 2, unsanctioned: 1, merges: 2, glassRate: 1 },
      { month: '2026-09', uses: 2, unsanctioned: 2, merges: 4, glassRate: 0.5 },
    ]);
    expect(m.rising).toBe(false);
  });

  it('rising when the rate rose twice in a row', () => {
    const uses = [
      granted('A', 'alice', 'payments-main', '2026-07-06T14:00:00Z', {}),
      granted('B', 'alice', 'payments-main', '2026-08-06T14:00:00Z', {}),
      granted('C', 'alice', 'payments-main', '2026-09-06T14:00:00Z', {}),
      granted('D', 'alice', 'payments-main', '2026-09-07T14:00:00Z', {}),
    ];
    // merges: July 4 (+5 web), Aug 2, Sept 4 -> rates 1/9, 1/2, 2/4: 0.111 < 0.5, then 0.5 = 0.5 -> not rising
    expect(computeMetrics(input({ uses })).rising).toBe(false);
    const m = computeMetrics(input({ uses: [...uses, granted('E', 'bob', 'payments-main', '2026-09-08T14:00:00Z', {})] }));
    expect(m.trend.map((x) => x.glassRate)).toEqual([0.1111, 0.5, 0.75]);
    expect(m.rising).toBe(true);
  });

  it('waiver ages of open waivers only', () => {
    const m = computeMetrics(input({ waivers: [waiverState('W-1', 40, true), waiverState('W-2', 50, false)] }));
    expect(m.waiverAges).toEqual([{ waiver: 'W-1', gate: 'payments-main', grantedAt: AS_OF - 40 * DAY - 1000, ageDays: 40 }]);
  });

  it('findings by severity', () => {
    const f = (severity: Finding['severity']): Finding => ({ subject: 's', code: 'GRANT_UNUSED', severity, message: 'm' });
    const m = computeMetrics(input({ findings: [f('high'), f('high'), f('info'), f('medium')] }));
    expect(m.findingsBySeverity).toEqual({ info: 1, low: 0, medium: 1, high: 2 });
  });

  it('counts only merges by as-of, like the uses: an as-of inside the period cuts both sides of the glass rate', () => {
    const asOf = t('2026-08-02T12:00:00Z'); // the merge at this instant is in, the next one is not
    const m = computeMetrics(input({ asOf, uses: USES.filter((u) => u.startedAt <= asOf) }));
    const payments = m.gates.find((g) => g.gate === 'payments-main')!;
    expect(payments.merges).toBe(5);
    expect(m.gates.find((g) => g.gate === '*')!.merges).toBe(10);
    expect(m.trend.map((month) => month.merges)).toEqual([9, 1, 0]);
  });

  it('an empty period', () => {
    const m = computeMetrics(input({ uses: [], merges: new Map() }));
    expect(m.gates.map((g) => [g.gate, g.uses, g.glassRate])).toEqual([
      ['payments-main', 0, null],
      ['payments-release', 0, null],
      ['web-main', 0, null],
      ['*', 0, null],
    ]);
    expect(m.rising).toBe(false);
    expect(m.findingsBySeverity).toEqual({ info: 0, low: 0, medium: 0, high: 0 });
  });
});
