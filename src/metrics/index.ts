/**
 * Program metrics (CONTRACT §8): per gate, overall, per month. Pure; raw numbers (the
 * renderers round). Expects the period's uses, as joinUses returns them.
 */
import type {
  Config,
  Finding,
  GateMetrics,
  MergedPr,
  Metrics,
  MonthTrend,
  Period,
  Use,
  WaiverState,
} from '../domain/index.ts';
import { monthsOf } from '../time/index.ts';
import { isRising, median, nearestRank, percent, ratio } from './stats.ts';

export interface MetricsInput {
  config: Config;
  period: Period;
  asOf: number;
  uses: readonly Use[];
  findings: readonly Finding[];
  /** merged PRs per gate id */
  /** only `mergedAt` is read */
  merges: ReadonlyMap<string, readonly Pick<MergedPr, 'mergedAt'>[]>;
  waivers: readonly WaiverState[];
}

/** Row label for uses that hit no configured gate. */
export const NO_GATE = '(none)';
export const TOTAL = '*';
const REPEAT_THRESHOLD = 3;

/**
 * PRs merged in [start, end) and by as-of: a merge after as-of has not happened yet, like a
 * use or an event after it (CONTRACT §7), so a glass rate's two sides are taken at one instant.
 */
function mergesIn(prs: readonly Pick<MergedPr, 'mergedAt'>[] | undefined, start: number, end: number, asOf: number): number {
  return (prs ?? []).filter((pr) => pr.mergedAt >= start && pr.mergedAt < end && pr.mergedAt <= asOf).length;
}

/** actors with >= 3 uses (sanctioned + unsanctioned) among `uses`, sorted */
function repeatActors(uses: readonly Use[]): string[] {
  const counts = new Map<string, number>();
  for (const use of uses) counts.set(use.actor, (counts.get(use.actor) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= REPEAT_THRESHOLD).map(([actor]) => actor).sort();
}

function row(gate: string, uses: readonly Use[], merges: number, asOf: number, repeat: string[]): GateMetrics {
  const sanctioned = uses.filter((u) => u.sanctioned);
  const unsanctioned = uses.length - sanctioned.length;
  const done = sanctioned.filter((u) => u.review?.status === 'done');
  // SLA is judged only on reviews already due at as-of; on-time ones among those count.
  const due = sanctioned.filter((u) => u.review?.dueAt !== undefined && u.review.dueAt <= asOf);
  const onTime = due.filter((u) => u.review?.slaMet === true);
  const days = done.map((u) => u.review?.businessDays).filter((d) => d !== undefined);
  return {
    gate,
    merges,
    uses: sanctioned.length,
    unsanctioned,
    glassRate: ratio(sanctioned.length, merges),
    unsanctionedRate: ratio(unsanctioned, merges),
    reviewedPct: percent(done.length, sanctioned.length),
    slaMetPct: percent(onTime.length, due.length),
    medianReviewBusinessDays: median(days),
    p90ReviewBusinessDays: nearestRank(days, 90),
    repeatActors: repeat,
  };
}

function gateRows(input: MetricsInput): GateMetrics[] {
  const { period, asOf, uses } = input;
  const byGate = new Map<string | null, Use[]>();
  for (const use of uses) {
    const list = byGate.get(use.gate) ?? [];
    list.push(use);
    byGate.set(use.gate, list);
  }
  const rows: GateMetrics[] = [];
  for (const id of rowGates(input)) {
    const gateUses = byGate.get(id) ?? [];
    const merges = mergesIn(input.merges.get(id), period.start, period.end, asOf);
    rows.push(row(id, gateUses, merges, asOf, repeatActors(gateUses)));
  }
  const none = byGate.get(null);
  if (none) rows.push(row(NO_GATE, none, 0, asOf, repeatActors(none)));
  const totalMerges = rows.reduce((sum, r) => sum + r.merges, 0);
  // Totals: repeat actors are those with >= 3 uses of one same gate (union over rows), not >= 3 overall.
  const repeat = [...new Set(rows.flatMap((r) => r.repeatActors))].sort();
  rows.push(row(TOTAL, uses, totalMerges, asOf, repeat));
  return rows;
}

/**
 * The gates with a row: the configured ones, in config order, then any gate id a use names that
 * the config does not define (a ledger grant for a gate renamed or removed since), kept visible
 * as its own row. Their merges count in the totals and in the monthly trend alike, so the two
 * add up.
 */
function rowGates(input: MetricsInput): string[] {
  const configured = input.config.gates.map((g) => g.id);
  const unknown = [...new Set(input.uses.map((u) => u.gate))].filter((id): id is string => id !== null && !configured.includes(id)).sort();
  return [...configured, ...unknown];
}

function trendOf(input: MetricsInput): MonthTrend[] {
  const { period, uses, asOf } = input;
  const gates = rowGates(input);
  return monthsOf(period).map(({ month, start, end }) => {
    const inMonth = uses.filter((u) => u.startedAt >= start && u.startedAt < end);
    const sanctioned = inMonth.filter((u) => u.sanctioned).length;
    const merges = gates.reduce((sum, id) => sum + mergesIn(input.merges.get(id), start, end, asOf), 0);
    return {
      month,
      uses: sanctioned,
      unsanctioned: inMonth.length - sanctioned,
      merges,
      glassRate: ratio(sanctioned, merges),
    };
  });
}

export function computeMetrics(input: MetricsInput): Metrics {
  const trend = trendOf(input);
  const findingsBySeverity = { info: 0, low: 0, medium: 0, high: 0 };
  for (const finding of input.findings) findingsBySeverity[finding.severity] += 1;
  const waiverAges = input.waivers
    .filter((w) => w.openAtAsOf)
    .map((w) => ({
      waiver: w.waiver.waiver,
      gate: w.waiver.gate,
      ...(w.waiver.actor ? { actor: w.waiver.actor } : {}),
      grantedAt: w.waiver.at,
      ageDays: w.ageDays ?? Math.floor((input.asOf - w.waiver.at) / 86_400_000),
    }));
  return {
    gates: gateRows(input),
    trend,
    rising: isRising(trend.map((t) => t.glassRate)),
    waiverAges,
    findingsBySeverity,
  };
}
