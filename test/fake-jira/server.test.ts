import { afterEach, describe, expect, it } from 'vitest';
import { fakeIssue } from './data.ts';
import { RETRIABLE_ISSUE_ERROR, startFakeJira, type FakeJira } from './server.ts';

const auth = `Basic ${Buffer.from('bot@acme.example:tok').toString('base64')}`;
const servers: FakeJira[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(): Promise<FakeJira> {
  const fake = await startFakeJira({
    email: 'bot@acme.example',
    token: 'tok',
    timeZone: 'America/Los_Angeles',
    issues: [fakeIssue({ key: 'BGR-1', updated: Date.parse('2026-07-06T14:12:33.123Z') }), fakeIssue({ key: 'BGR-2', updated: Date.parse('2026-07-06T14:13:00.000Z') })],
  });
  servers.push(fake);
  return fake;
}

async function post(fake: FakeJira, path: string, body: unknown, authorization = auth): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

describe('fake Jira Cloud', () => {
  it('answers the retired search with 410 and checks basic auth', async () => {
    const fake = await start();
    expect((await post(fake, '/rest/api/3/search', { jql: 'project = BGR' })).status).toBe(410);
    expect((await post(fake, '/rest/api/3/search/jql', { jql: 'project = BGR' }, 'Basic eA==')).status).toBe(401);
  });

  it('reads JQL dates in the user zone at minute precision and renders Jira timestamps', async () => {
    const fake = await start();
    // 07:12 PDT = 14:12Z: BGR-1 (14:12:33Z) is after it, so `<=` 07:12 excludes it
    const upTo = await post(fake, '/rest/api/3/search/jql', { jql: 'project = BGR AND updated <= "2026-07-06 07:12"', fields: ['updated'] });
    expect((upTo.json as { issues: unknown[] }).issues).toEqual([]);
    const from = await post(fake, '/rest/api/3/search/jql', { jql: 'project = BGR AND updated >= "2026-07-06 07:12" ORDER BY updated DESC', fields: ['updated'] });
    const issues = (from.json as { issues: { key: string; fields: { updated: string } }[] }).issues;
    expect(issues.map((issue) => [issue.key, issue.fields.updated])).toEqual([
      ['BGR-2', '2026-07-06T07:13:00.000-0700'],
      ['BGR-1', '2026-07-06T07:12:33.123-0700'],
    ]);
  });

  it('returns only ids when no fields are asked for, and rejects unbounded JQL', async () => {
    const fake = await start();
    const ids = await post(fake, '/rest/api/3/search/jql', { jql: 'project = BGR' });
    expect((ids.json as { issues: unknown[] }).issues).toEqual([{ id: expect.any(String) }, { id: expect.any(String) }]);
    const unbounded = await post(fake, '/rest/api/3/search/jql', { jql: 'ORDER BY key' });
    expect(unbounded.status).toBe(400);
    expect(fake.counts.search).toBe(2);
  });

  it('bulk fetch leaves out keys it does not know, with no issueErrors (those are for retriable errors only)', async () => {
    const fake = await start();
    const answer = await post(fake, '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ['BGR-1', 'BGR-404'], fields: ['updated'] });
    const json = answer.json as { issues: { key: string }[]; issueErrors: unknown[] };
    expect([answer.status, json.issues.map((issue) => issue.key), json.issueErrors]).toEqual([200, ['BGR-1'], []]);
  });

  it('an issue-errors fault lists its keys in issueErrors, only in requests naming them, as often as asked', async () => {
    const fake = await start();
    fake.faults.push({ route: 'bulkfetch', answer: 'issue-errors', keys: ['bgr-2'], times: 1 });
    const bulk = async (keys: string[]) => {
      const json = (await post(fake, '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys, fields: ['updated'] })).json as { issues: { key: string }[]; issueErrors: unknown[] };
      return [json.issues.map((issue) => issue.key), json.issueErrors];
    };
    expect(await bulk(['BGR-1'])).toEqual([['BGR-1'], []]); // not named: not spoiled
    expect(await bulk(['BGR-1', 'BGR-2'])).toEqual([['BGR-1'], [{ id: 'BGR-2', errorMessage: RETRIABLE_ISSUE_ERROR }]]);
    expect(await bulk(['BGR-1', 'BGR-2'])).toEqual([['BGR-1', 'BGR-2'], []]); // once
  });

  it('bulk changelogs come oldest first across the issues asked for, so pages interleave issues', async () => {
    const t0 = Date.parse('2026-07-06T00:00:00Z');
    const fake = await startFakeJira({
      email: 'bot@acme.example',
      token: 'tok',
      timeZone: 'UTC',
      maxChangelogPage: 3,
      // histories at +1h..+4h and +1.5h..+4.5h
      issues: [fakeIssue({ key: 'BGR-1', created: t0, updated: t0 + 4 * 3_600_000, histories: 4 }), fakeIssue({ key: 'BGR-2', created: t0 + 1_800_000, updated: t0 + 4.5 * 3_600_000, histories: 4 })],
    });
    servers.push(fake);
    const [one, two] = fake.issues;
    const pages: { issueId: string; changeHistories: { id: string }[] }[][] = [];
    let nextPageToken: string | undefined;
    do {
      // asked for BGR-2 first: the order asked in does not matter
      const answer = await post(fake, '/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['BGR-2', 'BGR-1'], maxResults: 1000, nextPageToken });
      const json = answer.json as { issueChangeLogs: { issueId: string; changeHistories: { id: string }[] }[]; nextPageToken?: string };
      pages.push(json.issueChangeLogs);
      nextPageToken = json.nextPageToken;
    } while (nextPageToken !== undefined);
    const h = (issue: typeof one, i: number) => issue!.histories[i]!.id;
    expect(pages.map((page) => page.map((log) => [log.issueId, log.changeHistories.map((x) => x.id)]))).toEqual([
      [[one!.id, [h(one, 0)]], [two!.id, [h(two, 0)]], [one!.id, [h(one, 1)]]],
      [[two!.id, [h(two, 1)]], [one!.id, [h(one, 2)]], [two!.id, [h(two, 2)]]],
      [[one!.id, [h(one, 3)]], [two!.id, [h(two, 3)]]],
    ]);
  });

  it('understands OR, NOT and key in, and rejects a key in (…) naming an issue that does not exist', async () => {
    const fake = await start();
    fake.issues.push(fakeIssue({ key: 'OPS-7', updated: Date.parse('2026-03-01T00:00:00Z') }));
    const keysOf = (json: unknown) => (json as { issues: { key: string }[] }).issues.map((issue) => issue.key);
    const folded = await post(fake, '/rest/api/3/search/jql', { jql: '((project = BGR) OR key in ("OPS-7")) AND updated >= "2026-07-06 07:13" ORDER BY key ASC', fields: ['updated'] });
    expect(keysOf(folded.json)).toEqual(['BGR-2']); // OPS-7 is named but too old
    const either = await post(fake, '/rest/api/3/search/jql', { jql: '(project = BGR) OR key in ("OPS-7") ORDER BY key DESC', fields: ['updated'] });
    expect(keysOf(either.json)).toEqual(['OPS-7', 'BGR-2', 'BGR-1']);
    const outside = await post(fake, '/rest/api/3/search/jql', { jql: 'key in ("BGR-1", "OPS-7") AND NOT (project = BGR)', fields: ['updated'] });
    expect(keysOf(outside.json)).toEqual(['OPS-7']);
    const unknown = await post(fake, '/rest/api/3/search/jql', { jql: '(project = BGR) OR key in ("OPS-7", "OPS-9")', fields: ['updated'] });
    expect(unknown).toEqual({ status: 400, json: { errorMessages: ["An issue with key 'OPS-9' does not exist for field 'key'."], errors: {} } });
  });
});
