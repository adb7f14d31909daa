/**
 * The sample's files (CONTRACT §9): sample.csv (`rank,use_id,key` + the uses.csv columns),
 * sample.pdf (one evidence page per sampled use) and manifest.json with seed, N, P and the
 * population hash, so anyone can re-draw the sample with `sha256sum`, `sort` and `head`.
 */
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputFile } from '../domain/template.ts';
import type { SampleDraw } from '../sample/index.ts';
import { formatLocal } from '../time/index.ts';
import { toCsv } from './csv.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText, USES_COLUMNS, useCells } from './format.ts';
import { jsonBytes } from './json.ts';
import { sha256Hex } from './manifest.ts';

export interface SampleRenderOptions {
  template: FrameworkTemplate;
  sizeMode: 'auto' | 'fixed';
}

export type SamplePdfRenderer = (report: Report, draw: SampleDraw, options: SampleRenderOptions) => Promise<Buffer> | Buffer;

let samplePdf: SamplePdfRenderer | undefined;

/** The PDF engine registers itself here (render/pdf is optional to the rest of render/). */
export function registerSamplePdf(renderer: SamplePdfRenderer): void {
  samplePdf = renderer;
}

export const SAMPLE_COLUMNS = ['rank', 'use_id', 'key', ...USES_COLUMNS] as const;

export const SIZE_CONVENTION =
  'The auto size table (population up to 1: all; up to 4: 2; up to 12: 3; up to 52: 10; up to 250: 25; else 40) ' +
  'is a common audit convention for testing controls by frequency, not a statistical standard; the config may override it.';

export function redrawInstructions(draw: SampleDraw): string[] {
  return [
    'Save the population ids (uses.csv column use_id, no header), one per line, as population.txt.',
    `Population hash: LC_ALL=C sort population.txt | head -c -1 | sha256sum  -> ${draw.populationHash}`,
    `Keys: while IFS= read -r id; do printf '%s %s\\n' "$(printf '%s' "$SEED:$id" | sha256sum | cut -d' ' -f1)" "$id"; done < population.txt | LC_ALL=C sort | head -n ${draw.size}`,
    'The second column of that output, in order, is the sample (rank 1 first).',
  ];
}

export async function renderSample(report: Report, draw: SampleDraw, options: SampleRenderOptions): Promise<OutputFile[]> {
  const byId = new Map(report.uses.map((u) => [u.id, u]));
  const rows = draw.picks.map((p) => [String(p.rank), p.useId, p.key, ...useCells(byId.get(p.useId)!, report.timezone)]);
  const files: OutputFile[] = [{ name: 'sample.csv', data: toCsv(SAMPLE_COLUMNS, rows) }];
  if (samplePdf) files.push({ name: 'sample.pdf', data: await samplePdf(report, draw, options) });
  const manifest = {
    schema: 'glasstrail.sample/v1',
    status: report.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE',
    evidenceId: evidenceId(report),
    period: report.period.label,
    asOf: formatLocal(report.asOf, report.timezone),
    generatedAt: formatLocal(report.generatedAt, report.timezone),
    method: 'key(use) = hex SHA-256 of seed + ":" + use_id; sort by key ascending; take the first N',
    seed: draw.seed,
    N: draw.size,
    P: draw.population,
    populationHash: draw.populationHash,
    sizeMode: options.sizeMode,
    sizeTable: report.config.sampling.sizes.map((s) => ({ maxPopulation: s.maxPopulation, size: s.size })),
    sizeConvention: SIZE_CONVENTION,
    redraw: redrawInstructions(draw),
    sample: draw.picks,
    outputs: files
      .map((f) => ({ name: f.name, sha256: sha256Hex(f.data), bytes: f.data.length }))
      .sort((a, b) => compareText(a.name, b.name)),
  };
  files.push({ name: 'manifest.json', data: jsonBytes(manifest) });
  return files;
}
