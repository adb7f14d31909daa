/** Appendix: method, rule definitions (from the rule registry) and the control mapping. */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate } from '../../domain/template.ts';
import { RULES } from '../../rules/index.ts';
import { plural } from './format.ts';
import { table } from './table.ts';
import { SEVERITY_COLORS, SIZES } from './theme.ts';
import { bullets, heading, paragraph, section, type Writer } from './writer.ts';

/** `beside`: the attached files this run also wrote next to the PDF, when not all (`--format pdf`). */
export function drawAppendix(w: Writer, report: Report, template: FrameworkTemplate, attachments: readonly string[], beside?: readonly string[]): void {
  const c = report.config;
  section(w, 'Appendix: method and definitions');
  heading(w, 'Method', 2);
  paragraph(w, template.narrative.method);
  paragraph(
    w,
    `Matching. A GitHub bypass event is covered by a ledger grant when the grant's actor is the event's actor (identities resolved through the configured people map), the grant's scope reaches the event (gate: the same gate; repo: the gate's repository; org-admin: any event), and the event time lies within [grant opened − ${plural(c.matchToleranceMinutes, 'minute')}, grant end + ${plural(c.matchToleranceMinutes, 'minute')}], where the end is the grant's close, else its expiry; with neither, the window has no end (and GRANT_TOO_LONG is reported). An uncovered event inside a waiver's window for its gate (and actor, if named) is waived; every other uncovered event is an unsanctioned use. A grant that covers no event is still a use.`,
  );
  paragraph(
    w,
    `Review SLA. The clock starts at the grant's ${c.review.clockStart === 'grant-end' ? 'end (its close, else its expiry; a grant with neither starts it at its opening)' : 'opening'}. The review is due at 00:00 local time on the day after the ${plural(c.review.slaBusinessDays, 'business day')} following the clock start's local date; it is on time when completed before that instant. A review is completed at the first transition into a status of category "done" (reopening does not undo it), or, when the ticket has no such transition, at its resolution date. Business days exclude Saturdays, Sundays and ${c.holidays.length ? `these holidays: ${c.holidays.join(', ')}` : 'no configured holidays'}. Grants are expected to last at most ${plural(c.maxGrantHours, 'hour')}; waivers at most ${plural(c.maxWaiverDays, 'day')}.`,
  );

  heading(w, 'Rule definitions', 2);
  table(
    w,
    [
      { header: 'Code', width: 2.8, style: 'bold', fit: 5 },
      { header: 'Severity', width: 1.0 },
      { header: 'Title', width: 1.4 },
      { header: 'Definition', width: 4.7 },
    ],
    RULES.map((r) => [r.code, r.severity, r.title, r.description]),
    { size: SIZES.small, cell: (row, col) => (col === 1 ? { color: SEVERITY_COLORS[RULES[row]?.severity ?? 'info'] } : undefined) },
  );

  heading(w, `Control mapping (${template.framework})`, 2);
  const name = (id: string) => `${id} — ${template.controlNames[id] ?? ''}`;
  table(
    w,
    [
      { header: 'Code', width: 2.8, style: 'bold', fit: 5 },
      { header: 'Controls', width: 7.1 },
    ],
    RULES.map((r) => [r.code, (template.controls[r.code] ?? []).map(name).join('\n')]),
    { size: SIZES.small },
  );

  heading(w, 'Attached files', 2, 40 + attachments.length * 14);
  const embedded = 'Embedded in this PDF (PDF/A-3 associated files, relationship "Data")';
  paragraph(
    w,
    beside === undefined
      ? `${embedded}, byte-identical to the files delivered beside it:`
      : beside.length === 0
        ? `${embedded}; this run (--format) wrote none of them beside it, so these embedded copies are the only ones:`
        : `${embedded}; of these, this run (--format) wrote only ${beside.join(', ')} beside it, byte-identical:`,
  );
  bullets(w, attachments);
}
