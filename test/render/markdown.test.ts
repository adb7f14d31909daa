import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/use.ts';
import { mdText, summaryMarkdown } from '../../src/render/markdown.ts';
import { buildReport, fixtureTemplate, TRICKY } from './report-fixture.ts';

const ctx = { template: fixtureTemplate(), rendered: new Map<string, Buffer>() };

describe('mdText', () => {
  it.each([
    ['</details>', '\\</details\\>'],
    ['[x](javascript:alert(1))', '\\[x\\]\\(javascript:alert\\(1\\)\\)'],
    ['a|b', 'a\\|b'],
    ['*b* _i_ `c`', '\\*b\\* \\_i\\_ \\`c\\`'],
    ['line\nbreak\r\nhere', 'line break here'],
    ['&lt;', '\\&lt;'],
    ['back\\slash', 'back\\\\slash'],
    [TRICKY.nonAscii, TRICKY.nonAscii],
    ['see https://evil.example', 'see https\\://evil.example'],
    ['www.evil.example', 'www\\.evil.example'],
    ['mail a@b.example, ping @alice', 'mail a\\@b.example, ping \\@alice'],
    ['- not a list', '\\- not a list'],
    ['12. not a list', '12\\. not a list'],
    ['  padded  ', 'padded'],
    ['10:30 v1.2 x-y', '10:30 v1.2 x-y'],
    // shown as code points, never acted on: a reversed or look-alike name cannot pass for another
    ['ali\u202Eecila', 'ali\\[U\\+202E\\]ecila'],
    ['ali\u200Bce \u2066x\u2069', 'ali\\[U\\+200B\\]ce \\[U\\+2066\\]x\\[U\\+2069\\]'],
    // invisible between letters too: soft hyphen, invisible separator, Mongolian vowel separator, a tag character
    ['ali\u00ADce ali\u2063ce ali\u180Ece ali\u{E0041}ce', 'ali\\[U\\+00AD\\]ce ali\\[U\\+2063\\]ce ali\\[U\\+180E\\]ce ali\\[U\\+E0041\\]ce'],
  ])('%j -> %j', (input, expected) => {
    expect(mdText(input)).toBe(expected);
  });
});

describe('summary.md', () => {
  const md = summaryMarkdown(buildReport(), ctx);

  it('has the title, period and the six key figures', () => {
    expect(md.startsWith(`# Emergency change \\(break-glass\\) evidence — ${TRICKY.nonAscii}\n`)).toBe(true);
    expect(md).toContain('**Period:** 2026-Q3 (2026-07-01 to 2026-09-30, America/New\\_York)');
    const figures = md.split('## Key figures')[1]!.split('## Gates')[0]!.trim().split('\n');
    expect(figures.slice(2)).toEqual([
      '| Sanctioned uses | 2 |',
      '| Unsanctioned uses | 1 |',
      '| High-severity findings | 3 |',
      '| Other findings | 2 medium, 0 low, 1 info |',
      '| Reviews completed | 50.0 % |',
      '| Review SLA met | 66.7 % |',
    ]);
    expect(md).not.toContain('INCOMPLETE');
  });

  it('says when as-of lies inside the period, and only then', () => {
    expect(md).toMatch(/\*\*As of:\*\* \S+ {2}$/m);
    const mid = summaryMarkdown(buildReport({ asOf: Date.parse('2026-08-15T04:00:00Z') }), ctx);
    expect(mid).toContain('**As of:** 2026-08-15T00:00:00-04:00 (inside the period: the figures stop here, not at its end)  ');
  });

  it('has a gates table with the totals row last', () => {
    const gates = md.split('## Gates')[1]!.split('## Findings')[0]!.trim().split('\n');
    expect(gates).toHaveLength(2 + 3);
    expect(gates[2]).toBe('| payments-main | 8 | 2 | 1 | 0.2500 | 50.0 | 66.7 | 2.5 | alice, zoe |');
    expect(gates[3]).toBe('| docs-main | 0 | 0 | 0 | – | – | – | – | – |');
    expect(gates[4]!.startsWith('| **All gates** | 8 |')).toBe(true);
  });

  it('escapes injected markup from data', () => {
    expect(md).not.toContain('</details>');
    expect(md).not.toContain('[x](');
    expect(md).toContain('\\</details\\> \\[x\\]\\(javascript:alert\\(1\\)\\) \\| \\*bold\\* \\_it\\_ \\`code\\`');
    // every table row still has the column count of its header
    const findingRows = md.split('## Findings')[1]!.trim().split('\n').filter((l) => l.startsWith('|'));
    for (const row of findingRows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('lists findings most severe first', () => {
    const rows = md.split('## Findings')[1]!.trim().split('\n').slice(2);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| high', '| high', '| high', '| medium', '| medium', '| info']);
  });

  it('shows an INCOMPLETE banner with the escaped reasons', () => {
    const text = summaryMarkdown(buildReport({ incomplete: ['jira: <b>503</b>'] }), ctx);
    expect(text).toContain('**INCOMPLETE EVIDENCE.**');
    expect(text).toContain('> - jira: \\<b\\>503\\</b\\>');
  });

  it('says, as the PDF does, when the config names no GitHub or Jira source (nothing was collected from it)', () => {
    expect(md).not.toContain('**No GitHub');
    const b = buildReport();
    const text = summaryMarkdown(buildReport({ config: { ...b.config, github: undefined, jira: undefined } }), ctx);
    expect(text).toContain('> **No GitHub or Jira source.** The config names no GitHub or Jira source, so nothing was collected from them: a bypass without a grant cannot be seen, and reviews are missing.');
    expect(summaryMarkdown(buildReport({ config: { ...b.config, jira: undefined } }), ctx)).toContain('> **No Jira source.** The config names no Jira source, so nothing was collected from it: reviews are missing.');
  });

  it('caps the findings list at 20 and says how many more', () => {
    const findings: Finding[] = Array.from({ length: 23 }, (_, i) => ({
      subject: 'g-1',
      code: 'MISSING_INCIDENT',
      severity: 'medium',
      message: `m${i}`,
    }));
    const text = summaryMarkdown(buildReport({ findings }), ctx);
    const rows = text.split('## Findings')[1]!.split('\n').filter((l) => l.startsWith('| medium'));
    expect(rows).toHaveLength(20);
    expect(text).toContain('… and 3 more (see gaps.csv).');
    // it points only to files written beside it
    expect(summaryMarkdown(buildReport({ findings }), { ...ctx, formats: ['md', 'json'] })).toContain('… and 3 more (see evidence.json).');
    expect(summaryMarkdown(buildReport({ findings }), { ...ctx, formats: ['md'] })).toContain('… and 3 more (rerun with --format csv for gaps.csv).');
  });

  it('names a file beside it for the ledger\'s problems', () => {
    const failed = buildReport({ ledger: { ...buildReport().ledger, ok: false, firstBadLine: 7 } });
    expect(summaryMarkdown(failed, ctx)).toContain('**Ledger verification failed** (first bad line 7); see evidence.json.');
    expect(summaryMarkdown(failed, { ...ctx, formats: ['md', 'pdf'] })).toContain('(first bad line 7); see evidence.pdf.');
    expect(summaryMarkdown(failed, { ...ctx, formats: ['md'] })).toContain('(first bad line 7); rerun with --format json for evidence.json.');
  });

  it('is identical for the same report twice', () => {
    expect(summaryMarkdown(buildReport(), ctx)).toBe(md);
  });
});
