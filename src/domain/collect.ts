import { type Gate, gateRepos } from './config.ts';

/**
 * A gate as its merged PRs are searched (id, repository and branch), as `github.merges` records
 * in state.json `gateKeys` the gates its watermark covers.
 */
export function mergesGateKey(gate: Gate): string {
  return `${gate.id} ${gate.repo} ${gate.branch}`;
}

/**
 * The keys under which merges may have been searched for a gate: its own, and those under the
 * names its repo had (formerRepos). A renamed or transferred repo is the same gate: its pull
 * requests moved with it, and the search under the new name finds them.
 */
export function mergesGateKeys(gate: Gate): string[] {
  return gateRepos(gate).map((repo) => mergesGateKey({ ...gate, repo }));
}

/** What one collected stream did (printed by `glasstrail collect`). */
export interface StreamSummary {
  /** `github.audit`, `github.rule-suites`, `github.merges`, `jira.issues`, ... */
  stream: string;
  requests: number;
  received: number;
  added: number;
  /** RFC 3339 UTC bounds of the window pulled */
  from: string;
  to: string;
  notes?: string[];
}

/** What each stream holds, as said in a sentence (coverage gaps) and in the PDF's coverage table. */
export const STREAM_NAMES: Readonly<Record<string, string>> = {
  'github.audit': 'GitHub audit log',
  'github.rule-suites': 'GitHub rule suites',
  'github.merges': 'merged pull requests',
  'jira.issues': 'Jira review tickets',
};
