import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, GlasstrailError, ShapeError, SourceError } from '../../errors.ts';
import { auditEntry, pullRequest, ruleSuite } from '../../../test/fake-github/dataset.ts';
import { ENV, linesUnder, snapshot, tempArchive, TOKEN, testConfig } from '../../../test/fake-github/harness.ts';
import { type FakeGithub, startFakeGithub } from '../../../test/fake-github/server.ts';
import { collectGithub, type GithubCollectOptions } from './index.ts';
import { coveredSpan } from './rule-suites.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-07-20T12:00:00Z');
const AUDIT = 'GET /orgs/acme/audit-log';
const SUITES = 'GET /orgs/acme/rulesets/rule-suites';
const GRAPHQL = 'POST /graphql';
const FAST = { retryBaseMs: 1, maxRetries: 3, requestTimeoutMs: 2000 };

/** 250 bypasses over ten days, plus noise the phrase must keep away. */
function dataset() {
  const audit = [
    ...Array.from({ length: 250 }, (_, i) => auditEntry(i, i % 2 ? 'protected_branch.policy_override' : 'repository_ruleset.update', NOW - 11 * DAY + i * HOUR)),
    auditEntry(900, 'protected_branch.create', NOW - 2 * DAY),
    ...Array.from({ length: 40 }, (_, i) => auditEntry(1000 + i, i % 2 ? 'repo.create' : 'org.add_member', NOW - 5 * DAY + i * HOUR)),
  ];
  const ruleSuites = [
    ...Array.from({ length: 150 }, (_, i) => ruleSuite(i + 1, NOW - 20 * DAY + i * HOUR)),
    ...Array.from({ length: 30 }, (_, i) => ruleSuite(5000 + i, NOW - 3 * DAY + i * HOUR, 'pass')),
  ];
  // 50 PRs: one GraphQL page (plugin-throttling spaces GraphQL requests 1 s apart); paging has its own test
  const pullRequests = Array.from({ length: 50 }, (_, i) => pullRequest('acme/payments', i + 1, NOW - 30 * DAY + i * HOUR));
  return { audit, ruleSuites, pullRequests };
}

let fake: FakeGithub;
let archive: { dir: string; cleanup: () => Promise<void> };
let progress: string[];

beforeEach(async () => {
  fake = await startFakeGithub({ dataset: dataset(), token: TOKEN, now: () => NOW });
  archive = await tempArchive();
  progress = [];
});
afterEach(async () => {
  await fake.close();
  await archive.cleanup();
});

function options(extra: Partial<GithubCollectOptions> = {}, dir = archive.dir): GithubCollectOptions {
  return {
    config: testConfig(fake.apiUrl, dir),
    until: NOW,
    now: NOW,
    env: ENV,
    progress: (line) => progress.push(line),
    timing: FAST,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<GlasstrailError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GlasstrailError);
  return error as GlasstrailError;
}

