/**
 * PDF stage: evidence.pdf for N uses beside pdfkit drawing a bare table of the same rows.
 * Both cases come from the PDF engineer's bench/pdf/run.ts (`--child <case>:<N>`, one process
 * per case, printing a JSON line with its in-process render time); we add wall time and
 * peak RSS of each process.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, type Measured } from '../lib/measure.ts';

const PDF_BENCH = resolve(fileURLToPath(new URL('../pdf/run.ts', import.meta.url)));

export interface PdfCase {
  /** in-process seconds to build the report object and render (from bench/pdf/run.ts) */
  renderSeconds: number;
  bytes: number;
  process: Measured;
}

export interface PdfResult {
  uses: number;
  /** runs of each case; the figures are the fastest run's, peak RSS the largest seen */
  runs: number;
  evidence: PdfCase;
  bare: PdfCase;
}

export function pdfBenchPresent(): boolean {
  return existsSync(PDF_BENCH);
}

async function runCase(which: 'evidence' | 'bare-table', uses: number): Promise<PdfCase> {
  const m = await measure(process.execPath, [PDF_BENCH, '--child', `${which}:${uses}`], { cwd: join(PDF_BENCH, '..', '..', '..'), keepStdout: true });
  if (m.exitCode !== 0) throw new Error(`bench/pdf/run.ts --child ${which}:${uses} exited ${m.exitCode}: ${m.stderrTail.trim()}`);
  const line = (m.stdout ?? '').trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(line) as { seconds?: unknown; bytes?: unknown };
  if (typeof parsed.seconds !== 'number' || typeof parsed.bytes !== 'number') throw new Error(`bench/pdf/run.ts printed no seconds/bytes: ${line}`);
  return { renderSeconds: parsed.seconds, bytes: parsed.bytes, process: m };
}

/** Each case `runs` times, alternating, so a slow spell of a shared machine does not fall on one case only. */
export async function benchPdf(uses: number, runs: number, log: (line: string) => void): Promise<PdfResult> {
  const evidence: PdfCase[] = [];
  const bare: PdfCase[] = [];
  for (let i = 0; i < runs; i++) {
    evidence.push(await runCase('evidence', uses));
    bare.push(await runCase('bare-table', uses));
    log(`pdf ${uses}, run ${i + 1}/${runs}: evidence ${evidence.at(-1)!.renderSeconds.toFixed(2)} s, bare table ${bare.at(-1)!.renderSeconds.toFixed(2)} s`);
  }
  return { uses, runs, evidence: fastest(evidence), bare: fastest(bare) };
}

/** The fastest run (by render time), with the largest peak RSS seen over all runs. */
function fastest(cases: readonly PdfCase[]): PdfCase {
  const peak = Math.max(0, ...cases.map((c) => c.process.peakRssMb ?? 0));
  const best = cases.reduce((a, b) => (b.renderSeconds < a.renderSeconds ? b : a));
  return { ...best, process: { ...best.process, peakRssMb: peak || null } };
}
