/**
 * evidence.pdf checked as a file, with the tools an auditor has: qpdf, pdffonts, pdfinfo,
 * pdfdetach, pdftotext (poppler-utils) — no mocks of our modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticReport } from '../../bench/pdf/synthetic.ts';
import { GAP_CODES } from '../../src/domain/use.ts';
import type { FrameworkTemplate } from '../../src/domain/template.ts';
import { RULES } from '../../src/rules/index.ts';
import { buildReport, fixtureConfig, TRICKY, WAIVER } from '../render/report-fixture.ts';
import type { Format } from '../../src/render/index.ts';
import { renderPdf } from '../../src/render/pdf/index.ts';
import { loadTemplate, templatesDir } from '../../src/render/templates.ts';
import { renderedInputs, renderToFile, run, soc2, text, type Rendered } from './helpers.ts';

let template: FrameworkTemplate;
let base: Rendered;

function pages(file: string): number {
  const m = /^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [file]));
  if (!m?.[1]) throw new Error('pdfinfo printed no page count');
  return Number(m[1]);
}

/** pdftotext collapses runs of spaces; compare on single-spaced text. */
function squash(s: string): string {
  return s.replace(/[ \t]+/g, ' ');
}

beforeAll(async () => {
  template = await soc2();
  base = await renderToFile(buildReport(), template);
});

describe('evidence.pdf structure', () => {
  it('passes qpdf --check', () => {
    const out = run('qpdf', ['--check', base.file]);
    expect(out).toContain('No syntax or stream encoding errors found');
  });

  it('is PDF 1.7, tagged, PDF/A-3B in XMP, titled', () => {
    const info = run('pdfinfo', [base.file]);
    expect(info).toMatch(/^PDF version:\s+1\.7$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Title:\s+Emergency change \(break-glass\) evidence — Zoë Ångström — 支払い停止 — 2026-Q3$/m);
    expect(info).toMatch(/^CreationDate:\s+Thu Oct 15 00:00:00 2026 UTC$/m);
    expect(info).not.toMatch(/^ModDate:/m);
    const xmp = run('pdfinfo', ['-meta', base.file]);
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
  });

  it('embeds every font, DejaVu and Noto Sans JP, and no standard-14 font', () => {
    const rows = run('pdffonts', [base.file]).split('\n').slice(2).filter((l) => l.trim());
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      // name type encoding emb sub uni id gen: `emb` is the 3rd field from `yes/no` columns
      expect(row).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
    }
    const names = rows.map((r) => r.split(/\s+/)[0] ?? '');
    expect(names.some((n) => n.endsWith('+DejaVuSans'))).toBe(true);
    expect(names.some((n) => n.endsWith('+DejaVuSans-Bold'))).toBe(true);
    expect(names.some((n) => n.endsWith('+NotoSansJP-Regular'))).toBe(true);
    expect(names.join(' ')).not.toMatch(/Helvetica|Times|Courier/);
  });

  it('attaches the CSVs and the JSON byte for byte, as Data, dated generatedAt', () => {
    const list = run('pdfdetach', ['-list', base.file]);
    expect(list).toMatch(/^4 embedded files$/m);
    const dir = mkdtempSync(join(tmpdir(), 'glasstrail-detach-'));
    run('pdfdetach', ['-saveall', '-o', dir, base.file]);
    for (const name of ['uses.csv', 'gaps.csv', 'gates.csv', 'evidence.json']) {
      const expected = base.rendered.get(name);
      expect(expected, name).toBeDefined();
      expect(readFileSync(join(dir, name)).equals(expected!), name).toBe(true);
    }
    const raw = run('qpdf', ['--qdf', '--object-streams=disable', base.file, '-']);
    expect(raw.match(/\/AFRelationship \/Data/g)?.length).toBe(4);
    expect(raw).toContain('/CreationDate (D:20261015000000Z)');
  });

  it('has a bookmark per section', () => {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', base.file])) as { outlines: { title: string }[] };
    expect(json.outlines.map((o) => o.title)).toEqual([
      'Cover',
      'Executive summary',
      'Population and completeness',
      'Gates and metrics',
      'Exceptions',
      'All uses',
      'Appendix: the program as configured',
      'Appendix: method and definitions',
    ]);
  });
});

