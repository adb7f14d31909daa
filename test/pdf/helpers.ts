/** Shared helpers for the PDF tests: render the fixture and run poppler / qpdf on the bytes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/domain/report.ts';
import type { FrameworkTemplate } from '../../src/domain/template.ts';
import { renderCsv } from '../../src/render/csv.ts';
import { renderJson } from '../../src/render/json.ts';
import { renderPdf } from '../../src/render/pdf/index.ts';
import { loadTemplate, templatesDir } from '../../src/render/templates.ts';

export async function soc2(): Promise<FrameworkTemplate> {
  return loadTemplate(templatesDir(), 'soc2');
}

/** The files the PDF attaches, rendered by the real CSV and JSON renderers. */
export async function renderedInputs(report: Report, template: FrameworkTemplate): Promise<Map<string, Buffer>> {
  const rendered = new Map<string, Buffer>();
  const ctx = { template, rendered };
  for (const f of [...renderCsv(report, ctx), ...renderJson(report, ctx)]) rendered.set(f.name, f.data);
  return rendered;
}

export interface Rendered {
  pdf: Buffer;
  file: string;
  dir: string;
  rendered: Map<string, Buffer>;
}

export async function renderToFile(report: Report, template: FrameworkTemplate, rendered?: Map<string, Buffer>): Promise<Rendered> {
  const inputs = rendered ?? (await renderedInputs(report, template));
  const out = await renderPdf(report, { template, rendered: inputs });
  const pdf = out[0]?.data;
  if (!pdf || out.length !== 1 || out[0]?.name !== 'evidence.pdf') throw new Error('renderPdf did not return exactly evidence.pdf');
  const dir = mkdtempSync(join(tmpdir(), 'glasstrail-pdf-'));
  const file = join(dir, 'evidence.pdf');
  writeFileSync(file, pdf);
  return { pdf, file, dir, rendered: inputs };
}

/** Run a tool; returns stdout (throws with stderr on a non-zero exit). */
export function run(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

export function text(file: string, options: { first?: number; last?: number; layout?: boolean } = {}): string {
  const args: string[] = options.layout === false ? [] : ['-layout'];
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  return run('pdftotext', [...args, file, '-']);
}
