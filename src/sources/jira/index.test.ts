import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jiraIssueSchema } from '../../archive/jira-issue.ts';
import type { Config } from '../../domain/config.ts';
import { ConfigError, SourceError } from '../../errors.ts';
import { fakeIssue, fakeIssues } from '../../../test/fake-jira/data.ts';
import { RETRIABLE_ISSUE_ERROR, startFakeJira, type FakeJira, type FakeJiraOptions, type Fault } from '../../../test/fake-jira/server.ts';
import { collectJira, type JiraCollectOptions } from './index.ts';

const ZONE = 'Pacific/Auckland'; // UTC+12 in July: JQL wall-clock dates are a calendar day off UTC
const SINCE = Date.parse('2026-07-01T00:00:00Z');
const UNTIL = Date.parse('2026-07-10T00:00:00Z');
const NOW = Date.parse('2026-07-10T00:05:00Z');
const ENV = { JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'sekret-token-123' };

const servers: FakeJira[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function scenario(): FakeJiraOptions['issues'] {
  return [
    fakeIssue({ key: 'BGR-1', updated: SINCE - 1 }), // just before the window; also a review key
    fakeIssue({ key: 'BGR-2', updated: SINCE }), // on the lower edge: in
    fakeIssue({ key: 'BGR-3', updated: Date.parse('2026-07-05T12:00:00Z'), histories: 12, custom: { customfield_10100: { accountId: 'acct-9', displayName: 'Rita Reviewer' } } }),
    fakeIssue({ key: 'BGR-4', updated: UNTIL }), // on the upper edge: in
    fakeIssue({ key: 'BGR-5', updated: UNTIL + 1 }), // just after: out (though the widened JQL returns it)
    ...fakeIssues('BGR', 7, Date.parse('2026-07-02T00:00:00Z'), 3_600_000, 10),
    fakeIssue({ key: 'OPS-7', updated: Date.parse('2026-03-01T00:00:00Z') }), // review ticket outside the JQL
  ];
}

async function setup(extra: Partial<FakeJiraOptions> = {}): Promise<{ fake: FakeJira; config: Config }> {
  const fake = await startFakeJira({
    email: ENV.JIRA_EMAIL,
    token: ENV.JIRA_API_TOKEN,
    timeZone: ZONE,
    issues: scenario(),
    fields: [{ id: 'customfield_10100', name: 'Reviewer', custom: true }, { id: 'customfield_10101', name: 'Follow-up', custom: true }],
    maxSearchPage: 3,
    maxChangelogPage: 5,
    ...extra,
  });
  servers.push(fake);
  const archive = await mkdtemp(join(tmpdir(), 'glasstrail-jira-'));
  dirs.push(archive);
  const config = {
    file: join(archive, 'glasstrail.config.yaml'),
    organization: 'Acme',
    timezone: 'America/New_York',
    archive,
    jira: {
      host: fake.url,
      email: { env: 'JIRA_EMAIL' },
      token: { env: 'JIRA_API_TOKEN' },
      jql: 'project = BGR',
      fields: { reviewer: 'Reviewer', followUp: 'customfield_10101' },
    },
  } as unknown as Config;
  return { fake, config };
}

function run(config: Config, overrides: Partial<JiraCollectOptions> = {}): ReturnType<typeof collectJira> {
  return collectJira({
    config,
    reviewKeys: ['BGR-1', 'BGR-3', 'OPS-7', 'BGR-404'],
    since: SINCE,
    until: UNTIL,
    now: NOW,
    env: ENV,
    timing: { retryBaseMs: 1, maxRetries: 4 },
    schemaMismatch: 'throw',
    ...overrides,
  });
}

function bodyOf(request: { body: unknown } | undefined): { jql?: string; fields?: string[] } {
  return (request?.body ?? {}) as { jql?: string; fields?: string[] };
}

async function archivedLines(config: Config): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(config.archive, 'jira', 'issues.ndjson'), 'utf8');
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[join(entry.parentPath, entry.name)] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

