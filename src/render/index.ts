/**
 * The render stage: a name -> renderer map (one renderer per format) and the run order.
 * Renderers read only the finished report and the template; the PDF renderer is
 * registered by the lead (`registerRenderer('pdf', …)`), the others are built in.
 */
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputDigest, OutputFile, RenderedFile } from '../domain/template.ts';
import { UsageError } from '../errors.ts';
import { streamCsv } from './csv.ts';
import { streamJson } from './json.ts';
import { digestOf, renderManifest } from './manifest.ts';
import { renderMarkdown } from './markdown.ts';
import { materialise } from './materialise.ts';
import type { Renderer } from './types.ts';

export type { RenderContext, Renderer } from './types.ts';
export { evidenceId } from './evidence-id.ts';
export { materialise } from './materialise.ts';

export type Format = 'csv' | 'json' | 'md' | 'pdf';

/** csv and json first: the PDF attaches their bytes. */
export const FORMAT_ORDER: readonly Format[] = ['csv', 'json', 'md', 'pdf'];

const renderers = new Map<Format, Renderer>([
  ['csv', streamCsv],
  ['json', streamJson],
  ['md', renderMarkdown],
]);

export function registerRenderer(format: Format, renderer: Renderer): void {
  renderers.set(format, renderer);
}

/** Takes one output (streamed or whole), writes it, and reports the digest of the bytes written. */
export type OutputSink = (file: RenderedFile) => Promise<OutputDigest>;

/**
 * Renders the requested formats in FORMAT_ORDER and hands each file to `sink` as it is
 * produced, then manifest.json (always, last) from the digests the sink reported. Without a
 * PDF nothing is kept: the CSVs and evidence.json go to the sink as pieces.
 */
export async function renderReportTo(
  report: Report,
  formats: readonly Format[],
  template: FrameworkTemplate,
  sink: OutputSink,
): Promise<void> {
  const digests: OutputDigest[] = [];
  const names = new Set<string>();
  const rendered = new Map<string, Buffer>();
  const pdf = formats.includes('pdf');
  // The PDF attaches the CSVs and evidence.json: with `--format pdf` alone they are still
  // rendered (in memory) so the PDF is complete, but only the requested files are written.
  const wanted = (format: Format) => formats.includes(format) || (pdf && (format === 'csv' || format === 'json'));
  for (const format of FORMAT_ORDER) {
    if (!wanted(format)) continue;
    const renderer = renderers.get(format);
    if (!renderer) {
      throw new UsageError('unknown-format', `no renderer for format "${format}"`, {
        key: '--format',
        fix: `use one of: ${FORMAT_ORDER.filter((f) => renderers.has(f)).join(', ')}`,
      });
    }
    for (const produced of await renderer(report, { template, rendered, formats })) {
      if (names.has(produced.name)) throw new Error(`render: two renderers produced ${produced.name}`);
      names.add(produced.name);
      // Only a PDF reads earlier outputs, so only then are their bytes held in memory.
      const file = pdf ? materialise(produced) : produced;
      if ('data' in file && pdf) rendered.set(file.name, file.data);
      if (formats.includes(format)) digests.push(await sink(file));
    }
  }
  await sink(renderManifest(report, digests));
}

/** Every output as bytes in memory, manifest.json last (tests, and callers that want the files whole). */
export async function renderReport(
  report: Report,
  formats: readonly Format[],
  template: FrameworkTemplate,
): Promise<OutputFile[]> {
  const outputs: OutputFile[] = [];
  await renderReportTo(report, formats, template, async (file) => {
    const whole = materialise(file);
    outputs.push(whole);
    return digestOf(whole);
  });
  return outputs;
}
