import { readFileSync } from 'node:fs';
import type { CloudClient } from 'jira.js';
import { describe, expect, it } from 'vitest';
import { ShapeError, SourceError } from '../../errors.ts';
import { changelogsFor, fetchByKeys, searchAll, sortHistories, type BulkRetry } from './pull.ts';
import { fieldListSchema, myselfSchema, parseJiraTime, statusListSchema } from './schema.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

/** A CloudClient that answers each call with the next canned page. */
function cannedClient(pages: { search?: unknown[]; changelog?: unknown[]; bulk?: unknown[] }): { jira: CloudClient; calls: unknown[] } {
  const calls: unknown[] = [];
  const next = (list: unknown[] | undefined) => async (params: unknown) => {
    calls.push(params);
    const page = list?.shift();
    if (page === undefined) throw new Error('no more canned pages');
    return page;
  };
  const jira = {
    issueSearch: { searchAndReconsileIssuesUsingJqlPost: next(pages.search) },
    issues: { getBulkChangelogs: next(pages.changelog), bulkFetchIssues: next(pages.bulk) },
  } as unknown as CloudClient;
  return { jira, calls };
}

const noop = (): void => {};

function retry(progress: string[] = []): BulkRetry {
  return { policy: { retryBaseMs: 1, maxRetries: 2 }, progress: (message) => progress.push(message) };
}

describe('trimmed real responses parse with our schemas', () => {
  it.each([
    ['myself.json', myselfSchema],
    ['status.json', statusListSchema],
    ['field.json', fieldListSchema],
  ] as const)('%s', (name, schema) => {
    expect(schema.safeParse(fixture(name)).success).toBe(true);
  });

  it('reads Jira timestamps with a colon-less offset', () => {
    expect(parseJiraTime('2026-07-06T10:12:33.123-0400')).toBe(Date.parse('2026-07-06T14:12:33.123Z'));
    expect(parseJiraTime('yesterday')).toBeUndefined();
  });
});

describe('searchAll', () => {
  it('follows nextPageToken until isLast and keeps every field as returned', async () => {
    const first = fixture('search-jql.json');
    const { jira, calls } = cannedClient({ search: [first, { issues: [], isLast: true }] });
    const issues = await searchAll(jira, 'project = BGR', ['summary'], noop);
    expect(issues.map((issue) => issue.key)).toEqual(['BGR-24']);
    expect(issues[0]?.fields.customfield_10101).toMatchObject({ type: 'doc' });
    expect(calls).toEqual([
      { jql: 'project = BGR', fields: ['summary'], maxResults: 100, nextPageToken: undefined },
      { jql: 'project = BGR', fields: ['summary'], maxResults: 100, nextPageToken: 'CAEaAggD' },
    ]);
  });

  it('fails loudly when a page token repeats', async () => {
    const page = { issues: [], isLast: false, nextPageToken: 'same' };
    const { jira } = cannedClient({ search: [page, page, page] });
    await expect(searchAll(jira, 'project = BGR', [], noop)).rejects.toBeInstanceOf(SourceError);
  });

  it('fails loudly when a page is not last but has no token', async () => {
    const { jira } = cannedClient({ search: [{ issues: [], isLast: false }] });
    await expect(searchAll(jira, 'project = BGR', [], noop)).rejects.toBeInstanceOf(ShapeError);
  });

  it('names the bad field of a malformed issue', async () => {
    const { jira } = cannedClient({ search: [{ issues: [{ id: '1', key: 'BGR-1', fields: { updated: 'soon' } }], isLast: true }] });
    await expect(searchAll(jira, 'project = BGR', [], noop)).rejects.toThrow(/issues\.0\.fields\.updated/);
  });
});

describe('changelogsFor', () => {
  it('merges one issue split across pages, dedupes by id and sorts by created then id', async () => {
    const first = fixture('changelog-bulkfetch.json');
    const second = {
      issueChangeLogs: [
        {
          issueId: '10068',
          changeHistories: [
            { id: '10742', created: '2026-07-06T10:15:00.000-0400', items: [] }, // repeated across pages
            { id: '10743', created: '2026-07-06T10:15:00.000-0400', items: [] }, // same instant: id decides
            { id: '10701', created: '2026-07-06T14:14:00.000Z', items: [] }, // 10:14 in -0400: the earliest
          ],
        },
      ],
    };
    const { jira, calls } = cannedClient({ changelog: [first, second] });
    const histories = await changelogsFor(jira, ['10068', '10099']);
    expect(histories.get('10068')?.map((h) => h.id)).toEqual(['10701', '10742', '10743', '10750']);
    expect(histories.get('10099')).toEqual([]);
    expect(calls).toHaveLength(2);
    expect((calls[1] as { nextPageToken: string }).nextPageToken).toBe('UxAQBFRF');
  });

  it('takes a history time given as epoch milliseconds (the bulkfetch example shape) and archives it as ISO', async () => {
    const page = {
      issueChangeLogs: [
        {
          issueId: '10068',
          changeHistories: [
            { id: '2', created: 1783347153123, items: [] },
            { id: '1', created: '1783346153000', items: [] },
            { id: '3', created: '2026-07-06T10:12:34.000-0400', items: [] },
          ],
        },
      ],
    };
    const { jira } = cannedClient({ changelog: [page] });
    const histories = await changelogsFor(jira, ['10068']);
    expect(histories.get('10068')?.map((h) => [h.id, h.created])).toEqual([
      ['1', '2026-07-06T13:55:53.000Z'],
      ['2', '2026-07-06T14:12:33.123Z'],
      ['3', '2026-07-06T10:12:34.000-0400'],
    ]);
  });

  it('refuses an epoch history time that would land before 2002 (seconds, not milliseconds)', async () => {
    const page = { issueChangeLogs: [{ issueId: '10068', changeHistories: [{ id: '1', created: 1492070429, items: [] }] }] };
    const { jira } = cannedClient({ changelog: [page] });
    await expect(changelogsFor(jira, ['10068'])).rejects.toBeInstanceOf(ShapeError);
  });

  it('fails loudly when a changelog page token repeats', async () => {
    const page = { issueChangeLogs: [], nextPageToken: 'again' };
    const { jira } = cannedClient({ changelog: [page, page] });
    await expect(changelogsFor(jira, ['1'])).rejects.toBeInstanceOf(SourceError);
  });

  it('asks for at most 1000 issues per request', async () => {
    const ids = Array.from({ length: 1500 }, (_, i) => String(i));
    const { jira, calls } = cannedClient({ changelog: [{ issueChangeLogs: [] }, { issueChangeLogs: [] }] });
    await changelogsFor(jira, ids);
    expect(calls.map((call) => (call as { issueIdsOrKeys: string[] }).issueIdsOrKeys.length)).toEqual([1000, 500]);
  });
});