describe('evidence.pdf content', () => {
  it('shows every use id, every finding code and "Page i of N" on every page', () => {
    const n = pages(base.file);
    const all = text(base.file);
    const report = buildReport();
    for (const use of report.uses) expect(all).toContain(use.id);
    for (const f of report.findings) expect(all).toContain(f.code);
    // the appendix defines every rule, generated from the registry
    for (const rule of RULES) expect(all).toContain(rule.code);
    expect(RULES.map((r) => r.code).sort()).toEqual([...GAP_CODES].sort());
    for (let i = 1; i <= n; i++) expect(text(base.file, { first: i, last: i })).toContain(`Page ${i} of ${n}`);
  });

  it('renders Latin, Greek-free accents and CJK in one string', () => {
    expect(text(base.file, { first: 1, last: 1, layout: false })).toContain(TRICKY.nonAscii);
  });

  it('states the control assertion with met / not met', () => {
    const summary = squash(text(base.file, { first: 2, last: 2 }));
    // fixture: SCOPE_TOO_BROAD, UNSANCTIONED_BYPASS and REVIEW_OVERDUE fire; no justification/incident gaps
    expect(summary).toMatch(/Documented .*Met/);
    expect(summary).toMatch(/Restricted .*Not met/);
    expect(summary).toContain('1 of 4 parts are met');
  });

  it('states the ledger verification and the input hashes', () => {
    const all = squash(text(base.file));
    expect(all).toContain('Passed: hash chain intact');
    expect(all).toContain('b'.repeat(64));
    // the fixture's ledger has no checkpoint (none written, or an emptied checkpoints file):
    // a pass that rests on the chain alone must not read "every checkpoint verified"
    expect(all).not.toContain('every checkpoint verified');
    expect(all).toContain('no checkpoint anchors it');
    expect(all).toContain('4 entries: no verified checkpoint anchors any');
  });

  it('says every checkpoint verified, and names the unanchored tail, when one is', async () => {
    const report = buildReport();
    report.ledger = { ...report.ledger, unanchored: 1, checkpoints: { file: 'ledger/checkpoints.jsonl', count: 1, lastVerified: { size: 3, head: `sha256:${'3'.repeat(64)}`, at: '2026-09-30T04:00:00Z', keyId: `sha256:${'9'.repeat(64)}`, line: 1 } } };
    const all = squash(text((await renderToFile(report, template)).file));
    expect(all).toContain('Passed: hash chain intact, every checkpoint verified');
    expect(all).toContain('1 entry after the last verified checkpoint');
  });

  it('is byte-identical when rendered twice', async () => {
    const again = await renderToFile(buildReport(), template, base.rendered);
    expect(again.pdf.equals(base.pdf)).toBe(true);
  });

  it('names the primary control on the cover with the framework\'s own term (SOC 2: criterion)', () => {
    expect(squash(text(base.file, { first: 1, last: 1 }))).toContain('SOC 2, criterion CC8.1 — ');
  });

  it('says INCOMPLETE with the reasons on page 1 only when incomplete', async () => {
    expect(text(base.file, { first: 1, last: 1 })).not.toContain('INCOMPLETE');
    const reasons = ['GitHub audit log: HTTP 502 after 5 retries', 'Jira: 401 Unauthorized'];
    const r = await renderToFile(buildReport({ incomplete: reasons }), template);
    const first = squash(text(r.file, { first: 1, last: 1 }));
    expect(first).toContain('INCOMPLETE');
    for (const reason of reasons) expect(first).toContain(reason);
    // and in the footer of every page
    const n = pages(r.file);
    expect(squash(text(r.file, { first: n, last: n }))).toContain('INCOMPLETE');
  });

  it('renders the scripts README names (Greek, Cyrillic, Arabic, Hebrew, CJK); a character in no font, an emoji, as U+FFFD', async () => {
    const org = 'Αθήνα Москва عمان ירושלים 東京 🚀';
    const report = buildReport({ organization: org, config: { ...buildReport().config, organization: org } });
    const r = await renderToFile(report, template);
    const first = text(r.file, { first: 1, last: 1, layout: false });
    for (const word of ['Αθήνα', 'Москва', '東京']) expect(first).toContain(word);
    // right-to-left words: pdftotext may give them in either order, but the letters are there
    for (const word of ['عمان', 'ירושלים']) expect(first.includes(word) || first.includes([...word].reverse().join(''))).toBe(true);
    expect(first).toContain('\uFFFD');
    expect(first).not.toContain('🚀');
  });

  it('keeps the period and the evidence id in every page footer when the organisation name is long (the name is shortened with …)', async () => {
    const org = 'Kestrel Payments Holdings International Group of Companies, Incorporated (EMEA & APAC Division)';
    const report = buildReport({ organization: org, config: { ...buildReport().config, organization: org } });
    const r = await renderToFile(report, template);
    const n = pages(r.file);
    for (let page = 1; page <= n; page++) {
      const lines = text(r.file, { first: page, last: page }).split('\n');
      const footer = lines.find((line) => / Page \d+ of \d+\s*$/.test(line)) ?? '';
      expect(footer, `page ${page}`).toMatch(new RegExp(`· ${report.period.label} · evidence [0-9a-f]{16}\\s+Page ${page} of ${n}`));
    }
  });

  it('says the attached files lie beside it only when this run wrote them (--format pdf writes none)', async () => {
    const report = buildReport();
    const rendered = await renderedInputs(report, template);
    const appendixOf = async (formats?: Format[]) => {
      const [out] = await renderPdf(report, { template, rendered, formats });
      const dir = mkdtempSync(join(tmpdir(), 'glasstrail-beside-'));
      writeFileSync(join(dir, 'e.pdf'), out!.data);
      return squash(text(join(dir, 'e.pdf'))).replace(/\s+/g, ' ');
    };
    expect(squash(text(base.file)).replace(/\s+/g, ' ')).toContain('byte-identical to the files delivered beside it');
    const pdfOnly = await appendixOf(['pdf']);
    expect(pdfOnly).not.toContain('delivered beside it');
    expect(pdfOnly).toContain('wrote none of them beside it, so these embedded copies are the only ones');
    expect(await appendixOf(['pdf', 'json'])).toContain('wrote only evidence.json beside it');
  });

  it('shows a waiver\'s expiry also when it was revoked: revoked after it expired, it stood only until the expiry', async () => {
    const waiver = { ...WAIVER, expiresAt: Date.parse('2026-06-02T12:00:00Z') };
    const r = await renderToFile(buildReport({ waivers: [{ waiver, revokedAt: Date.parse('2026-06-05T12:00:00Z'), openAtAsOf: false }] }), template);
    const all = text(r.file, { layout: false }).replace(/\s+/g, ' ');
    expect(all).toContain('expires 2026-06-02 08:00:00 -04:00');
    expect(all).toContain('revoked 2026-06-05 08:00:00 -04:00');
  });

  it('writes the framework on the cover as the template does (PCI DSS v4.0.1, not V4.0.1)', async () => {
    const pci = await loadTemplate(templatesDir(), 'pci');
    const r = await renderToFile(buildReport(), pci);
    const first = squash(text(r.file, { first: 1, last: 1 }));
    expect(first).toContain('AUDIT EVIDENCE · PCI DSS v4.0.1 · 6.5.1');
    expect(first).not.toContain('V4.0.1');
  });

  it('says on the "All uses" page that the incident is cut like the justification (whyCell cuts both)', () => {
    const all = text(base.file, { layout: false }).replace(/\s+/g, ' ');
    expect(all).toContain('"Why / incident" the grant\'s justification and its incident, each cut at 140 characters.');
  });

  it('keeps the INCOMPLETE banner on the top of page 1 with many long reasons, the title and facts below it, and counts the reasons left out', async () => {
    const reasons = Array.from({ length: 12 }, (_, i) => `GET /orgs/acme/audit-log page ${i}: HTTP 502 after 5 retries; ${'upstream connect error or disconnect/reset before headers. '.repeat(6)}`);
    const r = await renderToFile(buildReport({ incomplete: reasons }), template);
    const first = squash(text(r.file, { first: 1, last: 1, layout: false })).replace(/\s+/g, ' ');
    expect(first).toContain('INCOMPLETE');
    expect(first).toContain('GET /orgs/acme/audit-log page 0:');
    expect(first).toMatch(/… and \d+ more reasons: every reason is in evidence\.json/);
    // the cover itself is still on page 1
    expect(first).toContain('Emergency change (break-glass) evidence');
    expect(first).toContain('INCOMPLETE (12 reason(s), see above)');
  });

  it('does not call a ledger-only report complete on the cover: no GitHub or Jira data was collected', async () => {
    expect(squash(text(base.file, { first: 1, last: 1 }))).toContain('Complete: every source was read in full');
    const b = buildReport();
    const r = await renderToFile(buildReport({ config: { ...b.config, github: undefined, jira: undefined } }), template);
    const first = text(r.file, { first: 1, last: 1, layout: false }).replace(/\s+/g, ' ');
    expect(first).not.toContain('Complete: every source was read in full');
    expect(first).toContain('the config names no GitHub or Jira source, so nothing was collected from them');
  });

  it('keeps metadata valid XML when the organisation has & < >', async () => {
    const org = 'Acme & Sons <EU>';
    const report = buildReport({ organization: org, config: { ...buildReport().config, organization: org } });
    const r = await renderToFile(report, template);
    expect(run('qpdf', ['--check', r.file])).toContain('No syntax or stream encoding errors found');
    expect(run('pdfinfo', [r.file])).toMatch(/^Title:\s+.*Acme & Sons <EU>.*$/m);
    expect(run('pdfinfo', [r.file])).toMatch(/^Author:\s+Acme & Sons <EU>$/m);
    const xmp = run('pdfinfo', ['-meta', r.file]);
    expect(xmp).toContain('Acme &amp; Sons &lt;EU&gt;');
    expect(xmp).not.toContain('Acme & Sons');
    expect(text(r.file, { first: 1, last: 1 })).toContain(org);
  });
});

