/**
 * The example GitHub Actions workflows (examples/github-actions) as a security engineer would
 * review them before copying: actions pinned to commits, secrets only through env, minimal
 * permissions, and evidence kept when glasstrail fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoCopy, REPO } from './e2e/helpers.ts';

const DIR = new URL('../examples/github-actions/', import.meta.url).pathname;
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string> }
interface Workflow { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> }

function load(file: string): { text: string; workflow: Workflow; steps: Step[] } {
  const text = readFileSync(join(DIR, file), 'utf8');
  const workflow = parse(text) as Workflow;
  return { text, workflow, steps: Object.values(workflow.jobs).flatMap((j) => j.steps) };
}

describe.each(FILES)('examples/github-actions/%s', (file) => {
  const { text, workflow, steps } = load(file);

  it('pins every action to a full commit SHA, with the version as a comment', () => {
    const uses = steps.filter((s) => s.uses !== undefined);
    expect(uses.length).toBeGreaterThan(0);
    for (const step of uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    for (const line of text.split('\n').filter((l) => /^\s*(- )?uses:/.test(l))) expect(line).toMatch(/ # v\d+\.\d+\.\d+$/);
  });

  it('passes secrets and inputs to scripts only through env, never pasted into a run script', () => {
    for (const step of steps) if (step.run) expect(step.run, step.name).not.toMatch(/\$\{\{/);
  });

  it('asks for no permission beyond contents', () => {
    expect(Object.keys(workflow.permissions)).toEqual(['contents']);
  });
});

describe('the daily collect workflow', () => {
  const { steps } = load('glasstrail-collect.yml');
  const collect = steps.find((s) => s.id === 'collect')!;
  const commit = steps.find((s) => s.name === 'Commit the archive')!;

  it('commits what a failed collect gathered, then fails the job', () => {
    expect(collect.run).toContain('set +e');
    expect(collect.run).toContain('echo "exit=$code" >> "$GITHUB_OUTPUT"');
    // every other failure (2, a crash, an OOM kill) fails the step itself
    expect(collect.run).toContain('if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then exit "$code"; fi');
    expect(commit.if).toContain('!cancelled()');
    const fail = steps.at(-1)!;
    expect(fail.if).toBe("steps.collect.outputs.exit == '3'");
    expect(fail.run).toContain('exit 1');
    expect(steps.indexOf(commit)).toBeLessThan(steps.indexOf(fail));
  });

  it('the commit step, run as written, replays its commit on a ledger append pushed meanwhile, and leaves out the lock owner note', () => {
    const root = mkdtempSync(join(tmpdir(), 'gt-wf-git-'));
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const remote = join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const seed = join(root, 'seed');
    git(root, 'clone', '-q', remote, seed);
    for (const [k, v] of [['user.name', 't'], ['user.email', 't@example.invalid']]) git(seed, 'config', k!, v!);
    mkdirSync(join(seed, 'ledger'));
    writeFileSync(join(seed, 'ledger/breakglass.jsonl'), '{"seq":0}\n');
    git(seed, 'add', '.');
    git(seed, 'commit', '-q', '-m', 'ledger');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');
    // the collect job's checkout, then a ledger append pushed while it collects
    const job = join(root, 'job');
    git(root, 'clone', '-q', remote, job);
    writeFileSync(join(seed, 'ledger/breakglass.jsonl'), '{"seq":0}\n{"seq":1}\n');
    git(seed, 'commit', '-q', '-am', 'ledger append');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');
    mkdirSync(join(job, 'archive'));
    writeFileSync(join(job, 'archive/state.json'), '{}\n');
    writeFileSync(join(job, 'archive/.collect.lock.owner'), '{"host":"h","pid":1}\n');
    execFileSync('bash', ['-e', '-c', commit.run!], { cwd: job, stdio: ['ignore', 'pipe', 'pipe'] });
    const files = git(remote, 'ls-tree', '-r', '--name-only', 'main').trim().split('\n');
    expect(files).toEqual(['archive/state.json', 'ledger/breakglass.jsonl']);
    expect(git(remote, 'log', '--format=%s', 'main').trim().split('\n')).toEqual([expect.stringMatching(/^glasstrail collect /), 'ledger append', 'ledger']);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('the quarterly report workflow', () => {
  const { steps } = load('glasstrail-quarterly.yml');
  const report = steps.find((s) => s.id === 'report')!;

  it('run as written on the demo: reviews judged as of the last Jira collect, so no coverage gap; findings give exit 1', () => {
    const dir = demoCopy();
    symlinkSync(REPO, join(dir, '.glasstrail'));
    const output = join(mkdtempSync(join(tmpdir(), 'gt-gh-output-')), 'output');
    execFileSync('bash', ['-e', '-c', report.run!], { cwd: dir, env: { ...process.env, QUARTER: '2026-Q3', GITHUB_OUTPUT: output }, stdio: 'pipe' });
    expect(readFileSync(output, 'utf8')).toBe('exit=1\n');
    const state = JSON.parse(readFileSync(join(dir, 'archive/state.json'), 'utf8')) as { streams: Record<string, { watermark: string }> };
    const evidence = JSON.parse(readFileSync(join(dir, 'reports/2026-Q3/evidence.json'), 'utf8')) as { asOf: string; population: { coverageGaps: string[] } };
    expect(Date.parse(evidence.asOf)).toBe(Date.parse(state.streams['jira.issues']!.watermark));
    expect(evidence.population.coverageGaps).toEqual([]);
  });

  it('a Jira collect stalled before the quarter ended does not cut the quarter short: as-of stays now, the gap is stated', () => {
    const dir = demoCopy();
    symlinkSync(REPO, join(dir, '.glasstrail'));
    const statePath = join(dir, 'archive/state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { streams: Record<string, { watermark: string }> };
    state.streams['jira.issues']!.watermark = '2026-09-15T00:00:00Z';
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    const output = join(mkdtempSync(join(tmpdir(), 'gt-gh-output-')), 'output');
    const started = Date.now();
    execFileSync('bash', ['-e', '-c', report.run!], { cwd: dir, env: { ...process.env, QUARTER: '2026-Q3', GITHUB_OUTPUT: output }, stdio: 'pipe' });
    const evidence = JSON.parse(readFileSync(join(dir, 'reports/2026-Q3/evidence.json'), 'utf8')) as { asOf: string; uses: unknown[]; population: { coverageGaps: string[] } };
    expect(Date.parse(evidence.asOf)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    expect(evidence.uses).toHaveLength(37);
    expect(evidence.population.coverageGaps.join('\n')).toMatch(/jira\.issues/);
  });
});
