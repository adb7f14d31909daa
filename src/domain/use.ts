import type { AuditEvent } from './events.ts';
import type { GrantClosed, GrantOpened, GrantScope, WaiverGranted } from './ledger.ts';
import type { ReviewTicket } from './review.ts';

export const GAP_CODES = [
  'UNSANCTIONED_BYPASS',
  'PROTECTION_NOT_RESTORED',
  'NOT_PREAUTHORIZED',
  'SCOPE_TOO_BROAD',
  'MISSING_REVIEW',
  'REVIEW_OVERDUE',
  'SELF_REVIEW',
  'LEDGER_TAMPERED',
  'REVIEW_LATE',
  'MISSING_JUSTIFICATION',
  'MISSING_INCIDENT',
  'GRANT_TOO_LONG',
  'WAIVER_STALE',
  'NO_FOLLOW_UP',
  'GRANT_UNUSED',
] as const;

export type GapCode = (typeof GAP_CODES)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Review {
  status: 'done' | 'open' | 'missing';
  ticket?: ReviewTicket;
  /** person id (or raw account id when unmapped) */
  reviewer?: string;
  completedAt?: number;
  /** the SLA clock start (grant at, or grant end with clockStart: grant-end) */
  clockStartAt?: number;
  dueAt?: number;
  /** business days after the start date up to and including the completion date */
  businessDays?: number;
  /** true iff completed < due; false iff completed >= due, or open and due <= as-of */
  slaMet?: boolean;
  /** follow-up text, or linked issue keys joined by `;` */
  followUp?: string;
}

/** One break-glass use: a grant (sanctioned) or an uncovered bypass event (unsanctioned). */
export interface Use {
  /** grant id; `gh-<_document_id>`; or `gh-rs-<id>` */
  id: string;
  sanctioned: boolean;
  /** resolved person id, or the raw identity when unmapped */
  actor: string;
  /** gate id; null when the event hits no configured gate */
  gate: string | null;
  repo: string;
  branch: string | null;
  scope: GrantScope | null;
  startedAt: number;
  endedAt?: number;
  expiresAt?: number;
  justification?: string;
  incident?: string;
  approver?: string;
  reviewKey?: string;
  /** null for unsanctioned uses */
  review: Review | null;
  /** covered events (sanctioned) or the single event (unsanctioned), sorted by time then id */
  events: AuditEvent[];
  grant?: GrantOpened;
  closed?: GrantClosed;
  /** ledger seqs of the entries behind this use */
  ledgerSeqs: number[];
  /** codes of the findings on this use, sorted (filled after the rules ran) */
  gapCodes: GapCode[];
}

export interface Finding {
  /** use id, or waiver id for WAIVER_STALE */
  subject: string;
  code: GapCode;
  severity: Severity;
  message: string;
}

/** An uncovered event that fell inside a waiver's window: not a use. */
export interface WaivedEvent {
  eventId: string;
  waiver: string;
  gate: string | null;
  repo: string;
  actor: string;
  at: number;
}

export interface WaiverState {
  waiver: WaiverGranted;
  revokedAt?: number;
  /** open at as-of: granted, not revoked, not expired */
  openAtAsOf: boolean;
  /** whole days open at as-of (only for open waivers) */
  ageDays?: number;
}
