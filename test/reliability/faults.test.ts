/**
 * The whole `glasstrail collect` CLI under injected faults (429 + Retry-After, 403 secondary limit,
 * 502, connection reset, truncated JSON, slow answers) on both sources: it recovers and writes the
 * same archive as a clean run against the same fakes. The collectors' own tests cover each fault
 * in isolation.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveProblems, collectArgs, comparableArchive, ENV, type Fakes, runCli, startFakes, workDir } from './harness.ts';

const AUDIT = 'GET /orgs/acme/audit-log';
const SUITES = 'GET /orgs/acme/rulesets/rule-suites';
const GRAPHQL = 'POST /graphql';

let fakes: Fakes;

beforeAll(async () => {
  // One pair of fakes for both runs: Jira's `self` links carry the server's port.
  fakes = await startFakes();
});

afterAll(async () => {
  await fakes?.close();
});

describe('collect under injected faults', () => {
  it('recovers from every fault and writes the same archive as a clean run', async () => {
    const cleanDir = workDir(fakes);
    const clean = await runCli(collectArgs(fakes.window), cleanDir, ENV);
    expect(clean.status).toBe(0);
    const cleanCounts = { audit: fakes.github.count(AUDIT), suites: fakes.github.count(SUITES), graphql: fakes.github.count(GRAPHQL), search: fakes.jira.counts.search };
    fakes.github.reset();

    // `fromRequest` counts the requests a fault sees; a fault that fires hides the request from later ones.
    fakes.github.faults.push(
      { route: AUDIT, kind: '429', times: 1, retryAfter: 1 },
      { route: AUDIT, kind: '502', times: 1, fromRequest: 3 },
      { route: AUDIT, kind: 'truncated-json', times: 1, fromRequest: 5 },
      { route: SUITES, kind: '403-secondary', times: 1, retryAfter: 1 },
      { route: SUITES, kind: 'slow', times: 1, delayMs: 1500, fromRequest: 2 },
      { route: GRAPHQL, kind: 'reset', times: 1 },
      { route: GRAPHQL, kind: '502', times: 1 },
    );
    fakes.jira.faults.push(
      { route: 'myself', answer: 500 },
      { route: 'search', answer: 429, retryAfter: '1' },
      { route: 'changelog', answer: 'bad-json' },
      { route: 'status', answer: 503 },
    );
    const searchBefore = fakes.jira.counts.search;
    const faultyDir = workDir(fakes);
    const faulty = await runCli(collectArgs(fakes.window), faultyDir, ENV);
    expect(faulty.stderr).toBe('');
    expect(faulty.status).toBe(0);

    // every fault was really served
    expect(fakes.github.log.filter((r) => r.status !== 200).map((r) => `${r.route} ${r.status}`).sort()).toEqual(
      [`${AUDIT} 429`, `${AUDIT} 502`, `${GRAPHQL} -1`, `${GRAPHQL} 502`, `${SUITES} 403`].sort(),
    );
    expect(fakes.github.count(AUDIT)).toBe(cleanCounts.audit + 3);
    expect(fakes.github.count(SUITES)).toBe(cleanCounts.suites + 1);
    expect(fakes.github.count(GRAPHQL)).toBe(cleanCounts.graphql + 2);
    expect(fakes.jira.faults.every((f) => f.times === 0)).toBe(true);
    expect(fakes.jira.counts.search - searchBefore).toBe(cleanCounts.search + 1);

    expect(archiveProblems(join(faultyDir, 'archive'))).toEqual([]);
    expect(comparableArchive(join(faultyDir, 'archive'))).toEqual(comparableArchive(join(cleanDir, 'archive')));
    // the summary lines agree too, bar the request counts
    const strip = (text: string) => text.replace(/\d+ requests/g, 'N requests');
    expect(strip(faulty.stdout)).toBe(strip(clean.stdout));
  });
});
