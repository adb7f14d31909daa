/**
 * The archive's inventory: `collect` records in state.json (`files`) the SHA-256 of every archive
 * file it writes, and `report` checks the files it reads against it. Collect writes no day file
 * for a quiet day, so without the inventory a deleted day file (or a line cut from one) would
 * read as "nothing happened" in evidence that still says COMPLETE.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInventory } from '../../src/archive/inventory.ts';
import { auditEntry } from '../fake-github/dataset.ts';
import { expectEvidenceSet } from '../output-schemas.ts';
import { archiveProblems, collectArgs, ENV, type Fakes, iso, runCli, sha256, snapshot, startFakes, workDir } from './harness.ts';

let fakes: Fakes;
let collected: string;

interface State {
  streams: Record<string, unknown>;
  files?: Record<string, string>;
}

const stateOf = (dir: string): State => JSON.parse(readFileSync(join(dir, 'archive', 'state.json'), 'utf8')) as State;
const dayFiles = (dir: string): string[] => Object.keys(stateOf(dir).files ?? {}).filter((k) => k.startsWith('github/audit/')).sort();

/** A copy of the collected work folder, to damage. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-inv-'));
  cpSync(collected, dir, { recursive: true });
  return dir;
}

function report(dir: string, from: number, to: number): Promise<{ status: number | null; stderr: string }> {
  const day = (ms: number) => iso(ms).slice(0, 10);
  return runCli(['report', '--from', day(from), '--to', day(to), '--as-of', iso(fakes.window.until), '--generated-at', iso(fakes.window.until), '--format', 'csv,json', '--out', 'out'], dir, ENV);
}

beforeAll(async () => {
  fakes = await startFakes();
  collected = workDir(fakes, 'gt-inv-');
  writeFileSync(join(collected, 'ledger/breakglass.jsonl'), '');
  const run = await runCli(collectArgs(fakes.window), collected, ENV);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

afterAll(async () => {
  await fakes?.close();
});

describe('collect records the archive it writes', () => {
  it('state.json lists every archive file with the SHA-256 of its bytes', () => {
    const files = stateOf(collected).files ?? {};
    const onDisk = Object.fromEntries([...snapshot(join(collected, 'archive'))].filter(([path]) => path !== 'state.json').map(([path, bytes]) => [path, `sha256:${sha256(bytes)}`]));
    expect(Object.keys(onDisk)).toContain('jira/issues.ndjson');
    expect(Object.keys(onDisk)).toContain('jira/statuses.json');
    expect(Object.keys(onDisk)).toContain('github/merges/web-main.ndjson');
    expect(Object.keys(onDisk).some((p) => p.startsWith('github/rule-suites/'))).toBe(true);
    expect(dayFiles(collected).length).toBeGreaterThan(5);
    expect(files).toEqual(onDisk);
  });

  it('a rerun over the same window leaves the archive and its inventory as they were', async () => {
    const dir = copy();
    const before = stateOf(dir);
    const rerun = await runCli(collectArgs(fakes.window), dir, ENV);
    expect(rerun.status).toBe(0);
    expect(stateOf(dir).files).toEqual(before.files);
    // each stream's line, then its notes
    expect(rerun.stdout).toMatch(/^jira\.issues: \d+ received, 0 new, \d+ requests \(.*\)\n {2}note: JQL dates in \S+\n {2}note: 0 issues written, \d+ unchanged$/m);
  });

  it('an archive collected before the inventory existed: the next collect records all of it, even days it does not pull', async () => {
    const dir = copy();
    const state = stateOf(dir);
    const expected = state.files;
    delete state.files;
    writeFileSync(join(dir, 'archive', 'state.json'), JSON.stringify(state, null, 2));
    const lastHour = ['collect', '--since', iso(fakes.window.until - 3_600_000), '--until', iso(fakes.window.until)];
    expect((await runCli(lastHour, dir, ENV)).status).toBe(0);
    expect(stateOf(dir).files).toEqual(expected);
  });
});

describe('report checks the files it reads against the inventory', () => {
  it('reads an archive as collect wrote it', async () => {
    const run = await report(copy(), fakes.window.since, fakes.window.until);
    expect(run.stderr).not.toMatch(/state\.json/);
    expect(run.status).toBe(0);
  });

  it('a day file deleted: exit 3 naming it, no evidence written', async () => {
    const dir = copy();
    const victim = dayFiles(dir)[3]!;
    unlinkSync(join(dir, 'archive', victim));
    const run = await report(dir, fakes.window.since, fakes.window.until);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`archive/${victim} is missing, yet state.json lists it as written by collect`);
    expect(run.stderr).toMatch(/restore the archive folder from its history/);
    expect(snapshot(join(dir, 'out')).size).toBe(0);
    // sample reads the archive the same way: no sample from a population that lost a day
    const day = (ms: number) => iso(ms).slice(0, 10);
    const sample = await runCli(['sample', '--from', day(fakes.window.since), '--to', day(fakes.window.until), '--as-of', iso(fakes.window.until), '--seed', 'walkthrough', '--out', 'sample'], dir, ENV);
    expect(sample.status).toBe(3);
    expect(sample.stderr).toContain(`archive/${victim} is missing`);
    expect(snapshot(join(dir, 'sample')).size).toBe(0);
  });

  it('a line cut from a day file: exit 3 with the recorded and the actual digest', async () => {
    const dir = copy();
    const victim = dayFiles(dir)[2]!;
    const path = join(dir, 'archive', victim);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(2);
    writeFileSync(path, lines.slice(1).join('\n'));
    const run = await report(dir, fakes.window.since, fakes.window.until);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`archive/${victim} is not what collect wrote: its SHA-256 is sha256:${sha256(readFileSync(path))}, state.json records ${stateOf(dir).files?.[victim]}`);
  });

  it('a deleted Jira or merges file is named too', async () => {
    const dir = copy();
    rmSync(join(dir, 'archive', 'github', 'merges', 'web-main.ndjson'));
    const run = await report(dir, fakes.window.since, fakes.window.until);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('archive/github/merges/web-main.ndjson is missing');
  });

  it('a day file wholly before the report reads may be retired', async () => {
    const dir = copy();
    const first = dayFiles(dir)[0]!;
    unlinkSync(join(dir, 'archive', first));
    const day = Date.parse(`${/(\d{4}-\d{2}-\d{2})/.exec(first)![1]}T00:00:00Z`);
    // a report whose first local day starts two days after that UTC day
    const run = await report(dir, day + 2 * 86_400_000, fakes.window.until);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('after a collect interrupted between writing a file and recording it, the next collect mends the inventory', async () => {
    const dir = copy();
    const state = stateOf(dir);
    const victim = dayFiles(dir)[4]!;
    state.files![victim] = `sha256:${'0'.repeat(64)}`;
    writeFileSync(join(dir, 'archive', 'state.json'), JSON.stringify(state, null, 2));
    expect((await report(dir, fakes.window.since, fakes.window.until)).status).toBe(3);
    expect((await runCli(collectArgs(fakes.window), dir, ENV)).status).toBe(0);
    expect(stateOf(dir).files?.[victim]).toBe(`sha256:${sha256(readFileSync(join(dir, 'archive', victim)))}`);
    expect((await report(dir, fakes.window.since, fakes.window.until)).status).toBe(0);
  });
});

describe('checkInventory', () => {
  const digest = (c: string) => c.repeat(64);
  const inputs = [
    { path: 'archive/github/audit/2026-07-02.ndjson', sha256: digest('a'), bytes: 1 },
    { path: 'archive/jira/issues.ndjson', sha256: digest('b'), bytes: 1 },
  ];
  const rel = (key: string) => `archive/${key}`;
  const window = { from: Date.parse('2026-07-01T04:00:00Z'), to: Date.parse('2026-07-05T00:00:00Z') };
  const check = (files: Record<string, string>) => () => checkInventory({ files, inputs, rel, window });

  it('passes when every needed file is there as recorded; day files outside the window are not needed', () => {
    expect(check({
      'github/audit/2026-07-02.ndjson': `sha256:${digest('a')}`,
      'jira/issues.ndjson': `sha256:${digest('b')}`,
      // ends at the window's start, starts at its end: neither is read by this report
      'github/audit/2026-06-30.ndjson': `sha256:${digest('c')}`,
      'github/rule-suites/2026-07-05.ndjson': `sha256:${digest('c')}`,
    })).not.toThrow();
  });

  it('a day file that reaches into the window must be there', () => {
    // 2026-07-01 UTC ends after the window's start (04:00Z)
    expect(check({ 'github/audit/2026-07-01.ndjson': `sha256:${digest('c')}` })).toThrow(/archive\/github\/audit\/2026-07-01\.ndjson is missing/);
    expect(check({ 'github/rule-suites/2026-07-04.ndjson': `sha256:${digest('c')}` })).toThrow(/2026-07-04\.ndjson is missing/);
  });

  it('names the first problem and counts the rest', () => {
    expect(check({ 'github/merges/a.ndjson': `sha256:${digest('c')}`, 'github/merges/b.ndjson': `sha256:${digest('c')}` })).toThrow(
      /archive\/github\/merges\/a\.ndjson is missing, yet state\.json lists it as written by collect \(and 1 more\)/,
    );
    expect(check({ 'jira/issues.ndjson': `sha256:${digest('d')}` })).toThrow(
      `archive/jira/issues.ndjson is not what collect wrote: its SHA-256 is sha256:${digest('b')}, state.json records sha256:${digest('d')}`,
    );
  });
});

const DAY = 86_400_000;

describe('report --collect after a collect that failed midway', () => {
  it('gives INCOMPLETE evidence (not an inventory error), records what it wrote, and a rerun completes', async () => {
    const own = await startFakes();
    try {
      const dir = workDir(own, 'gt-inv-partial-');
      writeFileSync(join(dir, 'ledger/breakglass.jsonl'), '');
      const day = (ms: number) => iso(ms).slice(0, 10);
      const args = ['report', '--collect', '--from', day(own.window.since), '--to', day(own.window.until), '--as-of', iso(own.window.until), '--generated-at', iso(own.window.until), '--format', 'csv,json', '--out', 'out'];
      // an earlier, clean collect of the window's first day: the archive has an inventory and cursors
      expect((await runCli(collectArgs({ since: own.window.since, until: own.window.since + DAY }), dir, ENV)).status).toBe(0);
      const before = stateOf(dir);

      // 5,200 more bypasses after it: the audit collector continuing from there writes its first
      // 5,000 entries (50 pages of 100), then page 51 fails for good (502 after the retries)
      const added = Array.from({ length: 5_200 }, (_, i) => auditEntry(20_000 + i, 'protected_branch.policy_override', own.window.since + DAY + 3_600_000 + i * 90_000));
      own.github.dataset.audit.push(...added);
      own.github.faults.push({ route: 'GET /orgs/acme/audit-log', times: Infinity, kind: '502', fromRequest: 51 });
      const failed = await runCli(args, dir, ENV);
      expect(failed.status).toBe(3);
      expect(failed.stderr).not.toMatch(/state\.json (lists|records)/);
      const evidence = JSON.parse(readFileSync(join(dir, 'out', 'evidence.json'), 'utf8')) as { status: string; incomplete: string[]; population: { auditEvents: { lines: number } } };
      expect(evidence.status).toBe('INCOMPLETE');
      expect(evidence.incomplete.join('\n')).toMatch(/GET \/orgs\/acme\/audit-log: .*502/);
      // INCOMPLETE evidence is still evidence: held to the published schemas like any other
      expectEvidenceSet(join(dir, 'out'));
      expect(readFileSync(join(dir, 'out', 'uses.csv'), 'utf8')).toMatch(/^"?INCOMPLETE EVIDENCE: /);
      // the day files written before the failure are in the inventory as they are on disk; the
      // audit cursor did not move, so the rest is pulled again
      const after = stateOf(dir);
      expect(after.streams['github.audit']).toEqual(before.streams['github.audit']);
      const onDisk = Object.fromEntries([...snapshot(join(dir, 'archive'))].filter(([p]) => p.startsWith('github/audit/')).map(([p, b]) => [p, `sha256:${sha256(b)}`]));
      expect(Object.fromEntries(Object.entries(after.files ?? {}).filter(([p]) => p.startsWith('github/audit/')))).toEqual(onDisk);
      // a plain report of that archive reads it without an inventory error, and says what it misses
      const plain = await runCli(args.filter((a) => a !== '--collect'), dir, ENV);
      expect(plain.stderr).not.toMatch(/state\.json (lists|records)/);

      // the fault passes: the rerun pulls the rest and the evidence is complete
      own.github.faults.length = 0;
      const rerun = await runCli(args, dir, ENV);
      expect(rerun.stderr).not.toMatch(/INCOMPLETE/);
      expect(rerun.status).toBe(0);
      const complete = JSON.parse(readFileSync(join(dir, 'out', 'evidence.json'), 'utf8')) as typeof evidence;
      expect(complete.status).toBe('COMPLETE');
      expect(complete.population.auditEvents.lines).toBeGreaterThan(evidence.population.auditEvents.lines);
      // every bypass and restore the fake holds is in the archive once: 400 + 2 restores + 5,200
      const lines = [...snapshot(join(dir, 'archive'))].filter(([p]) => p.startsWith('github/audit/')).reduce((n, [, b]) => n + b.toString('utf8').trimEnd().split('\n').length, 0);
      expect(lines).toBe(5_602);
      expect(archiveProblems(join(dir, 'archive'))).toEqual([]);
    } finally {
      await own.close();
    }
  }, 120_000);
});
