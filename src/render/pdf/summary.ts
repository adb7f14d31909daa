/** Executive summary: the control assertion, each part with its numbers and met / not met. */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate } from '../../domain/template.ts';
import { rateCell, SEVERITY_ORDER } from '../format.ts';
import { assertions, VERDICT_LABEL } from './assertions.ts';
import { asOfCut, count, plural } from './format.ts';
import { table } from './table.ts';
import { COLORS, SEVERITY_COLORS, SIZES } from './theme.ts';
import { heading, paragraph, section, type Writer } from './writer.ts';

export function drawSummary(w: Writer, report: Report, template: FrameworkTemplate): void {
  section(w, 'Executive summary');
  paragraph(w, template.narrative.intro, { after: 10 });

  const list = assertions(report);
  const metCount = list.filter((a) => a.verdict === 'met').length;
  const pending = list.filter((a) => a.verdict === 'pending').length;
  const unverified = list.filter((a) => a.verdict === 'unverified').length;
  heading(w, 'Control assertion', 2);
  paragraph(
    w,
    `A sound break-glass program is documented, restricted, logged and reviewed. ${metCount} of 4 parts are met for ${report.period.label}` +
      `${pending > 0 ? ` and ${pending} ${pending === 1 ? 'is' : 'are'} pending (reviews still open and not yet due at as-of)` : ''}` +
      `${unverified > 0 ? `; ${unverified} ${unverified === 1 ? 'is' : 'are'} unverified: no finding of ${unverified === 1 ? 'it' : 'them'} was seen, but a source ${unverified === 1 ? 'it is' : 'they are'} judged on is not configured, not read in full (INCOMPLETE) or has a coverage gap, so findings may be missing` : ''}. ` +
      'A part is met when none of the findings listed in its criterion occurred in the period.',
  );
  table(
    w,
    [
      { header: 'Assertion', width: 1.1, style: 'bold' },
      { header: 'Criterion', width: 3.0 },
      { header: 'Figures', width: 2.6 },
      { header: 'Result', width: 1.1, align: 'center' },
    ],
    list.map((a) => [a.title, a.criterion, a.figures.join('\n'), VERDICT_LABEL[a.verdict]]),
    {
      size: SIZES.table + 0.5,
      zebra: false,
      cell: (row, col) => {
        if (col !== 3) return undefined;
        const verdict = list[row]?.verdict ?? 'not met';
        if (verdict === 'pending') return { style: 'bold', color: COLORS.muted };
        if (verdict === 'unverified') return { style: 'bold', color: COLORS.bad };
        const met = verdict === 'met';
        return { style: 'bold', color: met ? COLORS.good : COLORS.bad, fill: met ? COLORS.goodLight : COLORS.badLight };
      },
    },
  );

  heading(w, 'Findings by severity', 2);
  const sev = report.metrics.findingsBySeverity;
  table(
    w,
    [
      { header: 'Severity', width: 1, style: 'bold' },
      { header: 'Findings', width: 1, align: 'right' },
      { header: 'Meaning', width: 4 },
    ],
    SEVERITY_ORDER.map((s) => [s, count(sev[s]), SEVERITY_MEANING[s]]),
    { cell: (row, col) => (col === 0 ? { color: SEVERITY_COLORS[SEVERITY_ORDER[row] ?? 'info'] } : undefined) },
  );
  const total = report.metrics.gates.find((g) => g.gate === '*');
  const facts = [
    `${plural(report.uses.length, 'use')} in the period: ${count(report.uses.filter((u) => u.sanctioned).length)} sanctioned, ${count(report.uses.filter((u) => !u.sanctioned).length)} unsanctioned; ${plural(report.waived.length, 'bypass event')} fell under a waiver.`,
    total ? `${count(total.merges)} merges into the configured gates; overall glass rate ${rateCell(total.glassRate) || 'n/a'}.` : '',
    report.metrics.rising ? 'The monthly glass rate rose at least twice in a row (rising trend).' : '',
    asOfCut(report) ?? '',
  ].filter(Boolean);
  paragraph(w, facts.join(' '));

  heading(w, 'Basis of each assertion', 2);
  for (const key of ['documented', 'restricted', 'logged', 'reviewed'] as const) {
    paragraph(w, template.narrative[key], { after: 6 });
  }
}

const SEVERITY_MEANING: Record<(typeof SEVERITY_ORDER)[number], string> = {
  high: 'A key step of the procedure is missing for this use (unsanctioned, unauthorized, unreviewed, tampered).',
  medium: 'The use was authorized but the record or review is deficient, or a waiver has been open too long.',
  low: 'A completed review lacks a recorded follow-up.',
  info: 'For context only (e.g. a grant that was never used).',
};
