/** Where a record came from, for error messages and the population statement. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * One GitHub event normalised from the archive: an audit-log entry or a rule suite.
 * Only bypass actions and the actions that undo them reach this type.
 */
export interface AuditEvent {
  /** `_document_id` for audit entries; `rs-<id>` for rule suites */
  id: string;
  kind: 'audit' | 'rule-suite';
  /** audit-log action; rule suites use `rule_suite.bypass` */
  action: string;
  /** GitHub login */
  actor: string;
  /** epoch ms */
  at: number;
  /** `owner/name` */
  repo: string;
  /** bare branch (`refs/heads/` stripped); absent when the event names none */
  branch?: string;
  /** ruleset id / name when the event is about a ruleset */
  rulesetId?: string;
  /** the ruleset's name when the event gives it: a re-created ruleset keeps its name, not its id */
  rulesetName?: string;
  source: SourceRef;
}

/** Actions that restore a protection removed by a destroy/disable. */
export type RestoreAction =
  | 'protected_branch.create'
  | 'repository_ruleset.create'
  | 'repository_branch_protection_evaluation.enable';

/** The restore actions, which collect asks the audit log for beside the bypass actions. */
export const RESTORE_ACTIONS: readonly RestoreAction[] = [
  'protected_branch.create',
  'repository_ruleset.create',
  'repository_branch_protection_evaluation.enable',
];

export interface MergedPr {
  number: number;
  /** epoch ms */
  mergedAt: number;
  mergedBy: string | null;
  baseRef: string;
  url: string;
}
