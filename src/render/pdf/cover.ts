/** Page 1: what this is, for whom, over which period — and INCOMPLETE first when it is. */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate } from '../../domain/template.ts';
import { count, local, localAndUtc, utc } from './format.ts';
import { unconfiguredSources } from '../format.ts';
import { keyValues } from './table.ts';
import { drawLines, layoutText, type Line, lineHeight, type TextStyle } from './text.ts';
import { COLORS, SIZES } from './theme.ts';
import { artifact, bottom, contentWidth, left, tagged, type Writer } from './writer.ts';

export interface CoverFacts {
  evidenceId: string;
  attachments: readonly string[];
}

function block(w: Writer, type: string, text: string, style: TextStyle, after: number): void {
  const lines = layoutText(w.doc, w.fonts, text, contentWidth(w), style);
  const y = w.y;
  tagged(w, type, () => {
    drawLines(w.doc, lines, left(w), y, contentWidth(w), style);
  });
  w.y += lines.length * lineHeight(style.size) + after;
}

/** A red box with the reasons; drawn before anything else on page 1. */
function incompleteBanner(w: Writer, reasons: readonly string[]): void {
  const { doc } = w;
  const x = left(w);
  const width = contentWidth(w);
  const pad = 10;
  const titleStyle: TextStyle = { size: 20, style: 'bold', color: COLORS.bad };
  const bodyStyle: TextStyle = { size: SIZES.body, color: COLORS.ink };
  const intro =
    'A source could not be read completely. This evidence does not cover the full population and must not be relied on as complete. Reasons:';
  const introLines = layoutText(doc, w.fonts, intro, width - 2 * pad, bodyStyle);
  const lh = lineHeight(SIZES.body);
  const fixed = pad + lineHeight(20) + 4 + introLines.length * lh + 4 + pad;
  // The banner keeps to the top of page 1, so the title, the figures and the facts table stay on
  // it: reasons that do not fit are counted and left to evidence.json (attached) and manifest.json.
  const room = (bottom(w) - w.y) * 0.36 - fixed - lh;
  const reasonLines: Line[][] = [];
  let used = 0;
  for (const [i, r] of reasons.entries()) {
    const lines = layoutText(doc, w.fonts, `•  ${r}`, width - 2 * pad - 8, bodyStyle);
    if (used + lines.length * lh > room && i > 0) {
      const more = reasons.length - i;
      reasonLines.push(layoutText(doc, w.fonts, `… and ${more} more reason${more === 1 ? '' : 's'}: every reason is in evidence.json (attached) and manifest.json, "incomplete"`, width - 2 * pad - 8, bodyStyle));
      break;
    }
    // one reason alone may still be too long: cut it, the files hold it whole
    const fit = Math.max(1, Math.floor(room / lh));
    reasonLines.push(lines.length > fit ? [...lines.slice(0, fit - 1), ...layoutText(doc, w.fonts, '…', 20, bodyStyle)] : lines);
    used += Math.min(lines.length, fit) * lh;
  }
  const h = fixed + reasonLines.reduce((s, l) => s + l.length * lh, 0);
  const top = w.y;
  artifact(w, () => {
    doc.rect(x, top, width, h).fill(COLORS.badLight);
    doc.rect(x, top, 5, h).fill(COLORS.bad);
  });
  let y = top + pad;
  tagged(w, 'H1', () => {
    drawLines(doc, layoutText(doc, w.fonts, 'INCOMPLETE', width, titleStyle), x + pad + 4, y, width, titleStyle);
  });
  y += lineHeight(20) + 4;
  const introY = y;
  tagged(w, 'P', () => {
    drawLines(doc, introLines, x + pad + 4, introY, width - 2 * pad, bodyStyle);
  });
  y += introLines.length * lh + 4;
  for (const lines of reasonLines) {
    const ry = y;
    tagged(w, 'P', () => {
      drawLines(doc, lines, x + pad + 12, ry, width - 2 * pad - 8, bodyStyle);
    });
    y += lines.length * lh;
  }
  w.y = top + h + 16;
}

/** Headline figures in small boxes; each box is a `P` so the text reads in order. */
function figures(w: Writer, cards: readonly (readonly [string, string, string])[]): void {
  const { doc } = w;
  const gapX = 8;
  const width = (contentWidth(w) - gapX * (cards.length - 1)) / cards.length;
  const h = 50;
  const top = w.y;
  cards.forEach(([value, caption, color], i) => {
    const x = left(w) + i * (width + gapX);
    artifact(w, () => {
      doc.rect(x, top, width, h).fill(COLORS.zebra);
      doc.rect(x, top, width, 3).fill(color);
    });
    const valueStyle: TextStyle = { size: 18, style: 'bold', color, align: 'center' };
    const captionStyle: TextStyle = { size: SIZES.small, color: COLORS.muted, align: 'center' };
    tagged(w, 'P', () => {
      drawLines(doc, layoutText(doc, w.fonts, value, width, valueStyle), x, top + 9, width, valueStyle);
      drawLines(doc, layoutText(doc, w.fonts, caption, width - 6, captionStyle).slice(0, 1), x + 3, top + 33, width - 6, captionStyle);
    });
  });
  w.y = top + h + 16;
}

