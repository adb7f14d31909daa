import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocument, finish } from '../../src/render/pdf/document.ts';
import { createFontSet } from '../../src/render/pdf/fonts.ts';
import { drawLedgerEntries, renderSamplePdf } from '../../src/render/pdf/sample.ts';
import { bottom, createWriter, endWriter } from '../../src/render/pdf/writer.ts';
import { drawSample } from '../../src/sample/index.ts';
import { buildReport } from '../render/report-fixture.ts';
import { soc2 } from './helpers.ts';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-sample-pdf-'));
  const file = join(dir, 'sample.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

describe('sample.pdf', () => {
  it('shows a justification of 3,000 words in full, below its table, across pages', async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${String(i).padStart(5, '0')}`);
    const base = buildReport();
    const uses = base.uses.map((u) => (u.id === 'g-1' ? { ...u, justification: words.join(' ') } : u));
    const report = buildReport({ uses });
    const draw = drawSample(report.uses.map((u) => u.id), 's', report.uses.length);
    const text = pdfText(await renderSamplePdf(report, draw, { template: await soc2(), sizeMode: 'fixed' }));
    expect(text).toMatch(/\(\d+ characters, in full below\)/);
    expect(text).toContain('Justification (full text)');
    // every word is drawn (pdftotext may break lines anywhere between them)
    const shown = new Set(text.match(/word\d{5}/g));
    expect(words.filter((w) => !shown.has(w))).toEqual([]);
  });

  it('a short justification stays in its table row', async () => {
    const report = buildReport();
    const draw = drawSample(report.uses.map((u) => u.id), 's', report.uses.length);
    const text = pdfText(await renderSamplePdf(report, draw, { template: await soc2(), sizeMode: 'fixed' }));
    expect(text).not.toContain('in full below');
  });

  it('keeps the period and the seed in every page footer when the organisation name is long', async () => {
    const org = 'Kestrel Payments Holdings International Group of Companies, Incorporated (EMEA & APAC Division)';
    const report = buildReport({ organization: org, config: { ...buildReport().config, organization: org } });
    const draw = drawSample(report.uses.map((u) => u.id), 'FY26 Q3 walkthrough', report.uses.length);
    const pages = pdfText(await renderSamplePdf(report, draw, { template: await soc2(), sizeMode: 'fixed' })).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toMatch(new RegExp(`· audit sample · ${report.period.label} · seed "FY26 Q3 walkthrough"\\s+Page \\d+ of ${pages.length}`));
  });
  it('never splits a ledger entry (seq, at, hash, prev) across pages', async () => {
    const report = buildReport();
    const use = report.uses.find((u) => u.grant !== undefined && u.closed !== undefined) ?? report.uses.find((u) => u.grant !== undefined)!;
    // start the section a point at a time lower on the page, so some start leaves room for a part of an entry only
    for (let room = 60; room <= 138; room += 3) {
      const doc = createDocument({ title: 't', author: 'a', subject: 's', keywords: 'k', creator: 'c', createdAt: 0 });
      const w = createWriter(doc, createFontSet(doc));
      w.y = bottom(w) - room;
      drawLedgerEntries(w, report, use);
      endWriter(w);
      const pages = pdfText(await finish(doc)).split('\f');
      for (const page of pages.slice(1)) {
        const first = page.split('\n').find((line) => line.trim())?.trim() ?? '';
        expect(first, `room ${room}`).not.toMatch(/^(At \(as written\)|hash|prev)\s/);
      }
    }
  });

  it('says when the sample is the whole population (a --size above P takes all P uses)', async () => {
    const report = buildReport();
    const ids = report.uses.map((u) => u.id);
    const cover = async (size: number) => pdfText(await renderSamplePdf(report, drawSample(ids, 's', size), { template: await soc2(), sizeMode: 'fixed' })).split('\f')[0]!.replace(/\s+/g, ' ');
    expect(await cover(50)).toContain(`Sample size (N) ${ids.length} (chosen: the whole population)`);
    expect(await cover(1)).toContain('Sample size (N) 1 (chosen)');
  });

  it('says on its cover when the config names no GitHub source (the population can hold no unsanctioned use)', async () => {
    const b = buildReport();
    const cover = async (report: ReturnType<typeof buildReport>) => pdfText(await renderSamplePdf(report, drawSample(report.uses.map((u) => u.id), 's', 1), { template: await soc2(), sizeMode: 'fixed' })).split('\f')[0]!.replace(/\s+/g, ' ');
    expect(await cover(b)).not.toContain('names no GitHub source');
    expect(await cover(buildReport({ config: { ...b.config, github: undefined } }))).toContain('The config names no GitHub source, so no audit-log event was collected');
  });
});
