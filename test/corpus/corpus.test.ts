/**
 * The bad-input corpus run through the real CLI. Each case is a small file here; what is wrong
 * with it is written in the file (config: `# corpus:` / `# expect-line:` / `# expect-text:`) or
 * in a `<case>.expect.json` sidecar (everything else). See README.md.
 * - config/*.yaml → exit 2, stderr names glasstrail.config.yaml:<line>
 * - archive/*, jira/* (dropped into a copy of the demo archive) → exit 3, stderr names the file
 *   and line (or the issue key), and no evidence is written
 * - ledger/*.jsonl → report still runs (exit 0) with LEDGER_TAMPERED on the uses from the bad
 *   line on; `ledger verify` exits 1 naming file:line
 * Never a stack trace.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, STACK_TRACE } from '../reliability/harness.ts';

const HERE = import.meta.dirname;
const Q3 = ['report', '--quarter', '2026-Q3', '--as-of', '2026-10-15T00:00:00Z', '--generated-at', '2026-10-15T00:00:00Z', '--out', 'out'];

interface Expectation {
  why: string;
  target?: string;
  line?: number;
  key?: string;
  tampered?: string[];
  clean?: string[];
}

/** `[case name, data file, expectation]` for every sidecar in `folder`. */
function sidecarCases(folder: string): [string, string, Expectation][] {
  const dir = join(HERE, folder);
  const names = readdirSync(dir);
  return names
    .filter((n) => n.endsWith('.expect.json'))
    .sort()
    .map((sidecar) => {
      const stem = sidecar.slice(0, -'.expect.json'.length);
      const data = names.find((n) => n !== sidecar && n.startsWith(`${stem}.`) && !n.endsWith('.expect.json'));
      if (!data) throw new Error(`${folder}/${sidecar} has no data file`);
      return [stem, join(dir, data), JSON.parse(readFileSync(join(dir, sidecar), 'utf8')) as Expectation];
    });
}

function configCases(): [string, string, { line: number; text: RegExp; why: string }][] {
  const dir = join(HERE, 'config');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const field = (key: string) => new RegExp(`^# ${key}: (.*)$`, 'm').exec(text)?.[1]?.trim();
      const line = Number(field('expect-line'));
      const expected = field('expect-text');
      const why = field('corpus');
      if (!line || !expected || !why) throw new Error(`config/${name} lacks its # corpus / # expect-line / # expect-text header`);
      return [name, join(dir, name), { line, text: new RegExp(expected), why }];
    });
}

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-corpus-'));
  cpSync(join(REPO, 'fixtures/demo'), dir, { recursive: true });
  return dir;
}

function expectPlainError(stderr: string): void {
  expect(stderr).toMatch(/^glasstrail: /);
  expect(stderr).not.toMatch(STACK_TRACE);
  expect(stderr).not.toMatch(/internal error/);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
}

describe('corpus: config files → exit 2 naming file:line', () => {
  it.concurrent.each(configCases())('%s', async (_name, file, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-corpus-cfg-'));
    writeFileSync(join(dir, 'glasstrail.config.yaml'), readFileSync(file));
    const run = await runCli(Q3, dir);
    expect(run.status, `${expected.why}\n${run.stderr}`).toBe(2);
    expectPlainError(run.stderr);
    expect(run.stderr).toContain(`glasstrail.config.yaml:${expected.line}`);
    expect(run.stderr).toMatch(expected.text);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe.each(['archive', 'jira'])('corpus: %s files → exit 3 naming file and line/key, no evidence', (folder) => {
  it.concurrent.each(sidecarCases(folder))('%s', async (_name, file, expected) => {
    const dir = demoCopy();
    const target = join(dir, expected.target!);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(file));
    const run = await runCli(Q3, dir);
    expect(run.status, `${expected.why}\n${run.stderr}`).toBe(3);
    expectPlainError(run.stderr);
    const base = expected.target!.split('/').at(-1)!;
    expect(run.stderr).toContain(expected.line ? `${base}:${expected.line}` : base);
    if (expected.key) expect(run.stderr).toContain(expected.key);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

const LEDGER_CONFIG = `organization: Acme
timezone: UTC
ledger:
  path: ./ledger/breakglass.jsonl
people:
  - { id: alice }
gates:
  - { id: payments-main, name: "payments / main", repo: acme/payments, branch: main }
roster:
  - { person: alice, gates: [payments-main], from: 2026-01-01, until: 2026-12-31 }
`;

describe('corpus: ledger files → LEDGER_TAMPERED from the bad line on, verify names file:line', () => {
  it.concurrent.each(sidecarCases('ledger'))('%s', async (_name, file, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-corpus-ledger-'));
    writeFileSync(join(dir, 'glasstrail.config.yaml'), LEDGER_CONFIG);
    mkdirSync(join(dir, 'ledger'));
    writeFileSync(join(dir, 'ledger/breakglass.jsonl'), readFileSync(file));

    const verify = await runCli(['ledger', 'verify'], dir);
    expect(verify.status, expected.why).toBe(1);
    expect(verify.stdout).toContain(`breakglass.jsonl:${expected.line}: `);
    expect(verify.stderr).not.toMatch(STACK_TRACE);

    const report = await runCli(['report', '--month', '2026-07', '--as-of', '2026-08-01T00:00:00Z', '--format', 'csv', '--out', 'out'], dir);
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toContain('ledger FAILED verification');
    const gaps = parse(readFileSync(join(dir, 'out/gaps.csv')), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const tampered = new Set(gaps.filter((g) => g.code === 'LEDGER_TAMPERED').map((g) => g.subject));
    for (const id of expected.tampered ?? []) expect(tampered, `${id}: ${expected.why}`).toContain(id);
    for (const id of expected.clean ?? []) expect(tampered, `${id} precedes the break`).not.toContain(id);
  });
});
