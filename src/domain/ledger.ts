import type { FileDigest } from './config.ts';
import type { SourceRef } from './events.ts';

export const LEDGER_SCHEMA = 'glasstrail.ledger/v1';
export const CHECKPOINT_SCHEMA = 'glasstrail.checkpoint/v1';
export const GENESIS_PREV = `sha256:${'0'.repeat(64)}`;

export type GrantScope = 'gate' | 'repo' | 'org-admin';

interface EntryBase {
  seq: number;
  /** epoch ms of `at` */
  at: number;
  /** `at` exactly as written in the ledger */
  atRaw: string;
  prev: string;
  hash: string;
  source: SourceRef;
}

export interface GrantOpened extends EntryBase {
  type: 'grant.opened';
  grant: string;
  actor: string;
  gate: string;
  scope: GrantScope;
  expiresAt?: number;
  justification?: string;
  incident?: string;
  review?: string;
  approver?: string;
}

export interface GrantClosed extends EntryBase {
  type: 'grant.closed';
  grant: string;
  reason?: string;
}

export interface WaiverGranted extends EntryBase {
  type: 'waiver.granted';
  waiver: string;
  gate: string;
  actor?: string;
  expiresAt?: number;
  justification?: string;
}

export interface WaiverRevoked extends EntryBase {
  type: 'waiver.revoked';
  waiver: string;
}

export type LedgerEntry = GrantOpened | GrantClosed | WaiverGranted | WaiverRevoked;

export type LedgerProblemCode =
  | 'bad-json'
  | 'bad-field'
  | 'seq'
  | 'prev'
  | 'hash'
  | 'checkpoint-bad'
  | 'checkpoint-signature'
  | 'checkpoint-unknown-key'
  | 'checkpoint-head'
  | 'truncated'
  | 'unanchored'
  /** entries that chain correctly but contradict an earlier one (a grant opened twice, …): a warning */
  | 'inconsistent'
  /** an entry written after a verified checkpoint signed more than an hour after its `at`: a warning */
  | 'recorded-late';

export interface LedgerProblem {
  code: LedgerProblemCode;
  /** `error` breaks trust; `warning` (unanchored tail, inconsistent entries) does not */
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line in `file` */
  line: number;
  message: string;
}

export interface VerifiedCheckpoint {
  size: number;
  head: string;
  at: string;
  keyId: string;
  line: number;
}

export interface LedgerVerification {
  file: string;
  /** non-empty lines in the ledger file */
  lines: number;
  /** entries that parsed and validated (trusted or not) */
  entries: number;
  /** hash of the last line that parsed, or null for an empty ledger */
  head: string | null;
  /** true iff no problem of severity `error` */
  ok: boolean;
  /** first line at which verification failed; every entry on or after it is untrusted */
  firstBadLine: number | null;
  problems: LedgerProblem[];
  checkpoints: {
    file: string | null;
    count: number;
    lastVerified: VerifiedCheckpoint | null;
  };
  /** entries after the last verified checkpoint */
  unanchored: number;
}

export interface LedgerRead {
  /** every entry that parsed and validated, in file order */
  entries: LedgerEntry[];
  verification: LedgerVerification;
  /**
   * The last line naming each grant id (`"grant": "…"`), whether or not the line validated or
   * the join kept it: LEDGER_TAMPERED judges a use by every line of its grant (CONTRACT §7).
   */
  lastLineOfGrant: ReadonlyMap<string, number>;
  /** the ledger, checkpoints and public-key files, each digested from the bytes verified (absent when built in code) */
  files?: ({ path: string } & FileDigest)[];
}