describe('collectJira against a fake Jira Cloud', () => {
  it('pulls the window exactly, pages search and changelogs, fetches review keys outside the JQL', async () => {
    const { fake, config } = await setup();
    const [summary] = await run(config);

    const lines = await archivedLines(config);
    expect(lines.map((line) => line.key)).toEqual(['BGR-1', 'BGR-2', 'BGR-3', 'BGR-4', ...[10, 11, 12, 13, 14, 15, 16].map((n) => `BGR-${n}`), 'OPS-7']);
    for (const line of lines) expect(jiraIssueSchema.safeParse(line).success).toBe(true);

    // JQL dates are wall clock in the user's zone (NZST, UTC+12), widened by a day.
    const searches = fake.requests.filter((r) => r.route === 'search');
    expect(bodyOf(searches[0]).jql).toBe(
      '(project = BGR) AND updated >= "2026-06-30 12:00" AND updated <= "2026-07-11 12:00" ORDER BY key ASC',
    );
    expect(searches.length).toBe(4); // 12 hits (BGR-1 and BGR-5 inside the widened JQL), 3 a page
    expect(bodyOf(searches[0]).fields).toEqual(['summary', 'status', 'created', 'updated', 'resolutiondate', 'issuelinks', 'customfield_10100', 'customfield_10101']);

    // Full history, every field, across changelog pages (5 histories a page), sorted by created then id.
    const bgr3 = lines.find((line) => line.key === 'BGR-3') as { fields: Record<string, unknown>; changelog: { histories: { id: string; created: string; items: { fieldId: string }[] }[] } };
    expect(bgr3.changelog.histories).toHaveLength(12);
    const times = bgr3.changelog.histories.map((h) => Date.parse(h.created));
    expect(times).toEqual(times.toSorted((a, b) => a - b));
    expect(bgr3.changelog.histories.some((h) => h.items[0]?.fieldId === 'customfield_10100')).toBe(true);
    expect(bgr3.changelog.histories[0]?.created).toMatch(/^2026-07-\d\dT\d\d:\d\d:\d\d\.\d{3}\+1200$/); // as Jira sent it
    expect(bgr3.fields.customfield_10100).toEqual({ accountId: 'acct-9', displayName: 'Rita Reviewer' });
    expect(fake.counts.changelog).toBeGreaterThanOrEqual(6);

    // Review keys: BGR-3 came with the JQL; BGR-1 and OPS-7 by bulk fetch; BGR-404 does not exist.
    const bulk = fake.requests.filter((r) => r.route === 'bulkfetch');
    expect(bulk.map((r) => (r.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys)).toEqual([['BGR-1', 'BGR-404', 'OPS-7']]);
    const state = JSON.parse(await readFile(join(config.archive, 'state.json'), 'utf8')) as { streams: Record<string, Record<string, unknown>> };
    expect(state.streams['jira.issues']).toMatchObject({
      watermark: '2026-07-10T00:00:00Z',
      timeZone: ZONE,
      missingKeys: ['BGR-404'],
      fieldIds: { reviewer: 'customfield_10100', followUp: 'customfield_10101' },
    });

    const statuses = JSON.parse(await readFile(join(config.archive, 'jira', 'statuses.json'), 'utf8')) as { id: string; statusCategory: { key: string } }[];
    expect(statuses.map((s) => [s.id, s.statusCategory.key])).toEqual([['10000', 'new'], ['3', 'indeterminate'], ['10001', 'done']]);

    expect(summary).toMatchObject({ stream: 'jira.issues', received: 12, added: 12, from: '2026-07-01T00:00:00Z', to: '2026-07-10T00:00:00Z' });
    expect(summary?.requests).toBe(fake.requests.length);
    expect(summary?.notes?.join(' ')).toContain('BGR-404');
    // The retired search endpoint is never called.
    expect(fake.counts['search-old']).toBe(0);
    expect(fake.requests.some((r) => r.path === '/rest/api/3/search')).toBe(false);
  });

  it('collects every history of issues whose changelogs interleave across pages (Jira pages them oldest first, across issues)', async () => {
    const t0 = Date.parse('2026-07-03T00:00:00Z');
    const issues = [
      fakeIssue({ key: 'BGR-1', created: t0, updated: t0 + 5 * 3_600_000, histories: 5 }),
      fakeIssue({ key: 'BGR-2', created: t0 + 1_800_000, updated: t0 + 5.5 * 3_600_000, histories: 5 }),
    ];
    const { fake, config } = await setup({ issues, maxChangelogPage: 3 });
    await run(config, { reviewKeys: [] });
    const lines = (await archivedLines(config)) as unknown as { key: string; changelog: { histories: { id: string }[] } }[];
    expect(lines.map((line) => [line.key, line.changelog.histories.map((h) => h.id)])).toEqual(issues.map((issue) => [issue.key, issue.histories.map((h) => h.id)]));
    // 10 histories, 3 a page, each page holding both issues
    expect(fake.counts.changelog).toBe(4);
  });

  it('with no matching issue writes an empty issues file, so report can tell "none" from "lost"', async () => {
    // the project exists, but its one issue lies long before the window
    const { config } = await setup({ issues: [fakeIssue({ key: 'BGR-1', updated: SINCE - 30 * 86_400_000 })] });
    await run(config, { reviewKeys: [] });
    expect(await readFile(join(config.archive, 'jira', 'issues.ndjson'), 'utf8')).toBe('');
    // and a rerun leaves it so
    await run(config, { reviewKeys: [], since: UNTIL, until: UNTIL + 60_000, now: NOW + 60_000 });
    expect(await readFile(join(config.archive, 'jira', 'issues.ndjson'), 'utf8')).toBe('');
  });

  it('is idempotent: a rerun writes byte-identical issues.ndjson and skips unchanged changelogs', async () => {
    const { fake, config } = await setup();
    await run(config);
    const first = await readFile(join(config.archive, 'jira', 'issues.ndjson'), 'utf8');
    const changelogCalls = fake.counts.changelog;
    await run(config);
    expect(await readFile(join(config.archive, 'jira', 'issues.ndjson'), 'utf8')).toBe(first);
    expect(fake.counts.changelog).toBe(changelogCalls);
  });

  it('runs incrementally from the watermark less the overlap and replaces changed issues', async () => {
    const { fake, config } = await setup();
    await run(config);
    const later = Date.parse('2026-07-12T00:00:00Z');
    const bgr2 = fake.issues.find((issue) => issue.key === 'BGR-2');
    if (!bgr2) throw new Error('fixture');
    bgr2.updated = Date.parse('2026-07-11T03:00:00Z');
    bgr2.histories.push({ id: '999999', created: bgr2.updated, items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10001', fromString: 'Done', to: '3', toString: 'In Progress' }] });
    fake.requests.length = 0;
    const [summary] = await run(config, { since: undefined, until: later, now: later });
    expect(summary?.from).toBe('2026-07-09T23:00:00Z'); // watermark − 1 h overlap
    expect(bodyOf(fake.requests.find((r) => r.route === 'search')).jql).toContain('updated >= "2026-07-09 11:00"');
    const lines = await archivedLines(config);
    expect(lines.filter((line) => line.key === 'BGR-2')).toHaveLength(1);
    const stored = lines.find((line) => line.key === 'BGR-2') as { changelog: { histories: { id: string }[] } };
    expect(stored.changelog.histories.at(-1)?.id).toBe('999999');
    expect(lines.map((line) => line.key)).toContain('BGR-5'); // now inside the window
  });

  it('an explicit window after a hole leaves the watermark, so the next default run fills the hole', async () => {
    const { config } = await setup();
    await run(config);
    const later = Date.parse('2026-07-20T00:00:00Z');
    await run(config, { since: Date.parse('2026-07-18T00:00:00Z'), until: later, now: later });
    const state = JSON.parse(await readFile(join(config.archive, 'state.json'), 'utf8'));
    expect(state.streams['jira.issues'].watermark).toBe('2026-07-10T00:00:00Z');
    const [summary] = await run(config, { since: undefined, until: later, now: later });
    expect(summary?.from).toBe('2026-07-09T23:00:00Z');
    const after = JSON.parse(await readFile(join(config.archive, 'state.json'), 'utf8'));
    expect(after.streams['jira.issues'].watermark).toBe('2026-07-20T00:00:00Z');
  });

  it('recovers from 429 with Retry-After, 5xx and bad JSON with the same archive as a clean run', async () => {
    const clean = await setup();
    await run(clean.config);
    const faults: Fault[] = [
      { route: 'myself', answer: 500 },
      { route: 'search', answer: 429, retryAfter: '1' },
      { route: 'changelog', answer: 503, times: 2 },
      { route: 'bulkfetch', answer: 'bad-json' },
      { route: 'status', answer: 502 },
    ];
    const faulty = await setup({ faults });
    const progress: string[] = [];
    await run(faulty.config, { progress: (message) => progress.push(message) });
    const faultyText = (await readFile(join(faulty.config.archive, 'jira', 'issues.ndjson'), 'utf8')).replaceAll(faulty.fake.url, 'SITE');
    expect(faultyText).toBe((await readFile(join(clean.config.archive, 'jira', 'issues.ndjson'), 'utf8')).replaceAll(clean.fake.url, 'SITE'));
    expect(faults.every((fault) => fault.times === 0)).toBe(true);
    expect(progress.filter((line) => line.includes('retry'))).toHaveLength(6);
    expect(progress.join('\n')).not.toContain(ENV.JIRA_API_TOKEN);
  });

  it('gives up on a permanent failure with SourceError and leaves the archive unchanged', async () => {
    const { fake, config } = await setup();
    await run(config);
    const before = await snapshot(config.archive);
    fake.faults.push({ route: 'changelog', answer: 503, times: Number.POSITIVE_INFINITY });
    fake.issues.push(fakeIssue({ key: 'BGR-50', updated: UNTIL - 1000 }));
    const error = await run(config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).exitCode).toBe(3);
    expect((error as SourceError).message).toContain('503');
    expect(await snapshot(config.archive)).toEqual(before);
  });

  it('asks again for a review key Jira lists in issueErrors (a retriable error) and archives it; only keys left out count as missing', async () => {
    const { fake, config } = await setup({ faults: [{ route: 'bulkfetch', answer: 'issue-errors', keys: ['OPS-7'] }] });
    const progress: string[] = [];
    const [summary] = await run(config, { progress: (message) => progress.push(message) });
    expect((await archivedLines(config)).map((line) => line.key)).toContain('OPS-7');
    const bulk = fake.requests.filter((r) => r.route === 'bulkfetch').map((r) => (r.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys);
    expect(bulk).toEqual([['BGR-1', 'BGR-404', 'OPS-7'], ['OPS-7']]);
    expect(progress.filter((line) => line.includes('could not return'))).toEqual([
      `jira: POST /rest/api/3/issue/bulkfetch could not return OPS-7 (OPS-7: ${RETRIABLE_ISSUE_ERROR}); retry 1/4 in 1 ms`,
    ]);
    const state = JSON.parse(await readFile(join(config.archive, 'state.json'), 'utf8')) as { streams: Record<string, { missingKeys: string[]; outsideKeys: string[] }> };
    expect(state.streams['jira.issues']).toMatchObject({ missingKeys: ['BGR-404'], outsideKeys: ['BGR-1', 'OPS-7'] });
    expect(summary?.notes).toContain('review tickets not found: BGR-404');
  });

  it('a ledger key of an issue moved to another project is archived under its new key and is not "not found", then or on later runs', async () => {
    const moved = fakeIssue({ key: 'OPS-9', updated: Date.parse('2026-07-03T00:00:00Z') });
    moved.histories.unshift({ id: '1', created: moved.created, items: [{ field: 'Key', fieldtype: 'jira', fieldId: 'issuekey', from: null, fromString: 'BGR-9', to: null, toString: 'OPS-9' }] });
    const { fake, config } = await setup({ issues: [...scenario(), moved] });
    const progress: string[] = [];
    const [summary] = await run(config, { reviewKeys: ['BGR-1', 'BGR-9', 'BGR-404'], progress: (message) => progress.push(message) });
    expect((await archivedLines(config)).map((line) => line.key)).toContain('OPS-9');
    expect(progress.filter((line) => line.includes('not found'))).toEqual(['jira: review ticket BGR-404 not found (or not visible to the API user)']);
    expect(summary?.notes).toContain('review tickets not found: BGR-404');
    const stateOf = async () => (JSON.parse(await readFile(join(config.archive, 'state.json'), 'utf8')) as { streams: Record<string, { missingKeys: string[] }> }).streams['jira.issues'];
    expect((await stateOf())?.missingKeys).toEqual(['BGR-404']);
    // a later run knows the old key from the archived changelog: it is not asked for again
    fake.requests.length = 0;
    await run(config, { reviewKeys: ['BGR-1', 'BGR-9', 'BGR-404'], since: UNTIL, until: UNTIL + 60_000, now: NOW + 60_000 });
    const bulk = fake.requests.filter((r) => r.route === 'bulkfetch').flatMap((r) => (r.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys);
    expect(bulk).not.toContain('BGR-9');
    expect((await stateOf())?.missingKeys).toEqual(['BGR-404']);
  });

  it('a key Jira keeps listing in issueErrors fails the collect (SourceError, exit 3) naming it and the message; never recorded as missing', async () => {
    const { fake, config } = await setup();
    await run(config);
    const before = await snapshot(config.archive);
    fake.faults.push({ route: 'bulkfetch', answer: 'issue-errors', keys: ['BGR-405'], times: Number.POSITIVE_INFINITY });
    fake.issues.push(fakeIssue({ key: 'BGR-405', updated: Date.parse('2026-03-01T00:00:00Z') }));
    const error = await run(config, { reviewKeys: ['BGR-1', 'BGR-3', 'OPS-7', 'BGR-404', 'BGR-405'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({
      code: 'jira-issue-errors',
      message: `Jira could not return BGR-405 after 5 attempts: BGR-405: ${RETRIABLE_ISSUE_ERROR}`,
      exitCode: 3,
      context: { where: 'POST /rest/api/3/issue/bulkfetch' },
    });
    expect(fake.requests.filter((r) => r.route === 'bulkfetch').map((r) => (r.body as { issueIdsOrKeys: string[] }).issueIdsOrKeys).slice(-5)).toEqual(Array.from({ length: 5 }, () => ['BGR-405']));
    expect(await snapshot(config.archive)).toEqual(before);
  });

  it.each([
    { answer: 401, expected: 'check JIRA_EMAIL/JIRA_API_TOKEN' },
    { answer: 403, expected: 'Browse projects on the project(s) in jira.jql' },
  ])('explains a $answer', async ({ answer, expected }) => {
    const { config } = await setup({ faults: [{ route: 'search', answer, times: Number.POSITIVE_INFINITY }] });
    const error = (await run(config).catch((caught: unknown) => caught)) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.describe()).toContain(expected);
    expect(error.describe()).not.toContain(ENV.JIRA_API_TOKEN);
  });

  it('rejects wrong credentials with the remedy (real auth check)', async () => {
    const { config } = await setup();
    const error = (await run(config, { env: { ...ENV, JIRA_API_TOKEN: 'wrong' } }).catch((caught: unknown) => caught)) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.describe()).toContain('JIRA_EMAIL/JIRA_API_TOKEN');
  });

  it("shows Jira's errorMessages for a bad JQL", async () => {
    const { config } = await setup();
    const error = (await run({ ...config, jira: { ...config.jira!, jql: 'project = NOPE' } }).catch((caught: unknown) => caught)) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toContain("The value 'NOPE' does not exist for the field 'project'.");
  });

  it('names a configured field Jira does not have', async () => {
    const { config } = await setup();
    const error = (await run({ ...config, jira: { ...config.jira!, fields: { reviewer: 'Reveiwer' } } }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.context.key).toBe('jira.fields.reviewer');
    expect(error.message).toContain('Reveiwer');
  });

  it('asks for the environment variable when the token is not set', async () => {
    const { fake, config } = await setup();
    const error = (await run(config, { env: { JIRA_EMAIL: ENV.JIRA_EMAIL } }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('JIRA_API_TOKEN');
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['an email that is not one', { JIRA_EMAIL: 'bob' }, 'the environment variable JIRA_EMAIL (jira.email) is not an email address'],
    ['a Windows line ending', { JIRA_EMAIL: 'bot@acme.example\r' }, 'the environment variable JIRA_EMAIL (jira.email) holds a control character'],
    ['a token with a space around it', { JIRA_API_TOKEN: ' tok' }, 'the environment variable JIRA_API_TOKEN (jira.token) has spaces at its start or end'],
    ['a blank token', { JIRA_API_TOKEN: '   ' }, 'the environment variable JIRA_API_TOKEN (jira.token) has spaces at its start or end'],
    // passes our check, fails jira.js's own email rule: still a config error, not a zod dump
    ['an email jira.js refuses', { JIRA_EMAIL: 'a@b.c' }, 'jira.js refused the Jira settings (jira.host, JIRA_EMAIL): auth.email: '],
  ])('refuses %s before any request, naming the variable (exit 2)', async (_name, bad, message) => {
    const { fake, config } = await setup();
    const error = (await run(config, { env: { ...ENV, ...bad } }).catch((caught: unknown) => caught)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
    expect(error.describe()).not.toMatch(/\n.*\n/);
    expect(fake.requests).toHaveLength(0);
  });
});
