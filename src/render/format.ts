/**
 * Cell formatting shared by every renderer (CSV, Markdown, PDF): one place decides how a
 * fact of the report is written, so the PDF's tables show exactly the CSV's cells.
 */
import type { FrameworkTemplate } from '../domain/template.ts';
import type { Report } from '../domain/report.ts';
import type { Finding, Severity, Use } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';

export const USES_COLUMNS = [
  'use_id',
  'sanctioned',
  'actor',
  'gate',
  'repo',
  'branch',
  'scope',
  'started_at',
  'ended_at',
  'expires_at',
  'justification',
  'incident',
  'approver',
  'review_ticket',
  'review_status',
  'reviewer',
  'review_completed_at',
  'review_due_at',
  'review_business_days',
  'review_sla_met',
  'follow_up',
  'github_events',
  'ledger_seq',
  'gap_codes',
] as const;

export const GAPS_COLUMNS = ['subject', 'code', 'severity', 'control', 'message'] as const;

export const GATES_COLUMNS = [
  'gate',
  'merges',
  'uses',
  'unsanctioned',
  'glass_rate',
  'reviewed_pct',
  'sla_met_pct',
  'median_review_business_days',
  'repeat_actors',
] as const;

/** Code-unit order: deterministic whatever the machine's locale (never localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Local ISO time in the report's zone, or empty when unknown. */
export function timeCell(instant: number | undefined, zone: string): string {
  return instant === undefined ? '' : formatLocal(instant, zone);
}

export function boolCell(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'true' : 'false';
}

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Round half away from zero at `decimals` (toFixed alone rounds 1.005 down via binary floats). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * f)) / f;
}

/** Ratio with 4 decimals (`0.1250`), empty when not applicable. */
export function rateCell(value: number | null | undefined): string {
  return finite(value) ? roundTo(value, 4).toFixed(4) : '';
}

/** Percentage with 1 decimal (`66.7`), empty when not applicable. */
export function pctCell(value: number | null | undefined): string {
  return finite(value) ? roundTo(value, 1).toFixed(1) : '';
}

/** A number with at most 1 decimal: `2`, `2.5`. */
export function daysCell(value: number | null | undefined): string {
  return finite(value) ? String(roundTo(value, 1)) : '';
}

function intCell(value: number | undefined): string {
  return finite(value) ? String(value) : '';
}

/** Uses in output order: started_at, then use_id. */
export function sortedUses(report: Report): Use[] {
  return [...report.uses].sort((a, b) => a.startedAt - b.startedAt || compareText(a.id, b.id));
}

export function useCells(use: Use, zone: string): string[] {
  const review = use.review;
  const completed = review?.completedAt;
  return [
    use.id,
    boolCell(use.sanctioned),
    use.actor,
    use.gate ?? '',
    use.repo,
    use.branch ?? '',
    use.scope ?? '',
    timeCell(use.startedAt, zone),
    timeCell(use.endedAt, zone),
    timeCell(use.expiresAt, zone),
    use.justification ?? '',
    use.incident ?? '',
    use.approver ?? '',
    use.reviewKey ?? '',
    review?.status ?? '',
    review?.reviewer ?? '',
    timeCell(completed, zone),
    timeCell(review?.dueAt, zone),
    // CONTRACT §6: empty unless completed
    completed === undefined ? '' : intCell(review?.businessDays),
    boolCell(review?.slaMet),
    review?.followUp ?? '',
    use.events.map((e) => e.id).join(';'),
    use.ledgerSeqs.join(';'),
    [...use.gapCodes].sort(compareText).join(';'),
  ];
}

/** uses.csv cells (header excluded), in row order. The PDF's population table reuses these. */
export function usesRows(report: Report): string[][] {
  return sortedUses(report).map((use) => useCells(use, report.timezone));
}

/**
 * The instant a finding's subject is ordered by: the use's start, or a waiver's granted
 * time (WAIVER_STALE). Unknown subjects sort last.
 */
function subjectTimes(report: Report): Map<string, number> {
  const times = new Map<string, number>();
  for (const w of report.waivers) times.set(w.waiver.waiver, w.waiver.at);
  for (const u of report.uses) times.set(u.id, u.startedAt);
  return times;
}

/** Findings in output order: subject's time, then subject, then code. */
export function sortedFindings(report: Report): Finding[] {
  const times = subjectTimes(report);
  const at = (f: Finding) => times.get(f.subject) ?? Number.POSITIVE_INFINITY;
  return [...report.findings].sort((a, b) => {
    const ta = at(a);
    const tb = at(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    return compareText(a.subject, b.subject) || compareText(a.code, b.code);
  });
}

export function controlCell(template: FrameworkTemplate, finding: Finding): string {
  return (template.controls[finding.code] ?? []).join(';');
}

/** One gaps.csv row. */
export function gapCells(finding: Finding, template: FrameworkTemplate): string[] {
  return [finding.subject, finding.code, finding.severity, controlCell(template, finding), finding.message];
}


/**
 * gates.csv cells (header excluded), in `report.metrics.gates` order (`*` last).
 * Metric cells are plain non-negative digits, so formula escaping never touches them.
 */
export function gatesRows(report: Report): string[][] {
  return report.metrics.gates.map((g) => [
    g.gate,
    intCell(g.merges),
    intCell(g.uses),
    intCell(g.unsanctioned),
    rateCell(g.glassRate),
    pctCell(g.reviewedPct),
    pctCell(g.slaMetPct),
    daysCell(g.medianReviewBusinessDays),
    g.repeatActors.join(';'),
  ]);
}

/** Most severe first. */
export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** The sources the config names no block for ("GitHub", "Jira"): never collected, so the archive says nothing of them. */
export function unconfiguredSources(report: Pick<Report, 'config'>): string[] {
  return [...(report.config.github ? [] : ['GitHub']), ...(report.config.jira ? [] : ['Jira'])];
}
