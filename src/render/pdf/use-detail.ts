/**
 * One use in detail, on its own page(s): the grant, the GitHub events, the review and the
 * findings. Not part of evidence.pdf; written for sample.pdf (one page per sampled use).
 */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate } from '../../domain/template.ts';
import type { Use } from '../../domain/use.ts';
import { boolCell } from '../format.ts';
import { local } from './format.ts';
import { keyValues, table } from './table.ts';
import { COLORS, SEVERITY_COLORS, SIZES } from './theme.ts';
import { heading, paragraph, section, type Writer } from './writer.ts';

/**
 * Free text longer than this goes below its table as a paragraph, which may run over pages:
 * a table cell is cut at a page's height, and sample.pdf attaches no CSV to hold the rest.
 */
export const LONG_TEXT = 400;

/** Key/value rows, with long free text moved out of the table into full-width paragraphs. */
function keyValuesWithLongText(w: Writer, pairs: readonly (readonly [string, string])[], freeText: ReadonlySet<string>): void {
  const long: (readonly [string, string])[] = [];
  const rows = pairs.map(([label, value]): [string, string] => {
    if (!freeText.has(label) || value.length <= LONG_TEXT) return [label, value];
    long.push([label, value]);
    return [label, `(${value.length} characters, in full below)`];
  });
  keyValues(w, rows);
  for (const [label, value] of long) {
    heading(w, `${label} (full text)`, 3, 30);
    paragraph(w, value, { size: SIZES.small + 0.5 });
  }
}

const GRANT_TEXT = new Set(['Justification', 'Incident', 'Approver', 'Actor', 'Gate']);
const REVIEW_TEXT = new Set(['Ticket', 'Reviewer', 'Follow-up']);

export function drawUseDetail(w: Writer, report: Report, template: FrameworkTemplate, use: Use): void {
  section(w, `Use ${use.id}`);
  const r = use.review;
  keyValuesWithLongText(w, [
    ['Use ID', use.id],
    ['Type', use.sanctioned ? 'sanctioned (ledger grant)' : 'UNSANCTIONED (no covering grant or waiver)'],
    ['Actor', use.actor],
    ['Gate', use.gate ?? '(none)'],
    ['Repository @ branch', `${use.repo}${use.branch ? `@${use.branch}` : ''}`],
    ['Scope', use.scope ?? '—'],
    ['Started', local(report, use.startedAt)],
    ['Ended', local(report, use.endedAt)],
    ['Expires', local(report, use.expiresAt)],
    ['Justification', use.justification?.trim() || '— (none)'],
    ['Incident', use.incident?.trim() || '— (none)'],
    ['Approver', use.approver ?? '—'],
    ['Ledger entries (seq)', use.ledgerSeqs.join(', ') || '—'],
    ['Gaps', use.gapCodes.join(', ') || 'none'],
  ], GRANT_TEXT);

  if (r) {
    heading(w, 'Review', 2);
    keyValuesWithLongText(w, [
      ['Ticket', `${use.reviewKey ?? '—'}${r.ticket?.url ? `  ${r.ticket.url}` : ''}`],
      ['Status', r.status],
      ['Reviewer', r.reviewer ?? '—'],
      ['Clock start', local(report, r.clockStartAt)],
      ['Due', local(report, r.dueAt)],
      ['Completed', local(report, r.completedAt)],
      ['Business days', r.businessDays === undefined ? '—' : String(r.businessDays)],
      ['SLA met', boolCell(r.slaMet) || 'not yet due'],
      ['Follow-up', r.followUp ?? '—'],
    ], REVIEW_TEXT);
    const transitions = r.ticket?.transitions ?? [];
    if (transitions.length > 0) {
      heading(w, 'Status transitions', 3, 30);
      table(
        w,
        [
          { header: 'At', width: 2 },
          { header: 'From', width: 1.3 },
          { header: 'To', width: 1.3 },
          { header: 'Category', width: 1 },
          { header: 'By', width: 1.5 },
        ],
        transitions.map((t) => [local(report, t.at), t.fromName ?? t.fromId ?? '', t.toName ?? t.toId, t.toCategory ?? '', t.authorName ?? t.author ?? '']),
        { size: SIZES.small },
      );
    }
  }

  heading(w, 'GitHub events', 2);
  if (use.events.length === 0) paragraph(w, 'No GitHub event is covered by this grant (GRANT_UNUSED).', { color: COLORS.muted });
  else {
    table(
      w,
      [
        { header: 'Event', width: 2, fit: 5 },
        { header: 'Action', width: 2.6 },
        { header: 'Actor', width: 1.1 },
        { header: 'At', width: 2 },
        { header: 'Repo @ branch', width: 1.8 },
      ],
      use.events.map((e) => [e.id, e.action, e.actor, local(report, e.at), `${e.repo}${e.branch ? `@${e.branch}` : ''}`]),
      { size: SIZES.small },
    );
  }

  const findings = report.findings.filter((f) => f.subject === use.id);
  heading(w, 'Findings', 2);
  if (findings.length === 0) paragraph(w, 'None.', { color: COLORS.good, style: 'bold' });
  else {
    table(
      w,
      [
        { header: 'Code', width: 1.8, style: 'bold', fit: 5 },
        { header: 'Severity', width: 0.8 },
        { header: 'Controls', width: 1.1 },
        { header: 'Finding', width: 4.3 },
      ],
      findings.map((f) => [f.code, f.severity, (template.controls[f.code] ?? []).join(', '), f.message]),
      { size: SIZES.small, cell: (row, col) => (col === 1 ? { color: SEVERITY_COLORS[findings[row]?.severity ?? 'info'] } : undefined) },
    );
  }
}