describe('collectGithub: audit log', () => {
  it('pulls 250 entries in 3 pages, only the requested actions, exactly as received', async () => {
    const summaries = await collectGithub(options());
    const audit = summaries.find((s) => s.stream === 'github.audit');
    expect(audit).toMatchObject({ requests: 3, received: 251, added: 251, to: '2026-07-20T12:00:00Z', from: '2026-01-21T12:00:00Z' });
    expect(fake.count(AUDIT)).toBe(3);

    const first = fake.log.find((r) => r.route === AUDIT);
    expect(first?.query).toMatchObject({ include: 'web', order: 'asc', per_page: '100' });
    expect(first?.query.phrase).toContain('action:protected_branch.policy_override action:protected_branch.destroy');
    expect(first?.query.phrase).toContain('action:repository_branch_protection_evaluation.enable');
    // decoded by the fake: a `+` that octokit did not send as %2B would arrive as a space (and get a 422)
    expect(first?.query.phrase).toMatch(/ created:2026-01-21T12:00:00\+00:00\.\.2026-07-20T12:00:00\+00:00$/);

    const files = await snapshot(archive.dir);
    const lines = linesUnder(files, 'github/audit/');
    const expected = fake.dataset.audit.filter((e) => !/^(repo|org)\./.test(String(e.action)));
    expect(lines).toHaveLength(251);
    expect(new Set(lines)).toEqual(new Set(expected.map((e) => JSON.stringify(e))));
    expect(lines.some((line) => line.includes('"repo.create"') || line.includes('"org.add_member"'))).toBe(false);
    // one segment per UTC day of created_at
    const day = new Date(NOW - 11 * DAY).toISOString().slice(0, 10);
    const dayLines = linesUnder(files, `github/audit/${day}.ndjson`);
    expect(dayLines).toHaveLength(12);
    expect(dayLines.every((l) => new Date(JSON.parse(l).created_at).toISOString().startsWith(day))).toBe(true);

    const state = JSON.parse(files['state.json'] ?? '{}');
    expect(state.streams['github.audit'].watermark).toBe('2026-07-20T12:00:00Z');
  });

  it('auditQuery: per-action asks for each action on its own and archives the same entries', async () => {
    await collectGithub(options());
    const combined = linesUnder(await snapshot(archive.dir), 'github/audit/');
    const other = await tempArchive();
    try {
      fake.log.length = 0;
      const config = testConfig(fake.apiUrl, other.dir, { auditQuery: 'per-action' });
      const summaries = await collectGithub({ ...options({}, other.dir), config });
      const phrases = fake.log.filter((r) => r.route === AUDIT && r.query.after === undefined).map((r) => String(r.query.phrase));
      const actions = [...new Set([...config.github!.bypassActions, 'protected_branch.create', 'repository_ruleset.create', 'repository_branch_protection_evaluation.enable'])];
      // one search per action, each naming only that action
      expect(phrases.map((p) => p.match(/action:\S+/g))).toEqual(actions.map((a) => [`action:${a}`]));
      // 125 + 125 entries of two actions (2 pages each), one page for each other action
      expect(summaries.find((s) => s.stream === 'github.audit')).toMatchObject({ received: 251, added: 251, requests: actions.length + 2 });
      expect(new Set(linesUnder(await snapshot(other.dir), 'github/audit/'))).toEqual(new Set(combined));
    } finally {
      await other.cleanup();
    }
  });

  it('a rerun with nothing new makes exactly one request per stream and adds nothing', async () => {
    await collectGithub(options());
    const before = await snapshot(archive.dir);
    fake.reset();
    const summaries = await collectGithub(options({ now: NOW + 10 * 60_000, until: NOW + 10 * 60_000 }));
    expect(fake.count(AUDIT)).toBe(1);
    expect(fake.count(SUITES)).toBe(1);
    expect(fake.count(GRAPHQL)).toBe(1);
    expect(summaries.map((s) => [s.stream, s.requests, s.added])).toEqual([
      ['github.audit', 1, 0],
      ['github.rule-suites', 1, 0],
      ['github.merges', 1, 0],
    ]);
    // the second run starts one hour (the overlap) before the first run's watermark
    expect(fake.log[0]?.query.phrase).toContain('created:2026-07-20T11:00:00+00:00..2026-07-20T12:10:00+00:00');
    const after = await snapshot(archive.dir);
    expect(linesUnder(after, 'github/')).toEqual(linesUnder(before, 'github/'));
  });

  it('picks up late and duplicate deliveries inside the overlap, once', async () => {
    await collectGithub(options());
    const late = auditEntry(7000, 'protected_branch.destroy', NOW - 30 * 60_000);
    const tooLate = auditEntry(7001, 'protected_branch.destroy', NOW - 3 * HOUR);
    const duplicate = { ...(fake.dataset.audit[249] as Record<string, unknown>) };
    fake.dataset.audit.push(late, tooLate, duplicate);
    const summaries = await collectGithub(options({ now: NOW + HOUR / 2, until: NOW + HOUR / 2 }));
    expect(summaries[0]).toMatchObject({ stream: 'github.audit', added: 1 });
    const lines = linesUnder(await snapshot(archive.dir), 'github/audit/');
    expect(lines.filter((l) => l.includes('"doc-007000"'))).toHaveLength(1);
    // older than watermark − overlap: out of the window; documented in readme (collect --since)
    expect(lines.some((l) => l.includes('"doc-007001"'))).toBe(false);
    expect(lines.filter((l) => l === JSON.stringify(duplicate))).toHaveLength(1);
    expect(lines).toHaveLength(252);
  });

  it('uses the enterprise audit log when configured, and skips rule suites without an org', async () => {
    const opts = options();
    opts.config = testConfig(fake.apiUrl, archive.dir, { org: undefined, enterprise: 'acme-inc' });
    const summaries = await collectGithub(opts);
    expect(fake.count('GET /enterprises/acme-inc/audit-log')).toBe(3);
    expect(fake.count(SUITES)).toBe(0);
    expect(summaries[1]?.notes?.join(' ')).toMatch(/skipped/);
    expect(progress.some((line) => /rule suites: skipped/.test(line))).toBe(true);
  });
});

