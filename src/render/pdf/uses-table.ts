/** The full population, one row per use, on landscape pages (uses.csv has every column). */
import type { Report } from '../../domain/report.ts';
import type { GapCode, Severity, Use } from '../../domain/use.ts';
import { RULES } from '../../rules/index.ts';
import { sortedUses } from '../format.ts';
import { local, localShort, plural } from './format.ts';
import { table } from './table.ts';
import { COLORS, SEVERITY_COLORS, SIZES } from './theme.ts';
import { paragraph, section, type Writer } from './writer.ts';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };
const SEVERITY_OF = new Map<GapCode, Severity>(RULES.map((r) => [r.code, r.severity]));

export function worstSeverity(codes: readonly GapCode[]): Severity | null {
  let worst: Severity | null = null;
  for (const c of codes) {
    const s = SEVERITY_OF.get(c) ?? 'high';
    if (worst === null || RANK[s] > RANK[worst]) worst = s;
  }
  return worst;
}

export function reviewCell(report: Report, use: Use): string {
  const r = use.review;
  if (!r) return '— (unsanctioned)';
  // "by" only for a completed review; an open ticket's reviewer is the one it is assigned to
  const who = r.reviewer ? (r.completedAt === undefined ? `, reviewer ${r.reviewer}` : ` by ${r.reviewer}`) : '';
  const head = `${r.status}${use.reviewKey ? ` ${use.reviewKey}` : ''}${who}`;
  return r.completedAt === undefined ? head : `${head}\non ${localShort(report, r.completedAt)}`;
}

export function slaCell(report: Report, use: Use): string {
  const r = use.review;
  if (!r || r.dueAt === undefined) return '—';
  const verdict = r.slaMet === true ? 'met' : r.slaMet === false ? 'MISSED' : 'open, not yet due';
  const days = r.completedAt !== undefined && r.businessDays !== undefined ? `, ${plural(r.businessDays, 'business day')}` : '';
  return `${verdict}${days}\ndue ${localShort(report, r.dueAt)}`;
}

export function drawUsesTable(w: Writer, report: Report): void {
  section(w, 'All uses', { orientation: 'landscape' });
  const uses = sortedUses(report);
  paragraph(
    w,
    `${plural(uses.length, 'use')}, ordered by start time then id; times in ${report.timezone} (review and due times to the minute; uses.csv has them to the second). Sanctioned uses carry the ledger grant id; unsanctioned ones gh-<audit document id> or gh-rs-<rule suite id>. Every column of uses.csv is in the attached file.`,
    { size: SIZES.small + 0.5, color: COLORS.muted },
  );
  if (uses.length === 0) {
    paragraph(w, 'No use in the period.', { style: 'bold' });
    return;
  }
  const worst = uses.map((u) => worstSeverity(u.gapCodes));
  table(
    w,
    [
      { header: 'Use ID', width: 1.6 },
      { header: 'Type', width: 1.15 },
      { header: 'Actor', width: 1.0 },
      { header: 'Gate', width: 1.1 },
      { header: 'Started', width: 1.6 },
      { header: 'Review', width: 1.55 },
      { header: 'SLA', width: 1.55 },
      { header: 'Gaps', width: 1.95 },
    ],
    uses.map((u) => [
      u.id,
      u.sanctioned ? 'sanctioned' : 'unsanctioned',
      u.actor,
      u.gate ?? `(none) ${u.repo}${u.branch ? `:${u.branch}` : ''}`,
      local(report, u.startedAt),
      reviewCell(report, u),
      slaCell(report, u),
      u.gapCodes.length ? [...u.gapCodes].sort().join('\n') : '—',
    ]),
    {
      size: SIZES.small,
      cell: (row, col) => {
        if (col === 1 && !uses[row]?.sanctioned) return { color: COLORS.bad, style: 'bold' };
        const s = worst[row];
        if (col === 7 && s) return { color: SEVERITY_COLORS[s] };
        return undefined;
      },
    },
  );
}