describe('evidence.pdf answers who, what, when, why, incident and review per use', () => {
  it('"All uses" gives the bypassed actions, the justification and the incident, and never breaks an id', async () => {
    const long = 'gh-GmjU991hwmHLvj92dU_t1W';
    const base = buildReport();
    const uses = base.uses.map((u) => (u.id === 'gh-doc-9' ? { ...u, id: long, gapCodes: ['PROTECTION_NOT_RESTORED', 'UNSANCTIONED_BYPASS'] as const } : u));
    const r = await renderToFile({ ...base, uses: uses as typeof base.uses }, template);
    const all = text(r.file);
    // whole on one line, so a search of the PDF finds it
    expect(all).toMatch(new RegExp(`${long} +mallory`));
    expect(all).toMatch(/ PROTECTION_NOT_RESTORED\n/);
    const g1 = base.uses.find((u) => u.id === 'g-1')!;
    const flat = text(r.file, { layout: false }).replace(/\s+/g, ' ');
    expect(flat).toContain(`incident: ${g1.incident!.replace(/\s+/g, ' ')}`);
    expect(flat).toContain('Hotfix, "urgent" line two');
    expect(flat).toContain(g1.events[0]!.action);
    expect(flat).toContain('no GitHub event');
    expect(flat).toContain('— (no grant)');
  });
});

