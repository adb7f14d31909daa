/**
 * The render stage: a name -> renderer map (one renderer per format) and the run order.
 * Renderers read only the finished report and the template; the PDF renderer is
 * registered by the lead (`registerRenderer('pdf', …)`), the others are built in.
 */
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputFile } from '../domain/template.ts';
import { UsageError } from '../errors.ts';
import { renderCsv } from './csv.ts';
import { renderJson } from './json.ts';
import { renderManifest } from './manifest.ts';
import { renderMarkdown } from './markdown.ts';
import type { Renderer } from './types.ts';

export type { RenderContext, Renderer } from './types.ts';
export { evidenceId } from './evidence-id.ts';

export type Format = 'csv' | 'json' | 'md' | 'pdf';

/** csv and json first: the PDF attaches their bytes. */
export const FORMAT_ORDER: readonly Format[] = ['csv', 'json', 'md', 'pdf'];

const renderers = new Map<Format, Renderer>([
  ['csv', renderCsv],
  ['json', renderJson],
  ['md', renderMarkdown],
]);

export function registerRenderer(format: Format, renderer: Renderer): void {
  renderers.set(format, renderer);
}

/** Renders the requested formats in FORMAT_ORDER, then manifest.json (always, last). */
export async function renderReport(
  report: Report,
  formats: readonly Format[],
  template: FrameworkTemplate,
): Promise<OutputFile[]> {
  const outputs: OutputFile[] = [];
  const rendered = new Map<string, Buffer>();
  // The PDF attaches the CSVs and evidence.json: with `--format pdf` alone they are still
  // rendered (in memory) so the PDF is complete, but only the requested files are written.
  const wanted = (format: Format) => formats.includes(format) || (formats.includes('pdf') && (format === 'csv' || format === 'json'));
  for (const format of FORMAT_ORDER) {
    if (!wanted(format)) continue;
    const renderer = renderers.get(format);
    if (!renderer) {
      throw new UsageError('unknown-format', `no renderer for format "${format}"`, {
        key: '--format',
        fix: `use one of: ${FORMAT_ORDER.filter((f) => renderers.has(f)).join(', ')}`,
      });
    }
    for (const file of await renderer(report, { template, rendered })) {
      if (rendered.has(file.name)) throw new Error(`render: two renderers produced ${file.name}`);
      rendered.set(file.name, file.data);
      if (formats.includes(format)) outputs.push(file);
    }
  }
  outputs.push(renderManifest(report, outputs));
  return outputs;
}