describe('collectGithub: rule suites', () => {
  it('pages by number, asks only for bypasses, keeps [since, until], notes the 30-day reach', async () => {
    const summaries = await collectGithub(options());
    const suites = summaries.find((s) => s.stream === 'github.rule-suites');
    expect(fake.count(SUITES)).toBe(2);
    expect(fake.log.filter((r) => r.route === SUITES).map((r) => [r.query.page, r.query.time_period, r.query.rule_suite_result])).toEqual([
      ['1', 'month', 'bypass'],
      ['2', 'month', 'bypass'],
    ]);
    expect(suites).toMatchObject({ received: 150, added: 150, from: '2026-06-20T12:00:00Z' });
    expect(suites?.notes?.join(' ')).toMatch(/out of the API's reach/);
    const files = await snapshot(archive.dir);
    const lines = linesUnder(files, 'github/rule-suites/');
    expect(lines).toHaveLength(150);
    expect(lines.every((l) => JSON.parse(l).result === 'bypass')).toBe(true);
    expect(JSON.parse(files['state.json'] ?? '{}').streams['github.rule-suites']).toMatchObject({
      coveredFrom: '2026-06-20T12:00:00Z',
      coveredTo: '2026-07-20T12:00:00Z',
    });
  });

  it('a hole left by an explicit --since after the watermark is recorded, and filled by a later run that reads it', async () => {
    const suitesState = async () => JSON.parse((await snapshot(archive.dir))['state.json'] ?? '{}').streams['github.rule-suites'] as Record<string, unknown>;
    await collectGithub(options({ now: NOW - 10 * DAY, until: NOW - 10 * DAY }));
    // skips 2026-07-10T12:00Z .. 2026-07-15T12:00Z, which the API still holds
    await collectGithub(options({ since: NOW - 5 * DAY }));
    expect((await suitesState()).holes).toEqual([{ from: '2026-07-10T12:00:00Z', to: '2026-07-15T12:00:00Z' }]);
    // a backfill over part of it: the rest stays a hole
    await collectGithub(options({ since: NOW - 9 * DAY, until: NOW - 7 * DAY }));
    expect((await suitesState()).holes).toEqual([
      { from: '2026-07-10T12:00:00Z', to: '2026-07-11T12:00:00Z' },
      { from: '2026-07-13T12:00:00Z', to: '2026-07-15T12:00:00Z' },
    ]);
    await collectGithub(options({ since: NOW - 12 * DAY }));
    expect(await suitesState()).toMatchObject({ holes: [], coveredFrom: '2026-06-10T12:00:00Z', coveredTo: '2026-07-20T12:00:00Z' });
  });

  it('picks the smallest time_period that reaches since', async () => {
    await collectGithub(options({ since: NOW - 3 * DAY }));
    expect(fake.log.find((r) => r.route === SUITES)?.query.time_period).toBe('week');
  });
});

describe('collectGithub: merges (GraphQL)', () => {
  it('pages >100 PRs, only for the aliases that have more, with schema-valid queries', async () => {
    const opts = options();
    opts.config = testConfig(fake.apiUrl, archive.dir, {}, 3);
    fake.dataset.pullRequests = Array.from({ length: 250 }, (_, i) => pullRequest('acme/payments', i + 1, NOW - 30 * DAY + i * HOUR));
    fake.dataset.pullRequests.push(...Array.from({ length: 5 }, (_, i) => pullRequest('acme/repo1', i + 1, NOW - DAY + i)));
    fake.dataset.pullRequests.push(pullRequest('acme/repo2', 9, null), pullRequest('acme/repo2', 10, NOW - DAY, 'develop'));
    const summaries = await collectGithub(opts);
    expect(fake.graphqlValidationErrors).toEqual([]);
    const calls = fake.log.filter((r) => r.route === GRAPHQL);
    expect(calls).toHaveLength(3);
    const vars = calls.map((c) => Object.keys((c.body as { variables: object }).variables).sort());
    expect(vars).toEqual([['c0', 'c1', 'c2', 'q0', 'q1', 'q2'], ['c0', 'q0'], ['c0', 'q0']]);
    expect((calls[0]?.body as { variables: Record<string, string> } | undefined)?.variables.q0).toBe(
      'repo:acme/payments is:pr is:merged base:main merged:2026-01-21T12:00:00+00:00..2026-07-20T12:00:00+00:00',
    );
    expect(summaries.find((s) => s.stream === 'github.merges')).toMatchObject({ requests: 3, received: 255, added: 255 });

    const files = await snapshot(archive.dir);
    const payments = linesUnder(files, 'github/merges/payments-main.ndjson').map((l) => JSON.parse(l));
    expect(payments).toHaveLength(250);
    expect(Object.keys(payments[0])).toEqual(['number', 'mergedAt', 'mergedBy', 'baseRef', 'url']);
    expect(payments[0]).toEqual({ number: 1, mergedAt: '2026-06-20T12:00:00Z', mergedBy: 'merger1', baseRef: 'main', url: 'https://github.com/acme/payments/pull/1' });
    expect(linesUnder(files, 'github/merges/gate-1.ndjson')).toHaveLength(5);
    expect(linesUnder(files, 'github/merges/gate-2.ndjson')).toHaveLength(0);
  });

  it('batches many gates into one request', async () => {
    const opts = options();
    opts.config = testConfig(fake.apiUrl, archive.dir, {}, 12);
    fake.dataset.pullRequests = [];
    await collectGithub(opts);
    const calls = fake.log.filter((r) => r.route === GRAPHQL);
    expect(calls).toHaveLength(1);
    expect(Object.keys((calls[0]?.body as { variables: object } | undefined)?.variables ?? {})).toHaveLength(24);
    expect(fake.graphqlValidationErrors).toEqual([]);
  });

  it('splits a date range whose search finds more than 1,000 PRs', async () => {
    fake.dataset.pullRequests = Array.from({ length: 1150 }, (_, i) => pullRequest('acme/payments', i + 1, NOW - 100 * DAY + i * HOUR));
    const summaries = await collectGithub(options());
    const lines = linesUnder(await snapshot(archive.dir), 'github/merges/payments-main.ndjson');
    expect(new Set(lines.map((l) => JSON.parse(l).number)).size).toBe(1150);
    expect(summaries.find((s) => s.stream === 'github.merges')?.received).toBe(1150);
    expect(fake.graphqlValidationErrors).toEqual([]);
  });

  it('waits out a GraphQL RATE_LIMITED answer and finishes', async () => {
    fake.faults.push({ route: GRAPHQL, times: 1, kind: 'graphql-rate-limited', retryAfter: 1 });
    const summaries = await collectGithub(options());
    expect(fake.count(GRAPHQL)).toBe(2);
    expect(summaries.find((s) => s.stream === 'github.merges')?.added).toBe(50);
    expect(progress.some((l) => /rate limit on POST \/graphql: retrying/.test(l))).toBe(true);
  });

  it('fails with exit 3 when GraphQL stays rate limited', async () => {
    fake.faults.push({ route: GRAPHQL, times: Infinity, kind: 'graphql-rate-limited', retryAfter: 1 });
    const error = await failure(collectGithub(options()));
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'github-rate-limit', exitCode: 3, context: { where: 'POST /graphql' } });
    expect(fake.count(GRAPHQL)).toBe(4);
  });
});

