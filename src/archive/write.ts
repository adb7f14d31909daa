/**
 * Writing the archive folder (CONTRACT §4). Used by the collectors.
 * STUB: signatures are the contract between modules; the implementation lands next.
 */

/** Write a file atomically: temp file in the same folder, fsync, rename, fsync the folder. Mode 0o600 by default; creates parent folders (0o700). */
export declare function writeFileAtomic(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void>;

/**
 * Merge records into one NDJSON segment: read the existing file (if any), add the records,
 * dedupe on `keyOf` (a later record with the same key replaces the earlier one only when
 * `replace` is true, else the first is kept), sort by `sortKey` then key, write atomically.
 * Returns how many keys were new.
 */
export declare function mergeNdjson<T>(
  path: string,
  records: readonly T[],
  options: { keyOf: (record: T) => string; sortKey?: (record: T) => string | number; replace?: boolean },
): Promise<{ added: number; total: number }>;

/** `archive/state.json`: one entry per stream (`github.audit`, `github.rule-suites`, `github.merges`, `jira.issues`, ...). */
export interface ArchiveState {
  version: 1;
  streams: Record<string, StreamState>;
}

export interface StreamState {
  /** RFC 3339 UTC instant up to which the stream is complete */
  watermark?: string;
  /** when the stream was last collected (RFC 3339 UTC) */
  collectedAt?: string;
  [extra: string]: unknown;
}

export declare function readState(archiveDir: string): Promise<ArchiveState>;
/** Update one stream's state atomically (read-modify-write of state.json). */
export declare function updateStreamState(archiveDir: string, stream: string, state: StreamState): Promise<void>;

/** Archive layout paths (CONTRACT §4). */
export declare const archivePaths: {
  auditDir(archiveDir: string): string;
  /** `github/audit/YYYY-MM-DD.ndjson` by the UTC day of `epochMs` */
  auditSegment(archiveDir: string, epochMs: number): string;
  ruleSuitesDir(archiveDir: string): string;
  ruleSuiteSegment(archiveDir: string, epochMs: number): string;
  mergesFile(archiveDir: string, gateId: string): string;
  jiraIssues(archiveDir: string): string;
  jiraStatuses(archiveDir: string): string;
  state(archiveDir: string): string;
};
