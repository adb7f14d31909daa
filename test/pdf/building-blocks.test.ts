/** The reusable pieces: per-glyph font fallback and the one-use detail page (for sample.pdf). */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attach, createDocument, finish, writesDirectly } from '../../src/render/pdf/document.ts';
import { createFontSet, FONT_PATHS } from '../../src/render/pdf/fonts.ts';
import { drawFooters } from '../../src/render/pdf/footer.ts';
import { layoutText } from '../../src/render/pdf/text.ts';
import { drawUseDetail } from '../../src/render/pdf/use-detail.ts';
import { createWriter, endWriter } from '../../src/render/pdf/writer.ts';
import { buildReport, ms } from '../render/report-fixture.ts';
import { run, soc2 } from './helpers.ts';

function blankDoc() {
  return createDocument({ title: 't', author: 'a', subject: 's', keywords: 'k', creator: 'c', createdAt: ms('2026-10-15T00:00:00Z') });
}

describe('font runs', () => {
  it.each<[string, [string, string][]]>([
    ['plain ASCII', [['plain ASCII', FONT_PATHS.regular]]],
    ['Zoë Ångström — ', [['Zoë Ångström — ', FONT_PATHS.regular]]],
    ['Ωμέγα Кирилл', [['Ωμέγα Кирилл', FONT_PATHS.regular]]],
    ['Zoë 支払い停止!', [['Zoë ', FONT_PATHS.regular], ['支払い停止', FONT_PATHS.cjk], ['!', FONT_PATHS.regular]]],
    // a code point no embedded font has becomes U+FFFD (PDF/A forbids drawing .notdef)
    ['a\u{1FAE0}b', [['a\uFFFDb', FONT_PATHS.regular]]],
    ['tab\there', [['tab here', FONT_PATHS.regular]]],
  ])('%j', (input, expected) => {
    const fonts = createFontSet(blankDoc());
    expect(fonts.runs(input, 'regular').map((r) => [r.text, r.font])).toEqual(expected);
  });

  it('falls back from bold to DejaVu Sans, then to Noto Sans JP', () => {
    const fonts = createFontSet(blankDoc());
    expect(fonts.runs('Zoë 停止', 'bold').map((r) => r.font)).toEqual([FONT_PATHS.bold, FONT_PATHS.cjk]);
  });
});

describe('text layout', () => {
  it('breaks a word of 200,000 characters into lines (a spread of it overflowed the call stack)', () => {
    const doc = blankDoc();
    const lines = layoutText(doc, createFontSet(doc), `x ${'R'.repeat(200_000)}`, 400, { size: 8 });
    const perLine = lines[1]!.runs.map((r) => r.text).join('').length;
    expect(perLine).toBeGreaterThan(20);
    expect(lines.length).toBe(1 + Math.ceil(200_000 / perLine));
    expect(lines.every((line) => line.width <= 400)).toBe(true);
  });
});

describe('use detail page', () => {
  it('shows the grant, the events, the review and the findings of one use', async () => {
    const report = buildReport();
    const template = await soc2();
    const doc = blankDoc();
    const fonts = createFontSet(doc);
    const w = createWriter(doc, fonts);
    for (const id of ['g-1', 'g-2']) {
      const use = report.uses.find((u) => u.id === id);
      if (!use) throw new Error(`fixture has no ${id}`);
      drawUseDetail(w, report, template, use);
    }
    endWriter(w);
    drawFooters(doc, fonts, 'sample');
    const file = join(mkdtempSync(join(tmpdir(), 'glasstrail-detail-')), 'detail.pdf');
    writeFileSync(file, await finish(doc));
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
    const page1 = run('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-']);
    expect(page1).toContain('Use g-1');
    expect(page1).toContain('doc-1');
    expect(page1).toContain('doc-2');
    expect(page1).toContain('BGR-1');
    expect(page1).toContain('Done');
    expect(page1).toContain('Page 1 of');
    const rest = run('pdftotext', ['-f', '2', '-layout', file, '-']);
    expect(rest).toContain('Use g-2');
    expect(rest).toContain('SCOPE_TOO_BROAD');
    expect(rest).toContain('REVIEW_OVERDUE');
    expect(rest).toContain('支払い停止');
  });
});

describe('document bytes', () => {
  // The same drawing through pdfkit's own stream and through the direct collector: text in
  // three scripts, metadata outside ASCII, a binary attachment, footers (bufferPages), a use
  // detail page (tagged structure). Any byte or xref offset the collector got wrong differs.
  async function draw(directBytes: boolean): Promise<Buffer> {
    const report = buildReport();
    const template = await soc2();
    const at = ms('2026-10-15T00:00:00Z');
    const doc = createDocument({ title: 'Zoë & <Sons> — 支払い', author: 'Ångström', subject: 's', keywords: 'k', creator: 'c', createdAt: at }, { directBytes });
    // otherwise both documents could go through the stream and the comparison prove nothing
    expect(writesDirectly(doc)).toBe(directBytes);
    const fonts = createFontSet(doc);
    const w = createWriter(doc, fonts);
    for (const id of ['g-1', 'g-2']) drawUseDetail(w, report, template, report.uses.find((u) => u.id === id)!);
    endWriter(w);
    drawFooters(doc, fonts, 'Zoë 支払い停止 — footer');
    attach(doc, { name: 'bytes.bin', type: 'application/octet-stream', description: 'every byte value', data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)) }, at);
    return finish(doc);
  }

  it('are the bytes pdfkit streams, taken straight from its writer', async () => {
    const [direct, streamed] = [await draw(true), await draw(false)];
    expect(direct.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(direct.length).toBeGreaterThan(20_000);
    expect(direct.equals(streamed)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'glasstrail-bytes-')), 'direct.pdf');
    writeFileSync(file, direct);
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
  });
});
