/**
 * GitHub Enterprise Server against the fake's `ghes` flavor: REST under /api/v3, GraphQL at
 * /api/graphql, and the audit log paged by `page=` instead of an `after` cursor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GlasstrailError } from '../../errors.ts';
import { auditEntry, pullRequest, ruleSuite } from '../../../test/fake-github/dataset.ts';
import { ENV, linesUnder, snapshot, tempArchive, TOKEN, testConfig } from '../../../test/fake-github/harness.ts';
import { type FakeGithub, startFakeGithub } from '../../../test/fake-github/server.ts';
import { collectGithub } from './index.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-07-20T12:00:00Z');
const FAST = { retryBaseMs: 1, maxRetries: 3, requestTimeoutMs: 2000 };
const GHES_AUDIT = 'GET /api/v3/enterprises/acme-inc/audit-log';

/** 250 bypasses over ten days (three pages of 100), a restore, and noise the phrase keeps away. */
function dataset() {
  return {
    audit: [
      ...Array.from({ length: 250 }, (_, i) => auditEntry(i, i % 2 ? 'protected_branch.policy_override' : 'repository_ruleset.update', NOW - 11 * DAY + i * HOUR)),
      auditEntry(900, 'protected_branch.create', NOW - 2 * DAY),
      ...Array.from({ length: 40 }, (_, i) => auditEntry(1000 + i, i % 2 ? 'repo.create' : 'org.add_member', NOW - 5 * DAY + i * HOUR)),
    ],
    ruleSuites: Array.from({ length: 5 }, (_, i) => ruleSuite(i + 1, NOW - 3 * DAY + i * HOUR)),
    pullRequests: Array.from({ length: 5 }, (_, i) => pullRequest('acme/payments', i + 1, NOW - 3 * DAY + i * HOUR)),
  };
}

const opened: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function collectFrom(flavor: 'cloud' | 'ghes', extra: { faults?: FakeGithub['faults']; enterprise?: string | undefined } = {}) {
  const fake = await startFakeGithub({ dataset: dataset(), token: TOKEN, now: () => NOW, flavor, faults: extra.faults });
  const archive = await tempArchive();
  opened.push(fake, { close: archive.cleanup });
  const config = testConfig(fake.apiUrl, archive.dir, { org: 'acme', enterprise: 'enterprise' in extra ? extra.enterprise : 'acme-inc' });
  const run = collectGithub({ config, until: NOW, now: NOW, env: ENV, timing: FAST });
  return { fake, archive, run };
}

async function failure(run: Promise<unknown>): Promise<GlasstrailError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GlasstrailError);
  return error as GlasstrailError;
}

