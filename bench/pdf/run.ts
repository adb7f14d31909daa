/**
 * PDF benchmark: evidence.pdf for a synthetic report of N uses (default 10,000), beside
 * pdfkit drawing a bare tagged PDF/A table of the same rows with `doc.table`.
 * Each case runs in its own process so peak RSS (`maxRSS`) belongs to that case alone.
 *
 *   node bench/pdf/run.ts [N]
 * prints one Markdown table row per case.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { renderJson } from '../../src/render/json.ts';
import { renderCsv } from '../../src/render/csv.ts';
import { USES_COLUMNS, usesRows } from '../../src/render/format.ts';
import { FONT_PATHS } from '../../src/render/pdf/fonts.ts';
import { renderPdf } from '../../src/render/pdf/index.ts';
import { fixtureTemplate } from '../../test/render/report-fixture.ts';
import { syntheticReport } from './synthetic.ts';

type Case = 'evidence' | 'bare-table';

interface Result {
  case: Case;
  uses: number;
  seconds: number;
  maxRssMb: number;
  bytes: number;
}

/** Report, CSV and JSON are built before the clock starts: only renderPdf is timed. */
function evidence(n: number): () => Promise<number> {
  const report = syntheticReport(n);
  const template = fixtureTemplate();
  const rendered = new Map<string, Buffer>();
  for (const f of [...renderCsv(report, { template, rendered }), ...renderJson(report, { template, rendered })]) rendered.set(f.name, f.data);
  return async () => (await renderPdf(report, { template, rendered }))[0]?.data.length ?? 0;
}

/**
 * The uses.csv cells the "All uses" table shows, grouped into its 8 columns (one line per cell):
 * use id and type; actor; gate and events; start; justification and incident; review status,
 * ticket, reviewer and completion; SLA verdict, business days and due; gaps.
 */
export const SHOWN = [
  ['use_id', 'sanctioned'],
  ['actor'],
  ['gate', 'github_events'],
  ['started_at'],
  ['justification', 'incident'],
  ['review_status', 'review_ticket', 'reviewer', 'review_completed_at'],
  ['review_sla_met', 'review_business_days', 'review_due_at'],
  ['gap_codes'],
] as const satisfies readonly (readonly (typeof USES_COLUMNS)[number][])[];

/** The REFERENCE baseline: pdfkit's own table, the same rows with the same cells. */
function bareTable(n: number): () => Promise<number> {
  const groups = SHOWN.map((names) => names.map((name) => USES_COLUMNS.indexOf(name)));
  const rows = usesRows(syntheticReport(n)).map((r) => groups.map((g) => g.map((i) => r[i] ?? '').join('\n')));
  return () => drawBareTable(rows);
}

function drawBareTable(rows: string[][]): Promise<number> {
  const doc = new PDFDocument({ subset: 'PDF/A-3b', pdfVersion: '1.7', tagged: true, lang: 'en', font: FONT_PATHS.regular, size: 'A4', layout: 'landscape' });
  doc.fontSize(7.5);
  doc.table({ data: [SHOWN.map((names) => names.join(' / ')), ...rows] });
  return new Promise((resolve) => {
    let bytes = 0;
    doc.on('data', (c: Buffer) => (bytes += c.length));
    doc.on('end', () => resolve(bytes));
    doc.end();
  });
}

async function measure(which: Case, n: number): Promise<Result> {
  const job = which === 'evidence' ? evidence(n) : bareTable(n);
  const t0 = performance.now();
  const bytes = await job();
  const seconds = (performance.now() - t0) / 1000;
  // maxRSS is in kilobytes on Linux
  return { case: which, uses: n, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes };
}

function row(r: Result): string {
  return `| ${r.case} | ${r.uses} | ${r.seconds.toFixed(2)} | ${r.maxRssMb.toFixed(0)} | ${(r.bytes / 1024 / 1024).toFixed(2)} |`;
}

const [, , first, second] = process.argv;
if (first === '--child') {
  const [which, n] = (second ?? '').split(':');
  const r = await measure(which as Case, Number(n));
  process.stdout.write(`${JSON.stringify(r)}\n`);
} else {
  const n = Number(first ?? 10_000);
  const self = fileURLToPath(import.meta.url);
  console.log(`| case | uses | seconds | peak RSS MB | PDF MB |`);
  console.log(`|---|---|---|---|---|`);
  for (const which of ['evidence', 'bare-table'] as const) {
    const out = execFileSync(process.execPath, [self, '--child', `${which}:${n}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
    console.log(row(JSON.parse(out) as Result));
  }
}
