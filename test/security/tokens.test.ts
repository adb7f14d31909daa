/**
 * Tokens never appear in any output file, log line or error. `collect` and `report --collect` run
 * with canary tokens against loopback fakes, on the happy path and on failure paths (401, 403,
 * 5xx after retries, and a server that echoes the Authorization header back in its error body);
 * then every file under the work folder (archive, out dir, ledger, config) and stdout/stderr are
 * searched for the canaries and their base64 forms.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collectArgs,
  ENV,
  type FakeOptions,
  GITHUB_TOKEN,
  iso,
  JIRA_API_TOKEN,
  JIRA_EMAIL,
  type CliRun,
  runCli,
  snapshot,
  startFakes,
  STACK_TRACE,
  workDir,
} from '../reliability/harness.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
/** Every form a leaked secret could take: raw, and as HTTP basic auth / bearer material. */
const CANARIES = [
  GITHUB_TOKEN,
  JIRA_API_TOKEN,
  b64(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`),
  b64url(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`),
  b64(GITHUB_TOKEN),
  b64(`x-access-token:${GITHUB_TOKEN}`),
  b64(JIRA_API_TOKEN),
  // a distinctive middle piece, in case a message cuts the token short
  GITHUB_TOKEN.slice(8, 28),
  JIRA_API_TOKEN.slice(6, 26),
];

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

/**
 * A server that reflects the request's Authorization header: with 400 in a JSON error body
 * (GitHub's and Jira's error shapes), or with 200 in a plain-text body (a proxy's page, which
 * GitHub's client quotes in its "unexpected answer" error).
 */
async function echoServer(mode: 400 | 200): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    if (mode === 200) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`auth=${auth}`);
      return;
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `bad request from ${auth}`, errorMessages: [`bad request from ${auth}`], errors: { auth } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

type Target = { fakes: FakeOptions } | { echo: 400 | 200 };

/** Environment variables named unlike a secret: only the config says they hold one. */
const PLAIN_NAMES = { GITHUB_TOKEN: 'GH_PAT', JIRA_EMAIL: 'JIRA_USER', JIRA_API_TOKEN: 'JIRA_PAT' } as const;

/** The config's env:NAME references renamed, and the environment to match. */
function renamed(dir: string): Record<string, string> {
  const file = join(dir, 'glasstrail.config.yaml');
  let text = readFileSync(file, 'utf8');
  const env: Record<string, string> = { GLASSTRAIL_RETRY_BASE_MS: ENV.GLASSTRAIL_RETRY_BASE_MS };
  for (const [from, to] of Object.entries(PLAIN_NAMES)) {
    text = text.replace(`env:${from}`, `env:${to}`);
    env[to] = ENV[from as keyof typeof PLAIN_NAMES];
  }
  writeFileSync(file, text);
  return env;
}

async function prepare(target: Target): Promise<{ dir: string; window: { since: number; until: number } }> {
  if ('echo' in target) {
    const echo = await echoServer(target.echo);
    cleanups.push(echo.close);
    const fakes = await startFakes();
    cleanups.push(fakes.close);
    const dir = workDir({ github: { ...fakes.github, apiUrl: echo.url }, jiraUrl: echo.url }, 'gt-sec-');
    writeFileSync(join(dir, 'ledger/breakglass.jsonl'), '');
    return { dir, window: fakes.window };
  }
  const fakes = await startFakes(target.fakes);
  cleanups.push(fakes.close);
  const dir = workDir(fakes, 'gt-sec-');
  writeFileSync(join(dir, 'ledger/breakglass.jsonl'), '');
  return { dir, window: fakes.window };
}

function leaks(dir: string, run: CliRun, canaries: readonly string[]): string[] {
  const found: string[] = [];
  const texts: [string, string][] = [['stdout', run.stdout], ['stderr', run.stderr]];
  for (const [path, bytes] of snapshot(dir)) texts.push([path, bytes.toString('latin1')]);
  for (const [where, text] of texts) {
    for (const canary of canaries) if (text.includes(canary)) found.push(`${where} contains ${canary}`);
  }
  return found;
}

function reportArgs(window: { since: number; until: number }): string[] {
  return ['report', '--collect', '--from', iso(window.since).slice(0, 10), '--to', iso(window.until).slice(0, 10), '--out', 'out', '--generated-at', iso(window.until)];
}

const AUDIT = 'GET /orgs/acme/audit-log';
const WRONG = { githubToken: 'ghp_someOtherToken', jiraToken: 'some-other-token' };

interface Case {
  name: string;
  target: Target;
  command: 'collect' | 'report';
  status: number;
  /** what stderr must say, so we know the failure path was really taken */
  stderr: RegExp[];
}

