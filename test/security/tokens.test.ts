/**
 * Tokens never appear in any output file, log line or error. `collect` and `report --collect` run
 * with canary tokens against loopback fakes, on the happy path and on failure paths (401, 403,
 * 5xx after retries, and a server that echoes the Authorization header back in its error body);
 * then every file under the work folder (archive, out dir, ledger, config) and stdout/stderr are
 * searched for the canaries and their base64 forms.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
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

/** A server that answers every request with 400 and the request's Authorization header in the body. */
async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `bad request from ${auth}`, errorMessages: [`bad request from ${auth}`], errors: { auth } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

type Target = { fakes: FakeOptions } | { echo: true };

async function prepare(target: Target): Promise<{ dir: string; window: { since: number; until: number } }> {
  if ('echo' in target) {
    const echo = await echoServer();
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
  target: { echo: true },
  command: 'collect',
  status: 3,
  stderr: [/GitHub request failed \(400\)/, /Jira rejected the request \(400\)/],
};

async function execute({ target, command }: Case): Promise<{ dir: string; run: CliRun }> {
  const { dir, window } = await prepare(target);
  return { dir, run: await runCli(command === 'collect' ? collectArgs(window) : reportArgs(window), dir, ENV, 120_000) };
}

async function check(c: Case, canaries = CANARIES): Promise<void> {
  const { command, status, stderr } = c;
  const { dir, run } = await execute(c);
  expect(run.status, run.stderr).toBe(status);
  for (const pattern of stderr) expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  if (command === 'report' && status === 3) {
    // the failure path really wrote evidence, and it says INCOMPLETE
    expect(snapshot(join(dir, 'out')).get('summary.md')?.toString()).toContain('INCOMPLETE');
  }
  expect(leaks(dir, run, canaries)).toEqual([]);
}

describe('tokens never leak', () => {
  it.concurrent.each(CASES)('$command, $name: no canary in any file, stdout or stderr', (c) => check(c));

  // BUG (src/sources/jira/transport.ts, jiraMessages / toSourceError): Jira's error body is copied
  // into the message unscrubbed, so a server or proxy that reflects the request's Authorization
  // header prints `Basic base64(email:token)` on stderr. GitHub's path scrubs the token
  // (src/sources/github/errors.ts `scrub`). Fix: in createTransport, scrub the API token, the
  // base64 of `email:token` and `Basic …` from every message built from a response body (keep the
  // secrets in the CredentialNames-like context passed to createTransport).
  it('collect, a server echoing the Authorization header: the GitHub token is scrubbed', () =>
    check(ECHO, CANARIES.filter((c) => !/jira/i.test(Buffer.from(c, 'base64').toString('latin1')) && !/jira/i.test(c))));
  it('collect, a server echoing the Authorization header: the Jira credentials are scrubbed', () => check(ECHO));
});
