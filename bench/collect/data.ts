/**
 * What the fake servers hold for the collection benchmark, and the request counts a perfect
 * collector would need for it (the lower bound).
 */
import { auditEntry, pullRequest, ruleSuite } from '../../test/fake-github/dataset.ts';
import { BYPASS_ACTIONS } from '../../test/fake-github/harness.ts';
import type { FakeDataset, FakePullRequest } from '../../test/fake-github/server.ts';
import type { FakeIssue } from '../../test/fake-jira/server.ts';
import { fakeIssue } from '../../test/fake-jira/data.ts';
import { createRandom } from '../gen/random.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const COLLECT_NOW = Date.parse('2026-10-15T06:00:00Z');
export const GATE_COUNT = 6;
const RESTORES = ['protected_branch.create', 'repository_ruleset.create', 'repository_branch_protection_evaluation.enable'];
const NOISE = ['repo.create', 'org.add_member', 'team.add_repository', 'workflows.completed_workflow_run', 'protected_branch.dismiss_stale_reviews'];

export interface CollectSize {
  /** bypass + restore audit entries in the retention window (collected) */
  auditWanted: number;
  /** other audit entries (the phrase must keep them away) */
  auditNoise: number;
  /** bypass rule suites within the API's 30 days (collected) */
  suites: number;
  /** merged PRs per gate */
  mergesPerGate: number;
  /** Jira review issues matched by the JQL */
  issues: number;
  /** review keys in another project (outside the JQL, fetched by key) */
  outsideKeys: number;
  /** changelog histories per issue */
  histories: number;
}

export const COLLECT_SIZES = {
  quick: { auditWanted: 450, auditNoise: 300, suites: 120, mergesPerGate: 120, issues: 250, outsideKeys: 10, histories: 3 },
  full: { auditWanted: 4_950, auditNoise: 3_000, suites: 430, mergesPerGate: 260, issues: 2_400, outsideKeys: 40, histories: 3 },
} satisfies Record<string, CollectSize>;

/** Collected items sit at least 2 h before now, so a rerun's overlap window finds nothing new. */
const past = (random: () => number, span: number): number => COLLECT_NOW - 2 * HOUR - Math.floor(random() * span);

export function githubDataset(size: CollectSize): FakeDataset {
  const random = createRandom('collect:github');
  const wantedActions = [...BYPASS_ACTIONS, ...RESTORES];
  const span = 170 * DAY;
  const audit = [
    ...Array.from({ length: size.auditWanted }, (_, i) => auditEntry(i, random.pick(wantedActions), past(random.next, span))),
    ...Array.from({ length: size.auditNoise }, (_, i) => auditEntry(100_000 + i, random.pick(NOISE), past(random.next, span))),
  ];
  const ruleSuites = [
    ...Array.from({ length: size.suites }, (_, i) => ruleSuite(1 + i, past(random.next, 28 * DAY))),
    ...Array.from({ length: Math.round(size.suites / 4) }, (_, i) => ruleSuite(50_000 + i, past(random.next, 28 * DAY), 'pass')),
  ];
  const pullRequests: FakePullRequest[] = [];
  let number = 1;
  for (let g = 0; g < GATE_COUNT; g++) {
    const repo = g === 0 ? 'acme/payments' : `acme/repo${g}`;
    for (let i = 0; i < size.mergesPerGate; i++) pullRequests.push(pullRequest(repo, number++, past(random.next, span)));
    for (let i = 0; i < 20; i++) pullRequests.push(pullRequest(repo, number++, null)); // open PRs: not merged
  }
  return { audit, ruleSuites, pullRequests };
}

export function jiraIssues(size: CollectSize): FakeIssue[] {
  const random = createRandom('collect:jira');
  const issue = (key: string) => fakeIssue({ key, updated: past(random.next, 170 * DAY), histories: size.histories });
  return [
    ...Array.from({ length: size.issues }, (_, i) => issue(`BGR-${i + 1}`)),
    ...Array.from({ length: size.outsideKeys }, (_, i) => issue(`OPS-${i + 1}`)),
  ];
}

/** The review keys the ledger would name: every BGR issue plus the OPS ones outside the JQL. */
export function reviewKeys(size: CollectSize): string[] {
  return [...Array.from({ length: size.issues }, (_, i) => `BGR-${i + 1}`), ...Array.from({ length: size.outsideKeys }, (_, i) => `OPS-${i + 1}`)];
}

const pages = (n: number, per: number): number => Math.max(1, Math.ceil(n / per));

/** Requests a perfect collector needs on a first run, per stream (the definitions are in RESULTS.md). */
export function lowerBound(size: CollectSize): Record<string, number> {
  const perGate = pages(size.mergesPerGate, 100);
  // changelog/bulkfetch: at most 1,000 issues per request and 1,000 histories per page
  const changelogIssues = size.issues + size.outsideKeys;
  let changelog = 0;
  for (let left = changelogIssues; left > 0; left -= 1000) changelog += pages(Math.min(left, 1000) * size.histories, 1000);
  return {
    'github.audit': pages(size.auditWanted, 100),
    'github.rule-suites': pages(size.suites, 100),
    // one alias per gate, up to 20 per request; a gate's pages follow one another (cursor)
    'github.merges': Math.max(perGate, Math.ceil((perGate * GATE_COUNT) / 20)),
    // myself (zone of JQL dates) + field catalogue + status catalogue, then the data pages
    'jira.issues': 3 + pages(size.issues, 100) + (size.outsideKeys ? pages(size.outsideKeys, 100) : 0) + changelog,
  };
}