export function drawCover(w: Writer, report: Report, template: FrameworkTemplate, facts: CoverFacts): void {
  const { doc } = w;
  w.outline = doc.outline.addItem('Cover');
  const band = w.y;
  artifact(w, () => {
    doc.rect(0, 0, doc.page.width, 8).fill(COLORS.accent);
  });
  const kicker: TextStyle = { size: SIZES.small + 0.5, style: 'bold', color: COLORS.accent };
  // the framework and control as the template writes them: upper-cased, "PCI DSS v4.0.1" read "V4.0.1"
  block(w, 'P', `AUDIT EVIDENCE  ·  ${template.framework}  ·  ${template.primaryControl}`, kicker, 8);
  w.y = Math.max(w.y, band + 14);
  if (report.incomplete.length > 0) incompleteBanner(w, report.incomplete);
  block(w, 'H1', template.title, { size: SIZES.title, style: 'bold', color: COLORS.ink }, 6);
  block(w, 'P', report.organization, { size: 15, color: COLORS.accent }, 4);
  block(
    w,
    'P',
    `${template.framework}, ${template.controlTerm} ${template.primaryControl} — ${template.controlNames[template.primaryControl] ?? ''}`,
    { size: SIZES.body, color: COLORS.muted },
    18,
  );

  const sanctioned = report.uses.filter((u) => u.sanctioned).length;
  const unsanctioned = report.uses.length - sanctioned;
  const high = report.metrics.findingsBySeverity.high;
  figures(w, [
    [count(sanctioned), 'sanctioned uses', COLORS.sanctioned],
    [count(unsanctioned), 'unsanctioned uses', unsanctioned > 0 ? COLORS.bad : COLORS.good],
    [count(report.findings.length), `findings (${count(high)} high)`, high > 0 ? COLORS.bad : COLORS.good],
    [report.ledger.ok ? 'Verified' : 'FAILED', 'ledger hash chain', report.ledger.ok ? COLORS.good : COLORS.bad],
  ]);

  const p = report.period;
  // a source the config does not name was never collected: the archive's coverage of it is unknown
  const unconfigured = unconfiguredSources(report);
  keyValues(w, [
    ['Organisation', report.organization],
    ['Framework and control', `${template.framework} ${template.primaryControl}`],
    ['Period', `${p.label}: ${p.firstDay} to ${p.lastDay} inclusive (${report.timezone})`],
    ['Period, local time', `${local(report, p.start)}  to  ${local(report, p.end)}  (end exclusive)`],
    ['Period, UTC', `${utc(p.start)}  to  ${utc(p.end)}  (end exclusive)`],
    ['As of', `${localAndUtc(report, report.asOf)}: reviews are judged at this instant, and nothing after it is counted${report.asOf < p.end ? ' (it lies inside the period: the figures stop here)' : ''}`],
    ['Generated at', localAndUtc(report, report.generatedAt)],
    ['Evidence ID', facts.evidenceId],
    ['Configuration digest', report.configDigest],
    ['Produced by', `${report.tool.name} ${report.tool.version}`],
    ['Attached files', facts.attachments.join(', ')],
    ['Status', report.incomplete.length > 0
      ? `INCOMPLETE (${report.incomplete.length} reason(s), see above)`
      : report.population.coverageGaps.length > 0
        ? `Every source was read in full, but the archive has ${report.population.coverageGaps.length} coverage gap(s): see "Population and completeness"`
        : unconfigured.length > 0
          ? `Every configured source was read in full, but the config names no ${unconfigured.join(' or ')} source, so nothing was collected from ${unconfigured.length === 1 ? 'it' : 'them'}`
          : 'Complete: every source was read in full and the archive covers the period'],
  ], {
    cell: (row, col) => {
      if (col !== 1) return undefined;
      if (row === 7 || row === 8) return { style: 'mono', size: 8 };
      if (row === 11) return { color: report.incomplete.length > 0 || report.population.coverageGaps.length > 0 || unconfigured.length > 0 ? COLORS.bad : COLORS.good, style: 'bold' };
      return undefined;
    },
  });

  const note =
    'The evidence ID is the SHA-256 of the canonical JSON of the configuration digest, the input files (path, SHA-256, size; the framework template among them), the period, the as-of instant, the framework, the tool version and, for incomplete evidence, the reasons; any change to what the report was built from changes it. manifest.json lists the SHA-256 of every input and output file.';
  block(w, 'P', note, { size: SIZES.small, color: COLORS.muted }, 0);
}