describe('collectGithub: faults', () => {
  it.each([
    ['429', 7],
    ['403-secondary', 5],
  ] as const)('honours retry-after on %s and retries once', async (kind, retryAfter) => {
    fake.faults.push({ route: AUDIT, times: 1, kind, retryAfter, fromRequest: 2 });
    const summaries = await collectGithub(options());
    expect(fake.count(AUDIT)).toBe(4);
    expect(fake.log.filter((r) => r.route === AUDIT).map((r) => r.status)).toEqual([200, kind === '429' ? 429 : 403, 200, 200]);
    expect(progress).toContain(`github: secondary rate limit on GET /orgs/acme/audit-log: retrying in ${retryAfter} s (1/3)`);
    expect(summaries[0]?.added).toBe(251);
  });

  it.each([
    ['502', 2],
    ['reset', 2],
    ['truncated-json', 1],
    ['slow', 1],
  ] as const)('retries %s (%i times) with backoff and completes', async (kind, times) => {
    fake.faults.push({ route: AUDIT, times, kind, delayMs: 1500 });
    const summaries = await collectGithub(options({ timing: { ...FAST, requestTimeoutMs: 300 } }));
    expect(fake.count(AUDIT)).toBe(3 + times);
    expect(summaries[0]).toMatchObject({ requests: 3 + times, added: 251 });
  });

  it('a GitHub that cannot be reached (connection refused) says so and points at github.apiUrl, not at GitHub\'s status page', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((done) => closed.close(() => done()));
    const error = await failure(collectGithub({ ...options(), config: testConfig(`http://127.0.0.1:${port}`, archive.dir) }));
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'github-network', exitCode: 3 });
    expect(error.message).toMatch(/^cannot reach GitHub, also after retries: .*ECONNREFUSED/);
    expect(error.context.fix).toMatch(/check github\.apiUrl/);
  });

  it.each([
    ['502', SourceError, 'github-unavailable', /githubstatus/],
    // a connection reset before any answer: GitHub not reached (Octokit: status 500, no response)
    ['reset', SourceError, 'github-network', /network/],
    ['truncated-json', ShapeError, 'github-bad-json', /rerun/],
    ['401', SourceError, 'github-auth', /new token/],
    ['403', SourceError, 'github-forbidden', /read:audit_log.*Enterprise Cloud|Enterprise Cloud.*read:audit_log/],
    ['404', SourceError, 'github-forbidden', /read:audit_log/],
    ['429', SourceError, 'github-rate-limit', /reset/],
  ] as const)('a %s that never recovers is an exit-3 error', async (kind, type, code, fix) => {
    fake.faults.push({ route: AUDIT, times: Infinity, kind, retryAfter: 1 });
    const error = await failure(collectGithub(options()));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, exitCode: 3, context: { where: AUDIT } });
    expect(error.context.fix).toMatch(fix);
    // a 502 from the edge is an HTML page: its status and its text, not its markup
    if (kind === '502') expect(error.message).toBe('GitHub did not answer successfully (HTTP 502), also after retries: 502 Bad Gateway');
    const retried = ['401', '403', '404'].includes(kind) ? 1 : 4;
    expect(fake.count(AUDIT)).toBe(retried);
    expect(error.describe()).not.toContain(TOKEN);
    expect(progress.join('\n')).not.toContain(TOKEN);
    // nothing half-written: no state, no segment of this stream
    const files = await snapshot(archive.dir);
    expect(Object.keys(files).filter((path) => path.startsWith('github/audit/'))).toEqual([]);
    expect(Object.keys(JSON.parse(files['state.json'] ?? '{"streams":{}}').streams)).not.toContain('github.audit');
  });

  it('an audit log that cannot be read does not keep the rule suites (30 days at GitHub) and merges from being pulled', async () => {
    // a token without read:audit_log: GitHub answers the audit log 403, the other endpoints 200
    fake.faults.push({ route: AUDIT, times: Infinity, kind: '403' });
    const error = await failure(collectGithub(options()));
    expect(error).toMatchObject({ code: 'github-forbidden', exitCode: 3, context: { where: AUDIT } });
    const files = await snapshot(archive.dir);
    expect(linesUnder(files, 'github/rule-suites/')).toHaveLength(150);
    expect(linesUnder(files, 'github/merges/')).toHaveLength(50);
    const streams = JSON.parse(files['state.json']!).streams as Record<string, { watermark?: string }>;
    expect(Object.keys(streams).sort()).toEqual(['github.merges', 'github.rule-suites']);
  });

  it('with a failures sink, every stream that fails is named and the summaries of those pulled are returned', async () => {
    // the audit log and the rule suites both refused (two scopes missing), the merges pulled
    fake.faults.push({ route: AUDIT, times: Infinity, kind: '403' }, { route: SUITES, times: Infinity, kind: '403' });
    const failures: GlasstrailError[] = [];
    const summaries = await collectGithub({ ...options(), failures });
    expect(failures.map((error) => [error.code, error.context.where])).toEqual([
      ['github-forbidden', AUDIT],
      ['github-forbidden', SUITES],
    ]);
    expect(summaries.map((summary) => summary.stream)).toEqual(['github.merges']);
  });

  it('a stalled cursor fails loudly instead of looping', async () => {
    // The fake answers page 2 with the same next cursor as page 1.
    fake.faults.push({ route: AUDIT, times: Infinity, kind: 'stale-link' });
    const error = await failure(collectGithub(options()));
    expect(error).toMatchObject({ code: 'github-pagination', context: { where: AUDIT } });
  });

  it('a missing or empty token is a config error naming the variable', async () => {
    const error = await failure(collectGithub(options({ env: {} })));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('GH_TEST_TOKEN');
    expect(fake.log).toHaveLength(0);
  });

  it('never writes the token into the archive or progress', async () => {
    await collectGithub(options());
    const files = await snapshot(archive.dir);
    expect(Object.values(files).some((text) => text.includes(TOKEN))).toBe(false);
    expect(progress.some((line) => line.includes(TOKEN))).toBe(false);
  });
});