describe('fetchByKeys', () => {
  it('returns found issues and names the missing keys; chunks of 100', async () => {
    const keys = ['OPS-7', 'BGR-404', ...Array.from({ length: 100 }, (_, i) => `X-${i}`)];
    const { jira, calls } = cannedClient({ bulk: [fixture('issue-bulkfetch.json'), { issues: [], issueErrors: [] }] });
    const result = await fetchByKeys(jira, keys, ['summary'], retry());
    expect(result.issues.map((issue) => issue.key)).toEqual(['OPS-7']);
    expect(result.missing.slice(0, 2)).toEqual(['BGR-404', 'X-0']);
    expect(result.missing).toHaveLength(101);
    expect(calls.map((call) => (call as { issueIdsOrKeys: string[] }).issueIdsOrKeys.length)).toEqual([100, 2]);
  });

  const ops7 = (fixture('issue-bulkfetch.json') as { issues: unknown[] }).issues[0];
  const retriable = (id: string) => ({ id, errorMessage: 'Issue could not be retrieved due to a temporary error. Try again.' });

  it('asks again, with backoff, only for the keys listed in issueErrors; they are not missing', async () => {
    const { jira, calls } = cannedClient({ bulk: [{ issues: [], issueErrors: [retriable('OPS-7')] }, { issues: [ops7], issueErrors: [] }] });
    const progress: string[] = [];
    const result = await fetchByKeys(jira, ['OPS-7', 'BGR-404'], ['summary'], retry(progress));
    expect(result).toMatchObject({ issues: [{ key: 'OPS-7' }], missing: ['BGR-404'] });
    expect(calls.map((call) => (call as { issueIdsOrKeys: string[] }).issueIdsOrKeys)).toEqual([['OPS-7', 'BGR-404'], ['OPS-7']]);
    expect(progress).toEqual([
      'jira: POST /rest/api/3/issue/bulkfetch could not return OPS-7 (OPS-7: Issue could not be retrieved due to a temporary error. Try again.); retry 1/2 in 1 ms',
    ]);
  });

  it('fails with a SourceError naming the keys and the message when issueErrors persist', async () => {
    const answer = { issues: [], issueErrors: [retriable('OPS-7')] };
    const { jira, calls } = cannedClient({ bulk: [answer, answer, answer] });
    const error = await fetchByKeys(jira, ['OPS-7', 'BGR-404'], ['summary'], retry()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({
      code: 'jira-issue-errors',
      message: 'Jira could not return OPS-7 after 3 attempts: OPS-7: Issue could not be retrieved due to a temporary error. Try again.',
      exitCode: 3,
    });
    expect(calls).toHaveLength(3); // the first attempt and maxRetries (2) more
  });

  it('an issueErrors id that is no key asked for (a numeric issue id): every key not returned is asked again, none taken for missing', async () => {
    const { jira, calls } = cannedClient({ bulk: [{ issues: [], issueErrors: [retriable('10002')] }, { issues: [ops7], issueErrors: [] }] });
    const result = await fetchByKeys(jira, ['OPS-7', 'BGR-404'], ['summary'], retry());
    expect(result).toMatchObject({ issues: [{ key: 'OPS-7' }], missing: ['BGR-404'] });
    expect(calls.map((call) => (call as { issueIdsOrKeys: string[] }).issueIdsOrKeys)).toEqual([['OPS-7', 'BGR-404'], ['OPS-7', 'BGR-404']]);
  });
});

describe('sortHistories', () => {
  it('orders numerically by id on equal times', () => {
    const at = '2026-07-06T10:15:00.000-0400';
    expect(sortHistories([{ id: '100', created: at, items: [] }, { id: '99', created: at, items: [] }]).map((h) => h.id)).toEqual(['99', '100']);
  });
});
