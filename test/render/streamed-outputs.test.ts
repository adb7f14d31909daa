import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputDigest, RenderedFile } from '../../src/domain/template.ts';
import { csvChunks, streamCsv, toCsv } from '../../src/render/csv.ts';
import { GAPS_COLUMNS, USES_COLUMNS, gapCells, sortedFindings, sortedUses, useCells } from '../../src/render/format.ts';
import { materialise, registerRenderer, renderReport, renderReportTo } from '../../src/render/index.ts';
import { writeOutputSet, writeOutputs } from '../../src/run/outputs.ts';
import { MANIFEST_SCHEMA } from '../../src/render/manifest.ts';
import { buildReport, fixtureTemplate, ZONE } from './report-fixture.ts';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A report with many uses and findings, so the CSV and JSON span many batches and write buffers. */
function bigReport() {
  const base = buildReport();
  const uses = Array.from({ length: 1500 }, (_, i) => base.uses.map((u) => ({ ...u, id: `${u.id}-${i}` }))).flat();
  const findings = Array.from({ length: 300 }, (_, i) => base.findings.map((f) => ({ ...f, subject: `${f.subject}-${i}` }))).flat();
  return buildReport({ uses, findings });
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'glasstrail-out-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('csvChunks', () => {
  it('joins to exactly the one-shot CSV across many batches (formula escaping, quotes, CRLF kept)', () => {
    const report = bigReport();
    const uses = sortedUses(report);
    expect(uses.length).toBeGreaterThan(2000);
    const chunks = [...csvChunks(USES_COLUMNS, uses, (u) => useCells(u, ZONE))];
    expect(chunks.length).toBeGreaterThan(3);
    expect(Buffer.from(chunks.join(''), 'utf8').equals(toCsv(USES_COLUMNS, uses.map((u) => useCells(u, ZONE))))).toBe(true);
    const findings = sortedFindings(report);
    const gaps = [...csvChunks(GAPS_COLUMNS, findings, (f) => gapCells(f, fixtureTemplate()))].join('');
    expect(gaps).toBe(toCsv(GAPS_COLUMNS, findings.map((f) => gapCells(f, fixtureTemplate()))).toString('utf8'));
  });

  it('with no rows is the header line alone', () => {
    expect([...csvChunks(['a', 'b'], [], () => [])].join('')).toBe('a,b\r\n');
  });

  it('streamCsv can be replayed: chunks() yields the same bytes each call', () => {
    const [uses] = streamCsv(buildReport(), { template: fixtureTemplate(), rendered: new Map() });
    expect(materialise(uses!).data.equals(materialise(uses!).data)).toBe(true);
  });
});

describe('renderReportTo', () => {
  it('streams the CSVs and evidence.json when no PDF is asked for, and the manifest hashes what the sink got', async () => {
    const got: RenderedFile[] = [];
    const digests = new Map<string, OutputDigest>();
    await renderReportTo(buildReport(), ['csv', 'json', 'md'], fixtureTemplate(), async (file) => {
      got.push(file);
      const whole = materialise(file);
      const digest = { name: file.name, sha256: sha(whole.data), bytes: whole.data.length };
      digests.set(file.name, digest);
      return digest;
    });
    expect(got.map((f) => [f.name, 'chunks' in f])).toEqual([
      ['uses.csv', true], ['gaps.csv', true], ['gates.csv', true], ['evidence.json', true], ['summary.md', false], ['manifest.json', false],
    ]);
    const manifest = JSON.parse(materialise(got.at(-1)!).data.toString('utf8'));
    for (const o of manifest.outputs) expect(o).toEqual(digests.get(o.name));
  });

  it('hands the PDF whole bytes, and sends it whole files', async () => {
    let attached = new Map<string, Buffer>();
    registerRenderer('pdf', (_report, ctx) => {
      attached = new Map(ctx.rendered);
      return [{ name: 'evidence.pdf', data: Buffer.from('%PDF-fake') }];
    });
    const got: RenderedFile[] = [];
    await renderReportTo(buildReport(), ['pdf'], fixtureTemplate(), async (file) => {
      got.push(file);
      return { name: file.name, sha256: '', bytes: 0 };
    });
    expect(got.map((f) => f.name)).toEqual(['evidence.pdf', 'manifest.json']);
    const whole = await renderReport(buildReport(), ['csv', 'json'], fixtureTemplate());
    for (const f of whole.filter((w) => w.name !== 'manifest.json')) expect(attached.get(f.name)?.equals(f.data)).toBe(true);
  });
});

describe('written outputs', () => {
  it('are the bytes renderReport makes, manifest last, with the manifest matching the files on disk', async () => {
    const report = bigReport();
    const expected = await renderReport(report, ['csv', 'json', 'md'], fixtureTemplate());
    const dir = tempDir();
    const written = await writeOutputSet(dir, MANIFEST_SCHEMA, (sink) => renderReportTo(report, ['csv', 'json', 'md'], fixtureTemplate(), sink));
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(expected.map((f) => f.name));
    for (const f of expected) expect(readFileSync(join(dir, f.name)).equals(f.data)).toBe(true);
    // evidence.json is several MB: it passed through more than one write buffer
    expect(readFileSync(join(dir, 'evidence.json')).length).toBeGreaterThan(4 << 20);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const o of manifest.outputs) {
      const data = readFileSync(join(dir, o.name));
      expect(o).toEqual({ name: o.name, sha256: sha(data), bytes: data.length });
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keep multi-byte characters whole across write-buffer boundaries and mixed Buffer pieces', async () => {
    const pieces = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? Buffer.from(`<${i}>`) : `${i}:${'é€𝄞x'.repeat(300)}\n`));
    const dir = tempDir();
    const [path] = await writeOutputs(dir, MANIFEST_SCHEMA, [{ name: 'pieces.txt', chunks: () => pieces }]);
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    expect(expected.length).toBeGreaterThan(4 << 20);
    expect(readFileSync(path!).equals(expected)).toBe(true);
  });

  it('refuse a name outside the out dir', async () => {
    await expect(writeOutputs(tempDir(), MANIFEST_SCHEMA, [{ name: '../x', data: Buffer.from('x') }])).rejects.toThrow(/outside the out dir/);
  });
});