describe('collectGithub: what the watermark covers', () => {
  const readState = async () => JSON.parse((await snapshot(archive.dir))['state.json'] ?? '{}').streams as Record<string, Record<string, unknown>>;

  it('a gate added to the config later gets its merge history from the start, the others from the watermark', async () => {
    fake.dataset.pullRequests.push(...Array.from({ length: 10 }, (_, i) => pullRequest('acme/repo1', 100 + i, NOW - 20 * DAY + i * DAY)));
    await collectGithub(options({ now: NOW - 2 * DAY, until: NOW - 2 * DAY }));
    expect((await readState())['github.merges']).toMatchObject({ gates: ['payments-main'], gateKeys: ['payments-main acme/payments main'] });
    const withGate = { ...options(), config: testConfig(fake.apiUrl, archive.dir, {}, 2) };
    const summaries = await collectGithub(withGate);
    expect(summaries.find((s) => s.stream === 'github.merges')?.from).toBe('2026-01-21T12:00:00Z');
    const files = await snapshot(archive.dir);
    // the new gate's 10 PRs reach back 20 days, far before the first run's watermark
    expect(linesUnder(files, 'github/merges/gate-1.ndjson')).toHaveLength(10);
    expect(linesUnder(files, 'github/merges/payments-main.ndjson')).toHaveLength(50);
    expect((await readState())['github.merges']?.gateKeys).toEqual(['payments-main acme/payments main', 'gate-1 acme/repo1 main']);
    // the new gate's search began at the start of retention: a report over an earlier period says so
    expect((await readState())['github.merges']?.gatesFrom).toEqual({ 'gate-1 acme/repo1 main': '2026-01-21T12:00:00Z' });
  });

  it('a gate whose repo was renamed (its old name in formerRepos) is the same gate: no backfill, no later start', async () => {
    await collectGithub(options({ now: NOW - 2 * DAY, until: NOW - 2 * DAY }));
    const base = testConfig(fake.apiUrl, archive.dir);
    const renamed = { ...base, gates: base.gates.map((gate) => ({ ...gate, repo: 'acme-fin/payments', formerRepos: [gate.repo] })) };
    fake.reset();
    const summaries = await collectGithub({ ...options(), config: renamed });
    expect(summaries.find((s) => s.stream === 'github.merges')?.from).toBe('2026-07-18T11:00:00Z');
    const merges = (await readState())['github.merges'];
    expect(merges?.gateKeys).toEqual(['payments-main acme-fin/payments main']);
    expect(merges?.gatesFrom).toBeUndefined();
  });

  it('a gate pointed at another repo (not a rename) keeps the old repo\'s PRs beside the new one\'s, though their numbers are the same', async () => {
    fake.dataset.pullRequests.push(...Array.from({ length: 5 }, (_, i) => pullRequest('acme/other', i + 1, NOW - 20 * DAY + i * DAY)));
    await collectGithub(options({ now: NOW - 2 * DAY, until: NOW - 2 * DAY }));
    const base = testConfig(fake.apiUrl, archive.dir);
    const moved = { ...base, gates: base.gates.map((gate) => ({ ...gate, repo: 'acme/other' })) };
    await collectGithub({ ...options(), config: moved });
    const lines = linesUnder(await snapshot(archive.dir), 'github/merges/payments-main.ndjson').map((l) => JSON.parse(l) as { number: number; url: string });
    const repos = (repo: string) => lines.filter((pr) => pr.url.includes(`/${repo}/pull/`)).map((pr) => pr.number).sort((a, b) => a - b);
    expect(repos('acme/payments')).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(repos('acme/other')).toEqual([1, 2, 3, 4, 5]);
  });

  it('an action added to github.bypassActions later is pulled from the start of retention; the others from the watermark', async () => {
    const narrow = { ...options({ now: NOW - 2 * DAY, until: NOW - 2 * DAY }), config: testConfig(fake.apiUrl, archive.dir, { bypassActions: ['protected_branch.policy_override'] }) };
    await collectGithub(narrow);
    fake.reset();
    const summaries = await collectGithub(options());
    const phrases = fake.log.filter((r) => r.route === AUDIT).map((r) => r.query.phrase ?? '');
    // one query for the new actions over all of retention, one for the known ones from the watermark − 1 h
    expect(phrases.some((p) => p.includes('action:repository_ruleset.update') && p.endsWith('created:2026-01-21T12:00:00+00:00..2026-07-20T12:00:00+00:00'))).toBe(true);
    expect(phrases.some((p) => p.startsWith('action:protected_branch.policy_override action:protected_branch.create') && p.endsWith('created:2026-07-18T11:00:00+00:00..2026-07-20T12:00:00+00:00'))).toBe(true);
    expect(summaries[0]).toMatchObject({ stream: 'github.audit', from: '2026-01-21T12:00:00Z' });
    // every repository_ruleset.update of the dataset (10 to 11 days old) is in the archive now
    const lines = linesUnder(await snapshot(archive.dir), 'github/audit/');
    expect(lines.filter((l) => l.includes('"repository_ruleset.update"'))).toHaveLength(125);
    // the added actions reach back to the start of retention only: recorded for the report
    const audit = (await readState())['github.audit'];
    expect(audit?.actionsFrom).toMatchObject({ 'repository_ruleset.update': '2026-01-21T12:00:00Z' });
    expect(Object.keys(audit?.actionsFrom as object)).not.toContain('protected_branch.policy_override');
  });

  it('an explicit window after a hole leaves the watermark, and the next default run fills the hole', async () => {
    await collectGithub(options({ now: NOW - 10 * DAY, until: NOW - 10 * DAY }));
    const first = await readState();
    await collectGithub(options({ since: NOW - 2 * DAY }));
    const after = await readState();
    for (const stream of ['github.audit', 'github.merges']) expect(after[stream]?.watermark, stream).toBe(first[stream]?.watermark);
    fake.reset();
    await collectGithub(options());
    expect(fake.log.find((r) => r.route === AUDIT)?.query.phrase).toMatch(/created:2026-07-10T11:00:00\+00:00\.\.2026-07-20T12:00:00\+00:00$/);
    expect((await readState())['github.audit']?.watermark).toBe('2026-07-20T12:00:00Z');
  });
});

