/** `glasstrail sample`: a seeded, re-drawable audit sample of the period's uses (CONTRACT §9). */
import { resolve } from 'node:path';
import type { Report } from '../domain/report.ts';
import { ShapeError, UsageError } from '../errors.ts';
import { registerSamplePdf, renderSample, SAMPLE_SCHEMA } from '../render/sample.ts';
import { loadTemplate, templatesDir } from '../render/templates.ts';
import { autoSampleSize, drawSample, type SampleDraw } from '../sample/index.ts';
import type { RunEnv } from './context.ts';
import { checkOutDir, writeOutputs } from './outputs.ts';
import { buildReport, defaultOutDir, type PipelineOptions } from './report.ts';

// Loaded on first use, so the other commands do not load pdfkit and its fonts at start-up.
registerSamplePdf(async (report, draw, options) => (await import('../render/pdf/sample.ts')).renderSamplePdf(report, draw, options));

export interface SampleOptions extends PipelineOptions {
  seed: string;
  /** a whole number, or `auto` for the size table */
  size?: string;
  outDir?: string;
}

export interface SampleOutcome {
  report: Report;
  draw: SampleDraw;
  outDir: string;
  files: string[];
}

export function parseSampleSize(text: string | undefined): number | 'auto' {
  if (text === undefined || text === 'auto') return 'auto';
  // a sample of none tests nothing: an auditor asking for one means a typo
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError('bad-size', `--size must be a whole number of at least 1, or "auto", got "${text}"`, { fix: 'e.g. --size 25 or --size auto' });
  return Number(text);
}

export async function runSample(options: SampleOptions, run: RunEnv): Promise<SampleOutcome> {
  if (options.seed.trim() === '') throw new UsageError('empty-seed', options.seed === '' ? '--seed must not be empty' : '--seed must hold more than blanks', { fix: 'pass a seed the auditor chose, e.g. --seed "FY26-Q3 walkthrough"' });
  const size = parseSampleSize(options.size);
  const framework = options.framework ?? 'soc2';
  const template = await loadTemplate(templatesDir(), framework);
  const report = await buildReport({ ...options, framework, template }, run);
  const outDir = options.outDir ? resolve(run.cwd, options.outDir) : defaultOutDir(run, report.period.label, 'sample');
  // before drawing and rendering: a folder holding a report's evidence set is refused
  await checkOutDir(outDir, SAMPLE_SCHEMA);
  const ids = report.uses.map((u) => u.id);
  // population.txt lists one id per line (CONTRACT §9: "newline-joined"); the ledger refuses
  // such grant ids, so only a hand-made archive line could bring one
  const broken = report.uses.find((u) => /[\r\n]/.test(u.id));
  if (broken) {
    const source = broken.grant?.source ?? broken.events[0]?.source;
    throw new ShapeError('sample-id', `use id ${JSON.stringify(broken.id)} holds a line break, so the population cannot be listed one id per line`, {
      ...(source ? { where: source.file, line: source.line } : {}),
      fix: 'remove or correct that line; use ids must be single-line',
    });
  }
  const n = size === 'auto' ? autoSampleSize(ids.length, report.config.sampling.sizes) : size;
  const draw = drawSample(ids, options.seed, n);
  const files = await renderSample(report, draw, { template, sizeMode: size === 'auto' ? 'auto' : 'fixed', sizeRequested: size === 'auto' ? null : size });
  const written = await writeOutputs(outDir, SAMPLE_SCHEMA, files);
  return { report, draw, outDir, files: written };
}
