/** Exceptions, most severe first: a count per code, then every finding. */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate } from '../../domain/template.ts';
import type { Finding } from '../../domain/use.ts';
import { SEVERITY_ORDER, sortedFindings } from '../format.ts';
import { count, plural } from './format.ts';
import { table } from './table.ts';
import { COLORS, SEVERITY_COLORS, SIZES } from './theme.ts';
import { heading, paragraph, section, type Writer } from './writer.ts';

export function drawExceptions(w: Writer, report: Report, template: FrameworkTemplate): void {
  section(w, 'Exceptions');
  const findings = sortedFindings(report);
  if (findings.length === 0) {
    paragraph(w, 'No exceptions: no gap rule fired for any use or waiver in the period.', { style: 'bold', color: COLORS.good });
    return;
  }
  paragraph(
    w,
    `${plural(findings.length, 'finding')} in the period, grouped by severity. Each names its subject (a use id, or a waiver id for WAIVER_STALE), the rule that fired and the ${template.framework} controls it is relevant to. Rule definitions are in the appendix; gaps.csv holds the same rows.`,
  );
  for (const severity of SEVERITY_ORDER) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    heading(w, `${severity[0]?.toUpperCase()}${severity.slice(1)} severity — ${plural(group.length, 'finding')}`, 2);
    const byCode = new Map<string, Finding[]>();
    for (const f of group) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
    const codes = [...byCode.keys()].sort();
    paragraph(w, codes.map((c) => `${c} ${count(byCode.get(c)?.length ?? 0)}`).join('   ·   '), {
      size: SIZES.small + 0.5,
      style: 'bold',
      color: SEVERITY_COLORS[severity],
    });
    table(
      w,
      [
        { header: 'Subject', width: 2.1, fit: 5 },
        { header: 'Code', width: 2.5, style: 'bold', fit: 5 },
        { header: 'Controls', width: 1.8 },
        { header: 'Finding', width: 3.6 },
      ],
      group.map((f) => [f.subject, f.code, (template.controls[f.code] ?? []).join(', '), f.message]),
      { size: SIZES.small, cell: (_row, col) => (col === 1 ? { color: SEVERITY_COLORS[severity] } : undefined) },
    );
  }
}