describe('evidence.pdf says what the figures cover', () => {
  const flat = (file: string) => text(file, { layout: false }).replace(/\s+/g, ' ');

  it('an as-of inside the period is said on the cover, the summary, the population and the gates pages', async () => {
    const r = await renderToFile(buildReport({ asOf: Date.parse('2026-08-15T04:00:00Z') }), template);
    const all = flat(r.file);
    expect(all).toContain('(it lies inside the period: the figures stop here)');
    expect(all.match(/lies inside the period: only what happened by then is included/g)).toHaveLength(3);
    expect(all).toContain('not the whole period');
    expect(flat(base.file)).not.toContain('lies inside the period');
  });

  it('merged pull requests: the archive count and the denominator counted in the period by as-of, told apart', () => {
    const all = flat(base.file);
    const report = buildReport();
    const counted = report.metrics.gates.find((g) => g.gate === '*')!.merges;
    expect(all).toContain(`in the archive across ${report.population.merges.gates} gates; ${counted} merged into configured gates in the period by as-of (the glass-rate denominator)`);
    expect(all).toContain('(the period start less the 5-minute matching tolerance) to as-of');
  });
});

describe('evidence.pdf metadata with characters XML 1.0 forbids', () => {
  it('leaves them out of the XMP packet, which stays well-formed UTF-8 XML', async () => {
    const org = 'Kestrel\uFFFE \uFFFF\uD800 Pay\u0001 \u{1F680} Inc.';
    const report = buildReport({ organization: org, config: { ...buildReport().config, organization: org } });
    const r = await renderToFile(report, template);
    const raw = execFileSync('pdfinfo', ['-meta', r.file]);
    const xmp = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    expect(xmp.match(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu)).toBeNull();
    expect(xmp).toContain('Kestrel Pay \u{1F680} Inc.');
  });
});

describe('evidence.pdf with many uses', () => {
  it('repeats the table header on every landscape page of the population table', async () => {
    const report = syntheticReport(400);
    const r = await renderToFile(report, template);
    const n = pages(r.file);
    const sizes = run('pdfinfo', ['-f', '1', '-l', String(n), r.file]);
    const landscape = [...sizes.matchAll(/^Page\s+(\d+) size:\s+841\.89 x 595\.28/gm)].map((m) => Number(m[1]));
    expect(landscape.length).toBeGreaterThan(5);
    const seen = new Set<string>();
    for (const i of landscape) {
      const page = squash(text(r.file, { first: i, last: i }));
      expect(page, `page ${i}`).toMatch(/Use ID \/ type Actor Gate \/ bypassed Started Why \/ incident Review SLA Gaps/);
      for (const id of page.match(/grant-\d{6}|gh-doc\d{8}AbCdEf/g) ?? []) seen.add(id);
    }
    expect([...seen].sort()).toEqual(report.uses.map((u) => u.id).sort());
  });
});

