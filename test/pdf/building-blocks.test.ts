/** The reusable pieces: per-glyph font fallback and the one-use detail page (for sample.pdf). */
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attach, createDocument, finish, writesDirectly } from '../../src/render/pdf/document.ts';
import { createFontSet, FONT_PATHS } from '../../src/render/pdf/fonts.ts';
import { barChart, trendChart } from '../../src/render/pdf/charts.ts';
import { drawFooters } from '../../src/render/pdf/footer.ts';
import { layoutText, widestWord } from '../../src/render/pdf/text.ts';
import { bypassCell, reviewCell, slaCell, whyCell } from '../../src/render/pdf/uses-table.ts';
import { oneLine } from '../../src/util/text.ts';
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
    // invisible characters show as their code point, as in summary.md: no name shows as another's
    ['ali\u200Bce', [['ali[U+200B]ce', FONT_PATHS.regular]]],
    ['ali\u202Eecila', [['ali[U+202E]ecila', FONT_PATHS.regular]]],
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
  it('widestWord measures the widest word between spaces', () => {
    const doc = blankDoc();
    const fonts = createFontSet(doc);
    const id = 'gh-GmjU991hwmHLvj92dU_t1W';
    expect(widestWord(doc, fonts, `a ${id}\nb`, 'regular', 8)).toBe(layoutText(doc, fonts, id, 1_000, { size: 8 })[0]!.width);
    expect(widestWord(doc, fonts, '', 'regular', 8)).toBe(0);
    // Japanese breaks between characters: its widest piece is one character, so it wraps
    const ja = '決済停止の緊急対応のため承認済みの変更を適用';
    expect(widestWord(doc, fonts, ja, 'regular', 8)).toBe(Math.max(...[...ja].map((c) => layoutText(doc, fonts, c, 1_000, { size: 8 })[0]!.width)));
  });

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

describe('"All uses" cells', () => {
  const base = buildReport();
  const use = (id: string) => base.uses.find((u) => u.id === id)!;

  it('bypassCell: gate, actions with counts, and where an event lies off the gate', () => {
    const g1 = use('g-1');
    const e = g1.events[0]!;
    expect(bypassCell({ ...g1, events: [e] })).toBe(`payments-main\n${e.action}`);
    const twice = { ...g1, events: [e, { ...e, id: 'x' }, { ...e, id: 'y', action: 'repository_ruleset.destroy', repo: 'acme/web', branch: undefined }] };
    expect(bypassCell(twice)).toBe(`payments-main\n${e.action} ×2\nrepository_ruleset.destroy on acme/web`);
    // one override on the gate, one on another repo: never "×2 on" the other repo
    const split = { ...g1, events: [e, { ...e, id: 'z', repo: 'acme/web' }] };
    expect(bypassCell(split)).toBe(`payments-main\n${e.action}\n${e.action} on acme/web@main`);
    expect(bypassCell(use('g-2'))).toMatch(/\nno GitHub event$/);
    expect(bypassCell({ ...use('gh-doc-9'), gate: null, repo: 'acme/docs', branch: 'main' })).toMatch(/^\(none\) acme\/docs@main\n/);
    const many = { ...g1, events: ['a', 'b', 'c', 'd', 'e'].map((a) => ({ ...e, id: a, action: `act.${a}` })) };
    expect(bypassCell(many).split('\n')).toEqual(['payments-main', 'act.a', 'act.b', 'act.c', '+2 more (every event: uses.csv github_events)']);
  });

  it('reviewCell and slaCell: "by" only for a completed review; LATE and OVERDUE in the words of the gap codes', () => {
    const g1 = use('g-1');
    const r = g1.review!;
    expect(reviewCell(base, g1)).toMatch(/^done BGR-1 by bob\non /);
    expect(reviewCell(base, { ...g1, review: { ...r, status: 'open', completedAt: undefined } })).toBe('open BGR-1, reviewer bob');
    expect(reviewCell(base, { ...g1, review: { ...r, status: 'open', completedAt: undefined, reviewer: undefined } })).toBe('open BGR-1, no reviewer set');
    expect(slaCell(base, { ...g1, review: { ...r, slaMet: false } }).split('\n')[0]).toMatch(/^LATE, \d+ business days?$/);
    expect(slaCell(base, { ...g1, review: { ...r, slaMet: false, completedAt: undefined } }).split('\n')[0]).toBe('OVERDUE');
    expect(slaCell(base, { ...g1, review: { ...r, slaMet: undefined, completedAt: undefined } }).split('\n')[0]).toBe('open, not yet due');
  });

  it('whyCell: the justification and the incident, or says they are missing', () => {
    expect(whyCell(use('g-1'))).toBe(`${oneLine(use('g-1').justification!, 140, true)}\nincident: ${oneLine(use('g-1').incident!, 140, true)}`);
    expect(whyCell({ ...use('g-1'), justification: ' ', incident: undefined })).toBe('— (no justification)\nincident: —');
    expect(whyCell(use('gh-doc-9'))).toBe('— (no grant)');
  });
});

describe('monthly trend chart', () => {
  it('labels a long period\'s months whole, on every n-th month, rather than cutting each label to "20"', async () => {
    const trend = Array.from({ length: 36 }, (_, i) => ({ month: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, uses: i % 5, unsanctioned: 0, merges: 10, glassRate: (i % 5) / 10 }));
    const doc = blankDoc();
    const w = createWriter(doc, createFontSet(doc));
    trendChart(w, 'Uses per month and glass rate', trend, 'alt');
    endWriter(w);
    const file = join(mkdtempSync(join(tmpdir(), 'glasstrail-trend-')), 'trend.pdf');
    writeFileSync(file, await finish(doc));
    const words = run('pdftotext', ['-raw', file, '-']).split(/\s+/);
    const labels = words.filter((word) => /^20\d\d-\d\d$/.test(word));
    expect(labels.length).toBeGreaterThan(4);
    expect(labels[0]).toBe('2024-01');
    // no month label cut into a fragment
    expect(words.filter((word) => /^20\d?\d?-?$/.test(word))).toEqual([]);
    // and a short period still labels every month
    const doc2 = blankDoc();
    const w2 = createWriter(doc2, createFontSet(doc2));
    trendChart(w2, 't', trend.slice(0, 3), 'alt');
    endWriter(w2);
    const file2 = join(mkdtempSync(join(tmpdir(), 'glasstrail-trend-')), 'trend.pdf');
    writeFileSync(file2, await finish(doc2));
    expect(run('pdftotext', ['-raw', file2, '-']).split(/\s+/).filter((word) => /^20\d\d-\d\d$/.test(word))).toEqual(['2024-01', '2024-02', '2024-03']);
  });
});

describe('glass rate bar chart', () => {
  it('continues on the next page when the gates do not fit one, so every gate is drawn on a page', async () => {
    const bars = Array.from({ length: 60 }, (_, i) => ({ label: `gate-${i + 1}`, value: i % 7 === 0 ? null : (i + 1) / 100 }));
    const doc = blankDoc();
    const w = createWriter(doc, createFontSet(doc));
    barChart(w, 'Sanctioned uses per merge', bars, 'alt');
    endWriter(w);
    const file = join(mkdtempSync(join(tmpdir(), 'glasstrail-bars-')), 'bars.pdf');
    writeFileSync(file, await finish(doc));
    const words = new Set(run('pdftotext', ['-raw', file, '-']).split(/\s+/));
    expect(bars.map((b) => b.label).filter((l) => !words.has(l))).toEqual([]);
    expect(run('pdftotext', ['-raw', file, '-'])).toContain('Sanctioned uses per merge (continued)');
  });
});
