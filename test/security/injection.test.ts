/**
 * CSV and Markdown injection neutralised end to end: hostile ledger text (grant ids,
 * justification, incident, approver) through a real `glasstrail report`, then uses.csv, gaps.csv
 * and summary.md read back as a spreadsheet / a Markdown renderer would.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FINDINGS } from '../../src/render/markdown.ts';
import { chain, toText } from '../ledger/build.ts';
import { runCli, STACK_TRACE } from '../reliability/harness.ts';

const PAYLOADS = [
  '=HYPERLINK("http://x")',
  '@SUM(1)',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
  '</details>',
  '[x](javascript:alert(1))',
  'ok\n| fake | row |',
  '<img src=x onerror=alert(1)>',
  // after leading whitespace a spreadsheet may trim, and the small forms of the triggers
  ' =1+1',
  '\u00a0@SUM(1)',
  '\u3000+1',
  '\uFE62SUM(1)',
  '\uFE66HYPERLINK("http://x")',
  // a new cell in a locale that separates fields with ";"
  'fine;=HYPERLINK("http://x");ok',
  'a; -2+3',
];

/**
 * A grant id cannot hold a control character (a bad field, docs/ledger.md), so in the id each
 * becomes a different Unicode space: still whitespace a spreadsheet may trim before a trigger.
 */
const ID_SPACES: Record<string, string> = { '\t': '\u00a0', '\r': '\u2003', '\n': '\u2002' };
function idOf(payload: string): string {
  return payload.replace(/[\t\r\n]/g, (c) => ID_SPACES[c]!);
}

const CONFIG = `organization: Acme
timezone: UTC
ledger:
  path: ./ledger/breakglass.jsonl
gates:
  - { id: payments-main, name: "payments / main", repo: acme/payments, branch: main }
`;

let out: string;
let uses: Record<string, string>[];
let gaps: Record<string, string>[];
let summary: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gt-sec-inj-'));
  writeFileSync(join(dir, 'glasstrail.config.yaml'), CONFIG);
  mkdirSync(join(dir, 'ledger'));
  // One grant per payload; the payload is the grant id (shown in summary.md as a finding's
  // subject) and every free-text field (shown in uses.csv). No review → MISSING_REVIEW (high).
  const bodies = PAYLOADS.map((payload, i) => ({
    type: 'grant.opened',
    at: `2026-07-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
    grant: idOf(payload),
    actor: 'alice',
    gate: 'payments-main',
    scope: 'gate',
    expiresAt: `2026-07-${String(i + 1).padStart(2, '0')}T12:00:00Z`,
    justification: payload,
    incident: payload,
    approver: payload,
  }));
  writeFileSync(join(dir, 'ledger/breakglass.jsonl'), toText(chain(bodies)));
  const run = await runCli(['report', '--month', '2026-07', '--as-of', '2026-08-15T00:00:00Z', '--generated-at', '2026-08-15T00:00:00Z', '--out', 'out'], dir);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.status, run.stderr).toBe(0);
  out = join(dir, 'out');
  const csv = (name: string) => parse(readFileSync(join(out, name)), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
  uses = csv('uses.csv');
  gaps = csv('gaps.csv');
  summary = readFileSync(join(out, 'summary.md'), 'utf8');
});

/** What a spreadsheet could treat as a formula (OWASP CSV injection), after any whitespace it trims. */
const FORMULA_START = /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/;
/** The payload as it must read in a cell: quoted before a trigger at the start and after each `;`. */
function neutralised(payload: string): string {
  const inner = payload.replace(/;(?=\s*[=+\-@\t\r\uFE62\uFE66])/g, ";'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

describe('CSV injection', () => {
  it('every hostile grant is a row of uses.csv, with no cell a spreadsheet would evaluate', () => {
    expect(uses).toHaveLength(PAYLOADS.length);
    for (const row of uses) for (const [column, cell] of Object.entries(row)) expect(cell, `${column}: ${JSON.stringify(cell)}`).not.toMatch(FORMULA_START);
  });

  it.each(PAYLOADS)('%j survives as text in use_id, justification, incident and approver', (payload) => {
    const row = uses.find((r) => r.justification === neutralised(payload));
    expect(row, `no row for ${JSON.stringify(payload)}`).toBeDefined();
    for (const column of ['justification', 'incident', 'approver']) expect(row![column]).toBe(neutralised(payload));
    expect(row!.use_id).toBe(neutralised(idOf(payload)));
  });

  it('read with ";" as the separator (as some spreadsheet locales do), no cell starts a formula either', () => {
    const text = readFileSync(join(out, 'uses.csv'), 'utf8');
    // a spreadsheet splits at every ";" of the line, honouring quotes only at a cell's start
    const cells = text.split(/\r\n|\n/).flatMap((line) => line.split(';').slice(1));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell, JSON.stringify(cell)).not.toMatch(FORMULA_START);
  });

  it('gaps.csv subjects are neutralised too', () => {
    const subjects = gaps.filter((g) => g.code === 'MISSING_REVIEW').map((g) => g.subject!);
    expect(subjects).toHaveLength(PAYLOADS.length);
    for (const subject of subjects) expect(subject).not.toMatch(FORMULA_START);
  });
});

describe('Markdown injection', () => {
  it('the findings table holds one row per finding and no injected row or HTML', () => {
    const tableRows = summary.split('\n').filter((line) => line.startsWith('|'));
    expect(tableRows.some((line) => /^\|\s*fake\s*\|\s*row\s*\|$/.test(line))).toBe(false);
    // every table row has exactly the number of unescaped pipes of its header
    const findings = summary.slice(summary.indexOf('## Findings'));
    const rows = findings.split('\n').filter((line) => line.startsWith('|'));
    const pipes = (line: string) => line.replace(/\\./g, '').split('|').length;
    for (const row of rows) expect(pipes(row), row).toBe(pipes(rows[0]!));
    // one row per finding shown (the table stops at MAX_FINDINGS), under a header and its rule
    expect(gaps.length).toBeGreaterThan(MAX_FINDINGS);
    expect(rows).toHaveLength(MAX_FINDINGS + 2);
    expect(rows.filter((r) => r.includes('MISSING') && r.includes('REVIEW')).length).toBeGreaterThanOrEqual(5);
  });

  it('no raw HTML tag, closing details, or javascript: link survives', () => {
    // `<` not preceded by a backslash opens HTML
    expect(summary).not.toMatch(/(^|[^\\])<\/details/m);
    expect(summary).not.toMatch(/(^|[^\\])<img/m);
    expect(summary).not.toMatch(/\]\(javascript:/);
    // the escaped forms are what is there instead
    expect(summary).toContain('\\</details\\>');
    expect(summary).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
  });
});