describe('rule suites: the covered span', () => {
  const t = (iso: string) => Date.parse(iso);
  const state = { coveredFrom: '2026-06-20T00:00:00Z', watermark: '2026-07-20T00:00:00Z' };
  it.each<[string, Record<string, unknown> | undefined, string, string, { from?: string; to?: string; gapFrom?: string; gapTo?: string }]>([
    ['a first run', undefined, '2026-06-20T00:00:00Z', '2026-07-20T00:00:00Z', { from: '2026-06-20T00:00:00Z', to: '2026-07-20T00:00:00Z' }],
    ['a run continuing the span', state, '2026-07-19T23:00:00Z', '2026-07-21T00:00:00Z', { from: '2026-06-20T00:00:00Z', to: '2026-07-21T00:00:00Z' }],
    // the span before the gap stays covered: a report over June must not say it cannot see it
    ['a run after a gap', state, '2026-07-25T00:00:00Z', '2026-08-20T00:00:00Z', { from: '2026-06-20T00:00:00Z', to: '2026-08-20T00:00:00Z', gapFrom: '2026-07-20T00:00:00Z', gapTo: '2026-07-25T00:00:00Z' }],
    ['a backfill wholly before the span', state, '2026-05-01T00:00:00Z', '2026-05-10T00:00:00Z', { from: '2026-06-20T00:00:00Z', to: '2026-07-20T00:00:00Z' }],
    ['a backfill reaching into the span', state, '2026-06-01T00:00:00Z', '2026-06-25T00:00:00Z', { from: '2026-06-01T00:00:00Z', to: '2026-07-20T00:00:00Z' }],
    ['a window out of the API\'s reach (until before reached)', state, '2026-06-21T00:00:00Z', '2026-05-01T00:00:00Z', { from: '2026-06-20T00:00:00Z', to: '2026-07-20T00:00:00Z' }],
  ])('%s', (_name, stored, reached, until, expected) => {
    const span = coveredSpan(stored, t(reached), t(until));
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));
    expect({ from: iso(span.from), to: iso(span.to), gapFrom: iso(span.gapFrom), gapTo: iso(span.gapTo) }).toEqual({ from: expected.from, to: expected.to, gapFrom: expected.gapFrom, gapTo: expected.gapTo });
  });
});

