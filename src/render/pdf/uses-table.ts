/** The full population, one row per use, on landscape pages (uses.csv has every column). */
import type { Report } from '../../domain/report.ts';
import type { GapCode, Severity, Use } from '../../domain/use.ts';
import { RULES } from '../../rules/index.ts';
import { oneLine } from '../../util/text.ts';
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
  const who = r.reviewer ? (r.completedAt === undefined ? `, reviewer ${r.reviewer}` : ` by ${r.reviewer}`) : r.status === 'open' ? ', no reviewer set' : '';
  const head = `${r.status}${use.reviewKey ? ` ${use.reviewKey}` : ''}${who}`;
  return r.completedAt === undefined ? head : `${head}\non ${localShort(report, r.completedAt)}`;
}

export function slaCell(report: Report, use: Use): string {
  const r = use.review;
  if (!r || r.dueAt === undefined) return '—';
  // the words of the gap codes: LATE (REVIEW_LATE), OVERDUE (REVIEW_OVERDUE, or MISSING_REVIEW)
  const verdict = r.slaMet === true ? 'met' : r.slaMet === false ? (r.completedAt !== undefined ? 'LATE' : 'OVERDUE') : 'open, not yet due';
  const days = r.completedAt !== undefined && r.businessDays !== undefined ? `, ${plural(r.businessDays, 'business day')}` : '';
  return `${verdict}${days}\ndue ${localShort(report, r.dueAt)}`;
}


const EVENT_LINES = 4;

/**
 * What was bypassed: the gate (or, with none, the repo and branch), then one line per GitHub
 * action and place, with its count: an event off the gate's own branch (a repo- or org-wide
 * grant) says where it was, so two overrides on two repos never read as two on one.
 */
export function bypassCell(use: Use): string {
  const head = use.gate ?? `(none) ${use.repo}${use.branch ? `@${use.branch}` : ''}`;
  if (use.events.length === 0) return `${head}\nno GitHub event`;
  const counts = new Map<string, number>();
  for (const e of use.events) {
    const offGate = e.repo !== use.repo || (e.branch ?? null) !== use.branch;
    const line = offGate ? `${e.action} on ${e.repo}${e.branch ? `@${e.branch}` : ''}` : e.action;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  const lines = [...counts].map(([line, n]) => (n > 1 ? `${line} ×${n}` : line));
  const shown = lines.length > EVENT_LINES ? [...lines.slice(0, EVENT_LINES - 1), `+${lines.length - EVENT_LINES + 1} more (every event: uses.csv github_events)`] : lines;
  return [head, ...shown].join('\n');
}

const WHY_CHARS = 140;

/** Why: the grant's justification (cut; uses.csv has it whole) and its incident. */
export function whyCell(use: Use): string {
  if (!use.sanctioned) return '— (no grant)';
  const why = use.justification?.trim() ? oneLine(use.justification, WHY_CHARS, true) : '— (no justification)';
  const incident = use.incident?.trim() ? oneLine(use.incident, WHY_CHARS, true) : '—';
  return `${why}\nincident: ${incident}`;
}

export function drawUsesTable(w: Writer, report: Report): void {
  section(w, 'All uses', { orientation: 'landscape' });
  const uses = sortedUses(report);
  paragraph(
    w,
    `${plural(uses.length, 'use')}, ordered by start time then id; times in ${report.timezone} (review and due times to the minute; uses.csv has them to the second). Sanctioned uses carry the ledger grant id; unsanctioned ones gh-<audit document id> or gh-rs-<rule suite id>. "Gate / bypassed" gives the GitHub actions of the use's events (and their repo and branch where that is not the gate's); "Why / incident" the grant's justification and its incident, each cut at ${WHY_CHARS} characters. Every column of uses.csv, in full, is in the attached file; in the CSVs a cell that starts with = + - @, a tab or a carriage return (also after leading spaces, or after a ; inside the cell) gets a ' in front so that a spreadsheet cannot run it as a formula (evidence.json holds every value as it is).`,
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
      { header: 'Use ID / type', width: 2.2, fit: 5 },
      { header: 'Actor', width: 0.95 },
      { header: 'Gate / bypassed', width: 2.3, fit: 6 },
      { header: 'Started', width: 1.35 },
      { header: 'Why / incident', width: 2.0 },
      { header: 'Review', width: 1.5 },
      { header: 'SLA', width: 1.4 },
      { header: 'Gaps', width: 1.9, fit: 5 },
    ],
    uses.map((u) => [
      `${u.id}\n${u.sanctioned ? 'sanctioned' : 'UNSANCTIONED'}`,
      u.actor,
      bypassCell(u),
      local(report, u.startedAt),
      whyCell(u),
      reviewCell(report, u),
      slaCell(report, u),
      u.gapCodes.length ? [...u.gapCodes].sort().join('\n') : '—',
    ]),
    {
      size: SIZES.small,
      cell: (row, col) => {
        if (col === 0 && !uses[row]?.sanctioned) return { color: COLORS.bad, style: 'bold' };
        const s = worst[row];
        if (col === 7 && s) return { color: SEVERITY_COLORS[s] };
        return undefined;
      },
    },
  );
}