describe('evidence.pdf states the program as configured', () => {
  /** The page a top-level bookmark points at (1-based). */
  function sectionPage(file: string, title: string): number {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as { outlines: { title: string; destpageposfrom1: number }[] };
    const item = json.outlines.find((o) => o.title === title);
    if (!item) throw new Error(`no bookmark ${title}`);
    return item.destpageposfrom1;
  }

  it('roster with logins, gates with former names, people not on the roster, bypass actions and supplied status categories; no email', async () => {
    const config = {
      ...fixtureConfig(),
      people: [
        { id: 'alice', github: 'alice-gh', email: 'alice@acme.example' },
        { id: 'bob', github: ['bob-new', 'bob-gh'], jira: 'acc-bob' },
        { id: 'mallory', github: 'mallory' },
      ],
      gates: [
        { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' },
        { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'release', formerRepos: ['acme/www'] },
      ],
      roster: [
        { person: 'alice', gates: ['payments-main'], from: '2026-01-01', until: '2026-12-31' },
        { person: 'bob', gates: ['*'], from: '2026-03-01', until: '2026-08-15' },
      ],
      github: { apiUrl: 'https://api.github.com', bypassActions: ['repository_ruleset.update'] },
      jira: { host: 'https://acme.atlassian.net', jql: 'project = BGR', fields: {}, statusCategories: { '10009': 'done' as const } },
    };
    const r = await renderToFile(buildReport({ config }), template);
    const page = sectionPage(r.file, 'Appendix: the program as configured');
    expect(page).toBe(sectionPage(r.file, 'Appendix: method and definitions') - 1);
    const body = text(r.file, { first: page, last: page });
    expect(body).toMatch(/alice +alice-gh +payments-main +2026-01-01 +2026-12-31/);
    // a renamed account's logins, one per line; "*" spelled out
    expect(body).toMatch(/bob +bob-new +all gates \(\*\) +2026-03-01 +2026-08-15\n +bob-gh/);
    expect(squash(body)).toContain('no roster entry, so not pre-authorized for any gate: mallory (mallory).');
    expect(body).toMatch(/web-main +web \/ main +acme\/web @ release +acme\/www/);
    expect(body).toMatch(/payments-main +payments \/ main +acme\/payments @ main +—/);
    expect(squash(body)).toContain('1 action (github.bypassActions in the config), and every rule suite with result "bypass":');
    expect(body).toContain('• repository_ruleset.update');
    expect(body).not.toContain('protected_branch.policy_override');
    expect(body).toMatch(/10009 +done/);
    expect(text(r.file)).not.toContain('@acme.example');
    expect(run('qpdf', ['--check', r.file])).toContain('No syntax or stream encoding errors found');
  });

  it('a roster person spelled in another Unicode normal form is the identity map\'s person (as the config check and NOT_PREAUTHORIZED read it)', async () => {
    const config = {
      ...fixtureConfig(),
      people: [
        { id: 'jos\u00e9', github: 'jose-gh' },
        { id: 'mallory', github: 'mallory' },
      ],
      roster: [{ person: 'jose\u0301', gates: ['*'], from: '2026-01-01', until: '2026-12-31' }],
    };
    const r = await renderToFile(buildReport({ config }), template);
    const page = sectionPage(r.file, 'Appendix: the program as configured');
    const body = text(r.file, { first: page, last: page });
    expect(body).toMatch(/jos(?:\u00e9|e\u0301) +jose-gh +all gates \(\*\)/u);
    expect(body).not.toContain('not in the identity map');
    expect(squash(body)).toContain('no roster entry, so not pre-authorized for any gate: mallory (mallory).');
  });

  it('the fixture without a github block: the default actions the report counted, no status-category table', () => {
    const page = sectionPage(base.file, 'Appendix: the program as configured');
    const body = squash(text(base.file, { first: page, last: page }));
    expect(body).toContain("9 actions (glasstrail's default list)");
    expect(body).toContain('• protected_branch.policy_override');
    expect(body).not.toContain('Jira status categories');
  });
});