describe('collectGithub on GitHub Enterprise Server', () => {
  it('follows page= links through the enterprise audit log and archives what the cursor mode archives', async () => {
    const cloud = await collectFrom('cloud');
    await cloud.run;
    const ghes = await collectFrom('ghes');
    const summaries = await ghes.run;

    expect(ghes.fake.apiUrl).toMatch(/\/api\/v3$/);
    const pages = ghes.fake.log.filter((r) => r.route === GHES_AUDIT);
    expect(pages.map((r) => [r.status, r.query.page, r.query.after])).toEqual([
      [200, undefined, undefined],
      [200, '2', undefined],
      [200, '3', undefined],
    ]);
    // the other two streams reach GHES too: rule suites under /api/v3, GraphQL at /api/graphql
    expect(ghes.fake.count('GET /api/v3/orgs/acme/rulesets/rule-suites')).toBe(1);
    expect(ghes.fake.count('POST /api/graphql')).toBe(1);
    expect(summaries.map((s) => [s.stream, s.requests, s.received, s.added])).toEqual([
      ['github.audit', 3, 251, 251],
      ['github.rule-suites', 1, 5, 5],
      ['github.merges', 1, 5, 5],
    ]);
    // the cloud run paged the same audit log by cursor
    const cursorPages = cloud.fake.log.filter((r) => r.route === 'GET /enterprises/acme-inc/audit-log');
    expect(cursorPages).toHaveLength(3);
    expect(cursorPages.slice(1).every((r) => r.query.after !== undefined && r.query.page === undefined)).toBe(true);

    const byPage = await snapshot(ghes.archive.dir);
    const byCursor = await snapshot(cloud.archive.dir);
    const auditFiles = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith('github/audit/')));
    expect(Object.keys(auditFiles(byPage))).toHaveLength(11);
    expect(auditFiles(byPage)).toEqual(auditFiles(byCursor));
    expect(linesUnder(byPage, 'github/audit/')).toHaveLength(251);
    const auditState = (files: Record<string, string>) => JSON.parse(files['state.json'] ?? '{}').streams['github.audit'];
    expect(auditState(byPage)).toEqual(auditState(byCursor));
    expect(auditState(byPage).watermark).toBe('2026-07-20T12:00:00Z');
  });

  it('a page number that does not advance fails loudly instead of looping', async () => {
    // page 1 answers with a next link back to page 1
    const ghes = await collectFrom('ghes', { faults: [{ route: GHES_AUDIT, times: Infinity, kind: 'stale-link' }] });
    const error = await failure(ghes.run);
    expect(error).toMatchObject({
      code: 'github-pagination',
      message: 'pagination did not advance (next page 1 after page 1); refusing to loop',
      context: { where: 'GET /enterprises/acme-inc/audit-log' },
    });
    expect(ghes.fake.count(GHES_AUDIT)).toBe(1);
    // nothing moved: no audit state was written
    const state = JSON.parse((await snapshot(ghes.archive.dir))['state.json'] ?? '{}');
    expect(state.streams?.['github.audit']).toBeUndefined();
  });

  it('the organization audit log answers 404 on GHES: the hint says to set github.enterprise (admin:enterprise)', async () => {
    const ghes = await collectFrom('ghes', { enterprise: undefined });
    const error = await failure(ghes.run);
    // asked once (a 404 is not retried); the rule suites and merges are still pulled after it
    expect(ghes.fake.log.filter((r) => r.route.endsWith('/audit-log')).map((r) => [r.route, r.status])).toEqual([['GET /api/v3/orgs/acme/audit-log', 404]]);
    expect(error).toMatchObject({ code: 'github-forbidden', exitCode: 3, context: { where: 'GET /orgs/acme/audit-log' } });
    expect(error.message).toMatch(/^GitHub refused the request \(404\)/);
    expect(error.context.fix).toBe(
      'GitHub Enterprise Server has no organization audit-log API (it is for organizations on GitHub Enterprise Cloud): ' +
        'set github.enterprise to read the enterprise audit log, with an enterprise owner token with the admin:enterprise scope',
    );
  });

  it.each([
    ['ghes', '403', /admin:enterprise scope/, /read:audit_log/],
    ['ghes', '404', /admin:enterprise scope/, /read:audit_log/],
    ['cloud', '403', /read:audit_log scope/, /admin:enterprise/],
  ] as const)('on %s a %s from the enterprise audit log names the scope that deployment needs', async (flavor, kind, needs, never) => {
    const route = flavor === 'ghes' ? GHES_AUDIT : 'GET /enterprises/acme-inc/audit-log';
    const run = await collectFrom(flavor, { faults: [{ route, times: Infinity, kind }] });
    const error = await failure(run.run);
    expect(error).toMatchObject({ code: 'github-forbidden', context: { where: 'GET /enterprises/acme-inc/audit-log' } });
    expect(error.context.fix).toMatch(/^the enterprise audit/);
    expect(error.context.fix).toMatch(needs);
    expect(error.context.fix).not.toMatch(never);
  });

  it('a missing token asks for admin:enterprise on GHES', async () => {
    const fake = await startFakeGithub({ token: TOKEN, flavor: 'ghes' });
    const archive = await tempArchive();
    opened.push(fake, { close: archive.cleanup });
    const config = testConfig(fake.apiUrl, archive.dir, { enterprise: 'acme-inc' });
    const error = await failure(collectGithub({ config, until: NOW, now: NOW, env: {}, timing: FAST }));
    expect(error.context.fix).toBe('export GH_TEST_TOKEN=<a GitHub token with admin:enterprise> before running collect');
  });
});
