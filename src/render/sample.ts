/**
 * The sample's files (CONTRACT §9): sample.csv (`rank,use_id,key` + the uses.csv columns),
 * sample.pdf (one evidence page per sampled use) and manifest.json with seed, N, P and the
 * population hash, so anyone can re-draw the sample with `sha256sum`, `sort` and `head`; and
 * population.txt, the ids exactly as hashed, since a column cut from uses.csv is not (a cell
 * can hold a comma or a line break, a formula guard adds a `'`, an INCOMPLETE banner a row).
 */
import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputFile } from '../domain/template.ts';
import type { SampleSizeStep } from '../domain/config.ts';
import { DEFAULT_SAMPLE_SIZES, type SampleDraw, sortedPopulation } from '../sample/index.ts';
import { formatLocal } from '../time/index.ts';
import { toCsv } from './csv.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText, USES_COLUMNS, useCells } from './format.ts';
import { jsonBytes } from './json.ts';
import { sha256Hex } from '../util/digest.ts';

export interface SampleRenderOptions {
  template: FrameworkTemplate;
  sizeMode: 'auto' | 'fixed';
  /** `--size N` as given (N may exceed the population, then N is P); null with `auto` */
  sizeRequested?: number | null;
}

export type SamplePdfRenderer = (report: Report, draw: SampleDraw, options: SampleRenderOptions) => Promise<Buffer> | Buffer;

let samplePdf: SamplePdfRenderer | undefined;

/** The PDF engine registers itself here (render/pdf is optional to the rest of render/). */
export function registerSamplePdf(renderer: SamplePdfRenderer): void {
  samplePdf = renderer;
}

export const SAMPLE_COLUMNS = ['rank', 'use_id', 'key', ...USES_COLUMNS] as const;

const CONVENTION_NOTE = 'a common audit convention for testing controls by frequency, not a statistical standard';

function sizeTableText(steps: readonly SampleSizeStep[]): string {
  return steps
    .map((step) => {
      const size = step.size === null ? 'all' : String(step.size);
      return step.maxPopulation === null ? `else ${size}` : `up to ${step.maxPopulation}: ${size}`;
    })
    .join('; ');
}

/** What the output says of the size table actually used (CONTRACT §9: "say so in the output"). */
export function sizeConvention(steps: readonly SampleSizeStep[]): string {
  const table = sizeTableText(steps);
  if (table === sizeTableText(DEFAULT_SAMPLE_SIZES)) {
    return `The auto size table (population ${table}) is ${CONVENTION_NOTE}; the config may override it.`;
  }
  return `The auto size table was set in the config (population ${table}); it replaces the default (population ${sizeTableText(DEFAULT_SAMPLE_SIZES)}), which is ${CONVENTION_NOTE}.`;
}

/** population.txt: exactly the bytes the population hash is taken of, so `sha256sum population.txt` shows it. */
export const POPULATION_FILE = 'population.txt';

export const SAMPLE_SCHEMA = 'glasstrail.sample/v1';

export function populationText(useIds: readonly string[]): Buffer {
  return Buffer.from(sortedPopulation(useIds).join('\n'), 'utf8');
}

/** A POSIX-shell single-quoted word: every character literal, `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.split("'").join("'\\''")}'`;
}

export function redrawInstructions(draw: SampleDraw): string[] {
  return [
    `${POPULATION_FILE} (beside this file) holds the population: the period's use ids (uses.csv column use_id), sorted byte-wise, one per line, no final newline.`,
    `Population hash: sha256sum ${POPULATION_FILE}  -> ${draw.populationHash}`,
    `Seed: SEED=${shellQuote(draw.seed)}`,
    `Keys: while IFS= read -r id || [ -n "$id" ]; do printf '%s %s\\n' "$(printf '%s' "$SEED:$id" | sha256sum | cut -d' ' -f1)" "$id"; done < ${POPULATION_FILE} | LC_ALL=C sort | head -n ${draw.size}`,
    'The second column of that output, in order, is the sample (rank 1 first).',
  ];
}

export async function renderSample(report: Report, draw: SampleDraw, options: SampleRenderOptions): Promise<OutputFile[]> {
  const rows = draw.picks.map((p) => [String(p.rank), p.useId, p.key, ...useCells(report.uses[p.index]!, report.timezone)]);
  const files: OutputFile[] = [
    { name: 'sample.csv', data: toCsv(SAMPLE_COLUMNS, rows) },
    { name: POPULATION_FILE, data: populationText(report.uses.map((u) => u.id)) },
  ];
  if (samplePdf) files.push({ name: 'sample.pdf', data: await samplePdf(report, draw, options) });
  const manifest = {
    schema: SAMPLE_SCHEMA,
    status: report.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE',
    incomplete: [...report.incomplete],
    // a population the archive holds only in part is said here too (archive/coverage.ts)
    coverageGaps: [...report.population.coverageGaps],
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
    sizeRequested: options.sizeRequested ?? null,
    sizeTable: report.config.sampling.sizes.map((s) => ({ maxPopulation: s.maxPopulation, size: s.size })),
    sizeConvention: sizeConvention(report.config.sampling.sizes),
    redraw: redrawInstructions(draw),
    sample: draw.picks.map(({ rank, useId, key }) => ({ rank, useId, key })),
    outputs: files
      .map((f) => ({ name: f.name, sha256: sha256Hex(f.data), bytes: f.data.length }))
      .sort((a, b) => compareText(a.name, b.name)),
    // the same inputs a report of this period lists (CONTRACT §6), so the sample is tied to its files
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256, bytes: i.bytes })),
  };
  files.push({ name: 'manifest.json', data: jsonBytes(manifest) });
  return files;
}
