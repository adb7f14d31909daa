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
