import type { SourceRef } from './events.ts';

export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface StatusTransition {
  /** epoch ms of the changelog history's `created` */
  at: number;
  /** changelog history id */
  historyId: string;
  author?: string;
  authorName?: string;
  fromId?: string;
  fromName?: string;
  /** target status id */
  toId: string;
  toName?: string;
  /** category of the target status, when known */
  toCategory?: StatusCategory;
  /**
   * The target status is known to neither jira/statuses.json (`not-in-catalogue`; or there is
   * none: `no-catalogue`) nor any archived issue: whether it is done cannot be told. Only an
   * error when the ticket reviews a use (join/review.ts), so one odd issue of the JQL's does not
   * stop every report.
   */
  toUnknown?: 'no-catalogue' | 'not-in-catalogue';
}

/** Any change of the configured reviewer field, kept as evidence. */
export interface FieldChange {
  at: number;
  author?: string;
  field: string;
  from?: string;
  to?: string;
}

/** A Jira review ticket, normalised from `jira/issues.ndjson`. */
export interface ReviewTicket {
  key: string;
  summary?: string;
  created?: number;
  statusId?: string;
  statusName?: string;
  statusCategory?: StatusCategory;
  resolutionDate?: number;
  /** status transitions sorted by `at`, then history id */
  transitions: StatusTransition[];
  reviewerChanges: FieldChange[];
  /** account id from the configured reviewer field */
  reviewerField?: string;
  /** plain text of the follow-up field (ADF flattened), blank-trimmed; undefined when empty */
  followUpText?: string;
  /** keys of linked issues */
  links: string[];
  /** keys the issue had before a move to another project (changelog `Key` items); Jira still opens it by them */
  formerKeys?: string[];
  url?: string;
  source: SourceRef;
}
