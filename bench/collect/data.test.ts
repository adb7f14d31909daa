import { describe, expect, it } from 'vitest';
import { type CollectSize, githubDataset, jiraIssues, lowerBound, reviewKeys } from './data.ts';

const base: CollectSize = { auditWanted: 100, auditNoise: 10, suites: 100, mergesPerGate: 100, issues: 100, outsideKeys: 0, histories: 3 };

describe('lowerBound', () => {
  it.each([
    // pages of 100; merges: one alias per gate (6 gates), pages per gate in sequence
    [base, { 'github.audit': 1, 'github.rule-suites': 1, 'github.merges': 1, 'jira.issues': 3 + 1 + 1 }],
    [{ ...base, auditWanted: 101, suites: 250, mergesPerGate: 260 }, { 'github.audit': 2, 'github.rule-suites': 3, 'github.merges': 3, 'jira.issues': 5 }],
    // 2,400 + 40 issues × 3 histories: changelog chunks of 1,000 issues → 3 + 3 + 2 pages; search 24; bulk fetch 1
    [{ ...base, issues: 2_400, outsideKeys: 40 }, { 'github.audit': 1, 'github.rule-suites': 1, 'github.merges': 1, 'jira.issues': 3 + 24 + 1 + 8 }],
    // an empty stream still needs one request to learn that it is empty
    [{ ...base, auditWanted: 0 }, { 'github.audit': 1, 'github.rule-suites': 1, 'github.merges': 1, 'jira.issues': 5 }],
  ])('%j', (size, expected) => {
    expect(lowerBound(size)).toEqual(expected);
  });
});

describe('fake datasets', () => {
  it('hold the requested items, deterministically', () => {
    const size = { ...base, outsideKeys: 5 };
    const gh = githubDataset(size);
    expect(gh.audit).toHaveLength(110);
    expect(gh.ruleSuites.filter((s) => s.result === 'bypass')).toHaveLength(100);
    expect(gh.pullRequests.filter((p) => p.mergedAt !== null)).toHaveLength(600);
    expect(githubDataset(size)).toEqual(gh);
    expect(jiraIssues(size).map((i) => i.key)).toEqual(reviewKeys(size));
  });
});
