import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { buildMergesQuery } from '../../src/sources/github/merges.ts';
import { auditEntry, pullRequest, ruleSuite } from './dataset.ts';
import { githubSchema } from './graphql.ts';
import { PhraseError, parsePhrase } from './phrase.ts';
import { type FakeGithub, startFakeGithub } from './server.ts';

const T = Date.parse('2026-07-01T12:00:00Z');
const HOUR = 3_600_000;

describe('parsePhrase', () => {
  const entries = [
    auditEntry(1, 'protected_branch.destroy', T),
    auditEntry(2, 'protected_branch.create', T + HOUR),
    auditEntry(3, 'repo.create', T + 2 * HOUR),
    auditEntry(4, 'repository_ruleset.update', Date.parse('2026-07-02T00:00:00Z')),
  ];
  it.each([
    ['action:protected_branch.destroy', [1]],
    ['action:protected_branch.destroy action:repo.create', [1, 3]],
    ['action:protected_branch', [1, 2]],
    ['-action:protected_branch', [3, 4]],
    ['action:protected_branch action:repo.create created:>=2026-07-01T13:00:00+00:00', [2, 3]],
    ['created:>2026-07-01T12:00:00+00:00 created:<2026-07-01T14:00:00+00:00', [2]],
    ['created:>2026-07-01T14:00:00+02:00 created:<2026-07-01T09:00:00-05:00', [2]],
    ['created:2026-07-01', [1, 2, 3]],
    ['created:<=2026-07-01', [1, 2, 3]],
    ['created:>2026-07-01', [4]],
    ['created:2026-07-01T12:00:00+00:00..2026-07-01T13:00:00+00:00', [1, 2]],
    ['created:2026-07-02..*', [4]],
    ['actor:user1 actor:user3', [1, 3]],
  ])('%s', (phrase, ids) => {
    const test = parsePhrase(phrase);
    expect(entries.filter(test).map((e) => Number(String(e._document_id).slice(4)))).toEqual(ids);
  });

  it('rejects free text and unknown qualifiers', () => {
    expect(() => parsePhrase('bypass')).toThrow(/free text/);
    expect(() => parsePhrase('colour:red')).toThrow(/unknown qualifier/);
  });

  // the audit-log docs give YYYY-MM-DD and THH:MM:SS with a UTC offset, nothing else
  it.each([
    'created:2026-07-01T12:00:00Z..2026-07-01T13:00:00Z',
    'created:>=2026-07-01T12:00:00',
    'created:2026-07-01T12:00:00.000+00:00..*',
    'created:2026-07-01T12:00+00:00',
    // a `+` sent unencoded arrives as a space
    'created:2026-07-01T12:00:00 00:00..2026-07-01T13:00:00 00:00',
  ])('rejects the undocumented date form in %s', (phrase) => {
    expect(() => parsePhrase(phrase)).toThrow(PhraseError);
  });
});

describe('GitHub schema validation', () => {
  it('accepts the merges query for 1 and 20 aliases', () => {
    for (const n of [1, 20]) expect(validate(githubSchema(), parse(buildMergesQuery(n)))).toEqual([]);
  });

  it.each([
    ['an unknown field', 'query { search(query: "x", type: ISSUE, first: 1) { totalCount } }', /totalCount/],
    ['a bad enum value', 'query { search(query: "x", type: PULL_REQUEST, first: 1) { issueCount } }', /PULL_REQUEST/],
    ['a fragment on the wrong type', 'query { search(query: "x", type: ISSUE, first: 1) { nodes { ... on Commit { oid } } } }', /Commit/],
    ['a wrongly typed variable', 'query ($q: Int!) { search(query: $q, type: ISSUE, first: 1) { issueCount } }', /Int!/],
  ])('rejects %s', (_name, query, message) => {
    const errors = validate(githubSchema(), parse(query));
    expect(errors.map((e) => e.message).join('\n')).toMatch(message);
  });
});