describe('collectGithub: crash and rerun', () => {
  it('a failure after some day files were written records them in the inventory, and moves no cursor', async () => {
    // 5,200 entries: the first 5,000 (50 pages) are written before page 51 fails for good
    fake.dataset.audit = Array.from({ length: 5_200 }, (_, i) => auditEntry(i, 'protected_branch.policy_override', NOW - 20 * DAY + i * 60_000));
    fake.faults.push({ route: AUDIT, times: Infinity, kind: '502', fromRequest: 51 });
    const error = await failure(collectGithub(options()));
    expect(error.exitCode).toBe(3);
    const files = await snapshot(archive.dir);
    const state = JSON.parse(files['state.json'] ?? '{}') as { streams: Record<string, unknown>; files?: Record<string, string> };
    expect(state.streams['github.audit']).toBeUndefined();
    const days = Object.keys(files).filter((p) => p.startsWith('github/audit/')).sort();
    expect(days.length).toBeGreaterThan(2);
    expect(days.reduce((n, p) => n + (files[p]?.trimEnd().split('\n').length ?? 0), 0)).toBe(5_000);
    const recorded = Object.fromEntries(Object.entries(state.files ?? {}).filter(([p]) => p.startsWith('github/audit/')));
    expect(recorded).toEqual(Object.fromEntries(days.map((p) => [p, `sha256:${createHash('sha256').update(files[p] ?? '').digest('hex')}`])));
  });

  it.each([
    ['audit page 3', { route: AUDIT, fromRequest: 3 }],
    ['rule suites page 2', { route: SUITES, fromRequest: 2 }],
    ['graphql page 2', { route: GRAPHQL, fromRequest: 2 }],
  ])('after a crash at %s, a rerun gives the same bytes as a clean run', async (_name, where) => {
    fake.dataset.pullRequests = Array.from({ length: 250 }, (_, i) => pullRequest('acme/payments', i + 1, NOW - 30 * DAY + i * HOUR));
    const clean = await tempArchive();
    try {
      await collectGithub(options({}, clean.dir));
      const expected = await snapshot(clean.dir);

      const fault = { ...where, times: Infinity, kind: '502' as const };
      fake.faults.push(fault);
      const error = await failure(collectGithub(options()));
      expect(error.exitCode).toBe(3);
      fake.faults.length = 0;
      await collectGithub(options());
      expect(await snapshot(archive.dir)).toEqual(expected);
    } finally {
      await clean.cleanup();
    }
  });
});