const CASES: Case[] = [
  { name: 'success', target: { fakes: {} }, command: 'collect', status: 0, stderr: [] },
  { name: 'success', target: { fakes: {} }, command: 'report', status: 0, stderr: [] },
  { name: '401 from both', target: { fakes: WRONG }, command: 'collect', status: 3, stderr: [/GitHub rejected the token \(401\)/, /Jira rejected the credentials \(401\)/] },
  { name: '401 from both', target: { fakes: WRONG }, command: 'report', status: 3, stderr: [/401/] },
  {
    name: '403 from both',
    target: { fakes: { githubFaults: [{ route: AUDIT, kind: '403', times: Infinity }], jiraFaults: [{ route: 'myself', answer: 403, times: Infinity }] } },
    command: 'collect',
    status: 3,
    stderr: [/GitHub refused the request \(403\)/, /Jira refused access \(403\)/],
  },
  { name: 'GitHub 502 after retries', target: { fakes: { githubFaults: [{ route: AUDIT, kind: '502', times: Infinity }] } }, command: 'report', status: 3, stderr: [/GitHub did not answer successfully/] },
  { name: 'Jira 500 after retries', target: { fakes: { jiraFaults: [{ route: 'myself', answer: 500, times: Infinity }] } }, command: 'collect', status: 3, stderr: [/Jira answered 500/] },
];

/** A proxy or misconfigured server that reflects the Authorization header into its error body. */
const ECHO: Case = {
  name: 'a server echoing the Authorization header',
  target: { echo: 400 },
  command: 'collect',
  status: 3,
  stderr: [/GitHub request failed \(400\)/, /Jira rejected the request \(400\)/],
};

/**
 * `report --collect` puts each failed source's message into the evidence (`incomplete`:
 * evidence.json, summary.md, manifest.json, the PDF): whatever a server reflected into it
 * must not go along.
 */
const ECHO_INTO_EVIDENCE: Case[] = [
  { ...ECHO, command: 'report' },
  {
    name: 'a server answering 200 with the Authorization header as plain text',
    target: { echo: 200 },
    command: 'report',
    status: 3,
    stderr: [/unexpected GitHub answer/],
  },
];

async function execute({ target, command }: Case, plainNames = false): Promise<{ dir: string; run: CliRun }> {
  const { dir, window } = await prepare(target);
  const env = plainNames ? renamed(dir) : ENV;
  return { dir, run: await runCli(command === 'collect' ? collectArgs(window) : reportArgs(window), dir, env, 120_000) };
}

async function check(c: Case, options: { plainNames?: boolean } = {}): Promise<void> {
  const { command, status, stderr } = c;
  const { dir, run } = await execute(c, options.plainNames);
  expect(run.status, run.stderr).toBe(status);
  for (const pattern of stderr) expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  if (command === 'report' && status === 3) {
    // the failure path really wrote evidence, and it says INCOMPLETE
    const out = snapshot(join(dir, 'out'));
    expect(out.get('summary.md')?.toString()).toContain('INCOMPLETE');
    for (const csv of ['uses.csv', 'gaps.csv', 'gates.csv']) expect(out.get(csv)?.toString()).toMatch(/^"INCOMPLETE EVIDENCE: /);
    // …and, where a server reflected the credentials, says where they were cut out
    if ('echo' in c.target) expect(JSON.parse(out.get('evidence.json')?.toString() ?? '{}').incomplete.join('\n')).toContain('[redacted]');
  }
  expect(leaks(dir, run, CANARIES)).toEqual([]);
}

describe('tokens never leak', () => {
  it.concurrent.each(CASES)('$command, $name: no canary in any file, stdout or stderr', (c) => check(c));
  it('collect, a server echoing the Authorization header: no canary on stderr or in the archive', () => check(ECHO));
  it.concurrent.each(ECHO_INTO_EVIDENCE)('report --collect, $name: no canary in the evidence', (c) => check(c));
  it.concurrent.each([ECHO, ...ECHO_INTO_EVIDENCE])(
    '$command, $name, with the secrets in variables not named like secrets (GH_PAT, JIRA_USER, JIRA_PAT)',
    (c) => check(c, { plainNames: true }),
  );
});

describe('credentials in a URL', () => {
  it.each([
    ['github.apiUrl', /apiUrl: (\S+)/, 'http://ghuser:URLSECRETgh12345@127.0.0.1:9'],
    ['jira.host', /host: (\S+)/, 'https://bot%40acme.example:URLSECRETjira678@acme.atlassian.net'],
  ])('%s with user:password@ is a config error (exit 2) that does not repeat the password', async (key, pattern, url) => {
    const dir = workDir({ github: { apiUrl: 'http://127.0.0.1:9' } as never, jiraUrl: 'http://127.0.0.1:9' }, 'gt-sec-');
    const file = join(dir, 'glasstrail.config.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(pattern, (line) => line.replace(/\S+$/, url)));
    const run = await runCli(collectArgs({ since: Date.parse('2026-07-01'), until: Date.parse('2026-07-02') }), dir, ENV);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`glasstrail\\.config\\.yaml:\\d+ \\(${key.replace('.', '\\.')}\\): must not hold a user name, a password or a query string`));
    expect(run.stderr).toContain('fix: remove "user:password@" and any "?…"');
    expect(run.stderr + run.stdout).not.toContain('URLSECRET');
  });
});
