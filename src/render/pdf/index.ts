/**
 * evidence.pdf (CONTRACT §6): PDF/A-3b, tagged, fonts embedded, the CSVs and the JSON attached.
 * A pure function of the report, the template and the already-rendered files.
 */
import type { Report } from '../../domain/report.ts';
import type { FrameworkTemplate, OutputFile } from '../../domain/template.ts';
import { evidenceId } from '../evidence-id.ts';
import type { Renderer } from '../types.ts';
import { drawAppendix } from './appendix.ts';
import { drawCover } from './cover.ts';
import { attach, createDocument, finish } from './document.ts';
import { drawExceptions } from './exceptions.ts';
import { createFontSet } from './fonts.ts';
import { drawFooters } from './footer.ts';
import { drawGates } from './gates.ts';
import { drawPopulation } from './population.ts';
import { drawProgram } from './program.ts';
import { drawSummary } from './summary.ts';
import { drawUsesTable } from './uses-table.ts';
import { createWriter, endWriter } from './writer.ts';

export const PDF_NAME = 'evidence.pdf';

/** The files evidence.pdf embeds, in this order. */
export const ATTACHMENTS = [
  { name: 'uses.csv', type: 'text/csv', description: 'One row per break-glass use in the period', format: 'csv' },
  { name: 'gaps.csv', type: 'text/csv', description: 'One row per finding', format: 'csv' },
  { name: 'gates.csv', type: 'text/csv', description: 'Metrics per gate, totals last', format: 'csv' },
  { name: 'evidence.json', type: 'application/json', description: 'The full evidence record', format: 'json' },
] as const;

export function pdfMeta(report: Report, template: FrameworkTemplate, id: string) {
  return {
    title: `${template.title} — ${report.organization} — ${report.period.label}`,
    author: report.organization,
    subject: `${template.framework} ${template.primaryControl} break-glass evidence for ${report.period.label}`,
    keywords: `break-glass, ${template.framework}, ${template.primaryControl}, ${report.period.label}, evidence ${id}`,
    creator: `${report.tool.name} ${report.tool.version}`,
    createdAt: report.generatedAt,
  };
}

export const renderPdf: Renderer<OutputFile> = async (report, ctx) => {
  const { template, rendered } = ctx;
  const id = evidenceId(report);
  const doc = createDocument(pdfMeta(report, template, id));
  const fonts = createFontSet(doc);
  const present = ATTACHMENTS.filter((a) => rendered.has(a.name));
  const attachmentNames = ATTACHMENTS.map((a) => (rendered.has(a.name) ? a.name : `${a.name} (not rendered in this run, not attached)`));

  const w = createWriter(doc, fonts);
  drawCover(w, report, template, { evidenceId: id, attachments: attachmentNames });
  drawSummary(w, report, template);
  drawPopulation(w, report);
  drawGates(w, report);
  drawExceptions(w, report, template);
  drawUsesTable(w, report);
  drawProgram(w, report);
  // the attached files this run also writes beside the PDF (`--format pdf` alone writes none)
  const beside = present.filter((a) => ctx.formats === undefined || ctx.formats.includes(a.format)).map((a) => a.name);
  drawAppendix(w, report, template, attachmentNames, beside.length === present.length ? undefined : beside);
  endWriter(w);

  const footer = `${report.organization} · ${template.framework} ${template.primaryControl} · ${report.period.label} · evidence ${id.slice(0, 16)}`;
  drawFooters(doc, fonts, footer, report.incomplete.length > 0 ? 'INCOMPLETE' : undefined);

  for (const a of present) {
    const data = rendered.get(a.name);
    if (data) attach(doc, { name: a.name, type: a.type, description: a.description, data }, report.generatedAt);
  }
  return [{ name: PDF_NAME, data: await finish(doc) }];
};
