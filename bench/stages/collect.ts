/**
 * Collection stage: `collectGithub` and `collectJira` against the fake servers with 50 ms of
 * latency on every request — a first run into an empty archive, then a rerun 15 minutes
 * later with nothing new. Requests are counted per stream (the collectors' own summaries,
 * cross-checked with the fakes' counters) and compared with the lower bound.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamSummary } from '../../src/domain/collect.ts';
import type { Config } from '../../src/domain/config.ts';
import { collectGithub } from '../../src/sources/github/index.ts';
import { collectJira } from '../../src/sources/jira/index.ts';
import { ENV as GITHUB_ENV, testConfig } from '../../test/fake-github/harness.ts';
import { startFakeGithub } from '../../test/fake-github/server.ts';
import { startFakeJira } from '../../test/fake-jira/server.ts';
import { startLatencyProxy } from '../collect/latency-proxy.ts';
import { COLLECT_NOW, type CollectSize, GATE_COUNT, githubDataset, jiraIssues, lowerBound, reviewKeys } from '../collect/data.ts';
import { BENCH_OUT } from '../gen/index.ts';

export const LATENCY_MS = 50;
const JIRA_ENV = { JIRA_EMAIL: 'bench@acme.example', JIRA_API_TOKEN: 'bench-token' };

export interface CollectRun {
  seconds: number;
  /** per stream, as the collectors report them (HTTP attempts, retries included) */
  requests: Record<string, number>;
  /** per source, as the servers saw them */
  served: { github: number; jira: number };
  received: Record<string, number>;
}

export interface CollectResult {
  size: CollectSize;
  lowerBound: Record<string, number>;
  first: CollectRun;
  rerun: CollectRun;
}

export async function benchCollect(size: CollectSize, log: (line: string) => void): Promise<CollectResult> {
  let now = COLLECT_NOW;
  const github = await startFakeGithub({ dataset: githubDataset(size), now: () => now, latencyMs: LATENCY_MS });
  const jira = await startFakeJira({
    email: JIRA_ENV.JIRA_EMAIL,
    token: JIRA_ENV.JIRA_API_TOKEN,
    timeZone: 'America/New_York',
    issues: jiraIssues(size),
    fields: [{ id: 'customfield_10100', name: 'Reviewer', custom: true }, { id: 'customfield_10101', name: 'Follow-up', custom: true }],
  });
  const proxy = await startLatencyProxy(jira.url, LATENCY_MS);
  const archive = join(BENCH_OUT, 'collect', 'archive');
  rmSync(archive, { recursive: true, force: true });
  const config: Config = {
    ...testConfig(github.apiUrl, archive, {}, GATE_COUNT),
    jira: { host: proxy.url, email: { env: 'JIRA_EMAIL' }, token: { env: 'JIRA_API_TOKEN' }, jql: 'project = BGR', fields: { reviewer: 'customfield_10100', followUp: 'customfield_10101' } },
  };
  const env = { ...GITHUB_ENV, ...JIRA_ENV };
  const keys = reviewKeys(size);

  async function run(label: string): Promise<CollectRun> {
    const githubBefore = [...github.counts.values()].reduce((a, b) => a + b, 0);
    const jiraBefore = proxy.requests();
    const t0 = performance.now();
    const summaries: StreamSummary[] = [
      ...(await collectGithub({ config, until: now, now, env })),
      ...(await collectJira({ config, reviewKeys: keys, until: now, now, env })),
    ];
    const seconds = (performance.now() - t0) / 1000;
    const result: CollectRun = {
      seconds,
      requests: Object.fromEntries(summaries.map((s) => [s.stream, s.requests])),
      served: { github: [...github.counts.values()].reduce((a, b) => a + b, 0) - githubBefore, jira: proxy.requests() - jiraBefore },
      received: Object.fromEntries(summaries.map((s) => [s.stream, s.received])),
    };
    log(`collect ${label}: ${seconds.toFixed(1)} s, requests ${JSON.stringify(result.requests)}`);
    return result;
  }

  try {
    const first = await run('first run');
    now += 15 * 60_000;
    const rerun = await run('rerun, nothing new');
    return { size, lowerBound: lowerBound(size), first, rerun };
  } finally {
    await proxy.close();
    await jira.close();
    await github.close();
  }
}