describe('fake GitHub server', () => {
  let fake: FakeGithub;
  beforeAll(async () => {
    fake = await startFakeGithub({
      token: 't0k',
      now: () => T,
      dataset: {
        audit: Array.from({ length: 45 }, (_, i) => auditEntry(i, 'protected_branch.destroy', T - i * HOUR)),
        ruleSuites: [ruleSuite(1, T - 2 * HOUR), ruleSuite(2, T - 3 * 24 * HOUR), ruleSuite(3, T - HOUR, 'pass')],
        pullRequests: [pullRequest('acme/a', 1, T - HOUR), pullRequest('acme/a', 2, T - 2 * HOUR), pullRequest('acme/a', 3, null)],
      },
    });
  });
  afterAll(() => fake.close());
  const get = (path: string, token = 't0k') => fetch(`${fake.apiUrl}${path}`, { headers: { authorization: `token ${token}` } });

  it('requires the token', async () => {
    expect((await get('/orgs/acme/audit-log', 'nope')).status).toBe(401);
  });

  it('pages the audit log newest first by default, 30 a page, with an after cursor', async () => {
    const first = await get('/orgs/acme/audit-log?phrase=action:protected_branch.destroy');
    const page1 = (await first.json()) as { _document_id: string }[];
    expect(page1).toHaveLength(30);
    expect(page1[0]?._document_id).toBe('doc-000000');
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/after=[^&>]+/);
    expect(link).not.toMatch(/[?&]page=/);
    const next = new URL(/<([^>]+)>/.exec(link)?.[1] ?? '');
    const second = await get(`${next.pathname}${next.search}`);
    expect(((await second.json()) as unknown[]).length).toBe(15);
    expect(second.headers.get('link')).toBeNull();
  });

  it('filters rule suites by result and time_period, pages by page=', async () => {
    const day = (await (await get('/orgs/acme/rulesets/rule-suites?rule_suite_result=bypass&time_period=day')).json()) as { id: number }[];
    expect(day.map((s) => s.id)).toEqual([1]);
    const week = await get('/orgs/acme/rulesets/rule-suites?rule_suite_result=all&time_period=week&per_page=2');
    expect(((await week.json()) as { id: number }[]).map((s) => s.id)).toEqual([3, 1]);
    expect(week.headers.get('link')).toMatch(/page=2>; rel="next"/);
  });

  it('executes aliased searches and reports invalid queries as errors', async () => {
    const post = (body: unknown) =>
      fetch(`${fake.apiUrl}/graphql`, { method: 'POST', headers: { authorization: 'bearer t0k' }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<{ data?: Record<string, { issueCount: number; nodes: { number: number }[] }>; errors?: unknown[] }>,
      );
    const ok = await post({
      query: buildMergesQuery(1),
      variables: { q0: 'repo:acme/a is:pr is:merged base:main merged:2026-06-01T00:00:00+00:00..2026-07-01T11:00:00+00:00', c0: null },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.g0?.issueCount).toBe(2);
    expect(ok.data?.g0?.nodes.map((n) => n.number)).toEqual([1, 2]);
    // `…Z` is documented for the issue search too; a bound without an offset is not
    const zulu = await post({ query: buildMergesQuery(1), variables: { q0: 'repo:acme/a is:pr is:merged base:main merged:2026-06-01T00:00:00Z..2026-07-01T10:00:00Z', c0: null } });
    expect(zulu.data?.g0?.issueCount).toBe(1);
    const bare = await post({ query: buildMergesQuery(1), variables: { q0: 'repo:acme/a is:pr is:merged base:main merged:2026-06-01T00:00:00..2026-07-01T11:00:00', c0: null } });
    expect(JSON.stringify(bare.errors)).toMatch(/YYYY-MM-DDTHH:MM:SS\+HH:MM/);
    const bad = await post({ query: 'query { search(query: "x", type: ISSUE) { nope } }' });
    expect(bad.errors).toHaveLength(1);
    expect(fake.graphqlValidationErrors.join()).toMatch(/nope/);
  });

  it('as GHES: REST under /api/v3, the audit log paged by page= with no after cursor', async () => {
    const ghes = await startFakeGithub({ token: 't0k', now: () => T, flavor: 'ghes', dataset: { audit: fake.dataset.audit } });
    try {
      const at = (path: string) => fetch(`${ghes.apiUrl}${path}`, { headers: { authorization: 'token t0k' } });
      expect(ghes.apiUrl).toBe(`${new URL(ghes.apiUrl).origin}/api/v3`);
      const first = await at('/enterprises/acme-inc/audit-log?phrase=action:protected_branch.destroy&per_page=20');
      expect(((await first.json()) as { _document_id: string }[]).map((e) => e._document_id).slice(0, 2)).toEqual(['doc-000000', 'doc-000001']);
      const link = first.headers.get('link') ?? '';
      expect(link).not.toMatch(/after=/);
      const next = new URL(/<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '');
      expect([next.pathname, next.searchParams.get('page'), next.searchParams.get('per_page')]).toEqual(['/api/v3/enterprises/acme-inc/audit-log', '2', '20']);
      expect(link).toMatch(/page=3>; rel="last"/);
      const third = await at('/enterprises/acme-inc/audit-log?phrase=action:protected_branch.destroy&per_page=20&page=3');
      expect(((await third.json()) as unknown[]).length).toBe(5);
      expect(third.headers.get('link')).toBeNull();
      // the cloud paths are not served
      expect((await fetch(`${new URL(ghes.apiUrl).origin}/enterprises/acme-inc/audit-log`, { headers: { authorization: 'token t0k' } })).status).toBe(404);
    } finally {
      await ghes.close();
    }
  });

  it('counts requests per route and injects faults', async () => {
    fake.reset();
    fake.faults.push({ route: 'GET /orgs/acme/audit-log', times: 1, kind: '429', retryAfter: 9 });
    const limited = await get('/orgs/acme/audit-log');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect((await get('/orgs/acme/audit-log')).status).toBe(200);
    expect(fake.count('GET /orgs/acme/audit-log')).toBe(2);
  });
});
