/**
 * Plumbing for the reliability and security suites: loopback fakes of GitHub and Jira with a
 * dataset relative to the real clock (the CLI reads Date.now), a config pointing at them, the
 * real binary spawned *asynchronously* (the fakes live in this process, so spawnSync would
 * deadlock them), and archive/out-dir invariants.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { auditEntry, pullRequest, ruleSuite } from '../fake-github/dataset.ts';
import { type Fault as GithubFault, type FakeGithub, startFakeGithub } from '../fake-github/server.ts';
import { fakeIssue } from '../fake-jira/data.ts';
import { type FakeJira, type Fault as JiraFault, startFakeJira } from '../fake-jira/server.ts';

export const REPO = join(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/glasstrail.js');

export const GITHUB_TOKEN = 'ghp_CANARYgithubTOKEN0123456789abcdefXYZ';
export const JIRA_EMAIL = 'bot@acme.example';
export const JIRA_API_TOKEN = 'CANARYjiraAPItoken0123456789ABCDEF';
export const ENV = { GITHUB_TOKEN, JIRA_EMAIL, JIRA_API_TOKEN, GLASSTRAIL_RETRY_BASE_MS: '20' };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A fixed collect window a little in the past, so `--until` is never clamped to now. */
export function collectWindow(now = Date.now()): { since: number; until: number } {
  const until = Math.floor(now / HOUR) * HOUR - 2 * HOUR;
  return { since: until - 10 * DAY, until };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 400 audit bypasses over 10 days (4 pages), restores, noise; 150 rule suites (2 pages); merges for two gates. */
export function githubDataset(window: { since: number; until: number }) {
  const { since } = window;
  const actions = ['protected_branch.policy_override', 'repository_ruleset.update', 'protected_branch.destroy', 'repository_ruleset.destroy'];
  const audit = [
    ...Array.from({ length: 400 }, (_, i) =>
      auditEntry(i, actions[i % actions.length]!, since + HOUR + i * 35 * 60_000, i % 5 === 0 ? { repo: 'acme/web' } : {}),
    ),
    auditEntry(900, 'protected_branch.create', since + 2 * DAY),
    auditEntry(901, 'repository_ruleset.create', since + 3 * DAY),
    ...Array.from({ length: 30 }, (_, i) => auditEntry(1000 + i, 'repo.create', since + i * HOUR)),
  ];
  const ruleSuites = [
    ...Array.from({ length: 150 }, (_, i) => ruleSuite(i + 1, since + HOUR + i * HOUR)),
    ...Array.from({ length: 20 }, (_, i) => ruleSuite(5000 + i, since + i * HOUR, 'pass')),
  ];
  const pullRequests = [
    ...Array.from({ length: 40 }, (_, i) => pullRequest('acme/payments', i + 1, since + HOUR + i * 5 * HOUR)),
    ...Array.from({ length: 25 }, (_, i) => pullRequest('acme/web', 100 + i, since + 2 * HOUR + i * 7 * HOUR)),
  ];
  return { audit, ruleSuites, pullRequests };
}

export function jiraIssues(window: { since: number; until: number }) {
  return Array.from({ length: 24 }, (_, i) => fakeIssue({ key: `BGR-${i + 1}`, updated: window.since + HOUR + i * 9 * HOUR, histories: 3 }));
}

export interface Fakes {
  github: FakeGithub;
  jira: FakeJira;
  /** Jira behind a latency proxy (the fake has no latency knob) */
  jiraUrl: string;
  window: { since: number; until: number };
  close(): Promise<void>;
}

export interface FakeOptions {
  latencyMs?: number;
  githubFaults?: GithubFault[];
  jiraFaults?: JiraFault[];
  /** token the fakes accept (default: the canaries) */
  githubToken?: string;
  jiraToken?: string;
  /** share one window between several fakes (the default follows the clock) */
  window?: { since: number; until: number };
}

export async function startFakes(options: FakeOptions = {}): Promise<Fakes> {
  const window = options.window ?? collectWindow();
  const github = await startFakeGithub({
    dataset: githubDataset(window),
    token: options.githubToken ?? GITHUB_TOKEN,
    faults: options.githubFaults ?? [],
    latencyMs: options.latencyMs ?? 0,
  });
  const jira = await startFakeJira({
    email: JIRA_EMAIL,
    token: options.jiraToken ?? JIRA_API_TOKEN,
    timeZone: 'America/New_York',
    issues: jiraIssues(window),
    maxSearchPage: 5,
    maxChangelogPage: 20,
    faults: options.jiraFaults ?? [],
  });
  const proxy = await latencyProxy(jira.url, options.latencyMs ?? 0);
  return {
    github,
    jira,
    jiraUrl: proxy.url,
    window,
    async close() {
      await Promise.all([github.close(), jira.close(), proxy.close()]);
    },
  };
}

/** Forwards every request to `target` after `latencyMs`. */
async function latencyProxy(target: string, latencyMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function configYaml(fakes: Pick<Fakes, 'github' | 'jiraUrl'>, extra = ''): string {
  return `organization: Acme Corp
timezone: America/New_York
archive: ./archive
ledger:
  path: ./ledger/breakglass.jsonl
gates:
  - { id: payments-main, name: "payments / main", repo: acme/payments, branch: main }
  - { id: web-main, name: "web / main", repo: acme/web, branch: main }
github:
  org: acme
  apiUrl: ${fakes.github.apiUrl}
  token: env:GITHUB_TOKEN
jira:
  host: ${fakes.jiraUrl}
  email: env:JIRA_EMAIL
  token: env:JIRA_API_TOKEN
  jql: project = BGR
${extra}`;
}

/** A fresh folder with glasstrail.config.yaml pointing at the fakes. */
export function workDir(fakes: Pick<Fakes, 'github' | 'jiraUrl'>, prefix = 'gt-rel-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'glasstrail.config.yaml'), configYaml(fakes));
  mkdirSync(join(dir, 'ledger'));
  return dir;
}

export function collectArgs(window: { since: number; until: number }): string[] {
  return ['collect', '--since', iso(window.since), '--until', iso(window.until)];
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<CliRun>;
}

/** Spawn the real binary without blocking this process's event loop; killed after `timeoutMs`. */
export function spawnCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 90_000, umask?: string): Spawned {
  // With `umask`, run through sh so the mode bits we see are the product's choice, not the umask's.
  const [command, argv] = umask === undefined
    ? [process.execPath, [BIN, ...args]]
    : ['/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args]];
  const child = spawn(command, argv, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 90_000, umask?: string): Promise<CliRun> {
  return spawnCli(args, cwd, env, timeoutMs, umask).done;
}

/** Every file under `dir` (relative path → bytes), hidden files included so debris shows. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (folder: string): void => {
    let names;
    try {
      names = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** state.json with every `collectedAt` blanked: the only field allowed to differ between runs. */
export function normalisedState(bytes: Buffer): unknown {
  const state = JSON.parse(bytes.toString('utf8')) as { streams: Record<string, Record<string, unknown>> };
  for (const stream of Object.values(state.streams)) {
    if ('collectedAt' in stream) stream.collectedAt = '<collectedAt>';
  }
  return state;
}

/** The archive as comparable text: files byte for byte, state.json normalised. */
export function comparableArchive(archiveDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, bytes] of snapshot(archiveDir)) {
    out[path] = path === 'state.json' ? JSON.stringify(normalisedState(bytes), null, 2) : sha256(bytes);
  }
  return out;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Problems with an archive folder: debris, unparsable NDJSON lines, bad JSON files. Empty = sound. */
export function archiveProblems(archiveDir: string): string[] {
  const problems: string[] = [];
  for (const [path, bytes] of snapshot(archiveDir)) {
    const name = path.split('/').at(-1) ?? path;
    if (name.endsWith('.tmp') || name.startsWith('.')) problems.push(`${path}: leftover temp file`);
    else if (name.endsWith('.ndjson')) {
      const text = bytes.toString('utf8');
      if (text.length > 0 && !text.endsWith('\n')) problems.push(`${path}: last line has no newline (cut short?)`);
      text.split('\n').forEach((line, i) => {
        if (line === '') return;
        try {
          JSON.parse(line);
        } catch {
          problems.push(`${path}:${i + 1}: not JSON`);
        }
      });
    } else if (name.endsWith('.json')) {
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        problems.push(`${path}: not JSON`);
      }
    }
  }
  return problems;
}

/** Problems with a report folder: debris, and any output whose bytes differ from manifest.json. */
export function outDirProblems(outDir: string): string[] {
  const problems: string[] = [];
  const files = snapshot(outDir);
  for (const path of files.keys()) if (path.endsWith('.tmp') || path.startsWith('.')) problems.push(`${path}: leftover temp file`);
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) return [...problems, 'manifest.json missing'];
  let manifest: { outputs: { name: string; sha256: string; bytes: number }[] };
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    return [...problems, 'manifest.json is not JSON'];
  }
  for (const output of manifest.outputs) {
    const bytes = files.get(output.name);
    if (!bytes) problems.push(`${output.name}: listed in manifest.json but missing`);
    else if (sha256(bytes) !== output.sha256 || bytes.length !== output.bytes) problems.push(`${output.name}: does not match manifest.json`);
  }
  const listed = new Set(['manifest.json', ...manifest.outputs.map((o) => o.name)]);
  for (const path of files.keys()) if (!listed.has(path) && !path.startsWith('.')) problems.push(`${path}: not in manifest.json`);
  return problems;
}

/** Mode bits of every file and folder under `dir` (the root included). */
export function modes(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out: { path: string; mode: number; dir: boolean }[] = [{ path: '.', mode: statSync(dir).mode & 0o777, dir: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    out.push({ path: relative(dir, path), mode: statSync(path).mode & 0o777, dir: entry.isDirectory() });
  }
  return out;
}

/** mulberry32: a tiny seeded PRNG so kill points are reproducible from the seed in the test name. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const STACK_TRACE = /\n\s+at /;
