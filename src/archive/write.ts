/**
 * Writing the archive folder (CONTRACT §4). Used by the collectors.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { ShapeError } from '../errors.ts';
import { GATE_ID_PATTERN } from '../domain/config.ts';
import { sha256Hex } from '../util/digest.ts';
import { cleanStaleTmp, readTextIfExists, writeAtomic } from './atomic.ts';
import { CORRUPT_FIX } from './lines.ts';

const STATE_FIX = "restore state.json from the archive's history (git) or a backup: collect and report read it first, and collect cannot rebuild it";

/** Write a file atomically: temp file in the same folder, fsync, rename, fsync the folder. Mode 0o600 by default; creates parent folders (0o700). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void> {
  // A writer killed mid-write leaves its temp file beside the target: the next write of the
  // same file sweeps it, so reruns leave the folder clean.
  await cleanStaleTmp(path);
  await writeAtomic(path, data, options?.mode);
}

/**
 * Merge records into one NDJSON segment: read the existing file (if any), add the records,
 * dedupe on `keyOf` (a later record with the same key replaces the earlier one only when
 * `replace` is true, else the first is kept), sort by `sortKey` then key, write atomically.
 * Returns how many keys were new, and the SHA-256 of the file as it now is (none when no file
 * was written: no records and no file before).
 */
export async function mergeNdjson<T>(
  path: string,
  records: readonly T[],
  options: { keyOf: (record: T) => string; sortKey?: (record: T) => string | number; replace?: boolean },
): Promise<{ added: number; total: number; sha256?: string }> {
  await cleanStaleTmp(path);
  const existing = await readNdjson<T>(path);
  // Lines already on disk are kept byte for byte, so a rerun cannot reformat history.
  const byKey = new Map<string, { record: T; line: string }>();
  for (const entry of existing?.entries ?? []) {
    const key = options.keyOf(entry.record);
    if (!byKey.has(key) || options.replace) byKey.set(key, entry);
  }
  let added = 0;
  for (const record of records) {
    const key = options.keyOf(record);
    const known = byKey.has(key);
    if (!known) added += 1;
    if (!known || options.replace) byKey.set(key, { record, line: JSON.stringify(record) });
  }
  if (existing === undefined && byKey.size === 0) return { added: 0, total: 0 };

  const sortKey = options.sortKey;
  const rows = [...byKey].map(([key, entry]) => ({ key, line: entry.line, sort: sortKey ? sortKey(entry.record) : 0 }));
  rows.sort((a, b) => compare(a.sort, b.sort) || compare(a.key, b.key));
  const text = rows.map((row) => `${row.line}\n`).join('');
  if (text !== existing?.text) await writeAtomic(path, text);
  return { added, total: rows.length, sha256: sha256Of(text) };
}

/** Code-unit order, not locale order: the file must not depend on the machine's locale. */
function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function readNdjson<T>(path: string): Promise<{ text: string; entries: { record: T; line: string }[] } | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  const out: { record: T; line: string }[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    try {
      out.push({ record: JSON.parse(line) as T, line });
    } catch (error) {
      throw new ShapeError('archive-corrupt', 'archive line is not valid JSON', { where: path, line: index + 1, fix: CORRUPT_FIX }, { cause: error });
    }
  }
  return { text, entries: out };
}

/** `"sha256:"` + hex SHA-256 of a file's text as collect wrote it. */
export function sha256Of(text: string | Uint8Array): string {
  return `sha256:${sha256Hex(text)}`;
}

/** A file's key in the inventory: its path inside the archive folder, `/`-separated. */
export function inventoryKey(archiveDir: string, path: string): string {
  return relative(archiveDir, path).split(sep).join('/');
}

/** `archive/state.json`: one entry per stream (`github.audit`, `github.rule-suites`, `github.merges`, `jira.issues`, ...). */
export interface ArchiveState {
  version: 1;
  streams: Record<string, StreamState>;
  /**
   * The inventory: every archive file collect has written, by its path inside the archive
   * folder, with the SHA-256 of what it wrote. `report` checks the files it reads against it,
   * so a file lost, cut short or edited after collect stops the report instead of silently
   * shrinking the population.
   */
  files?: Record<string, string>;
}

export interface StreamState {
  /** RFC 3339 UTC instant up to which the stream is complete */
  watermark?: string;
  /** when the stream was last collected (RFC 3339 UTC) */
  collectedAt?: string;
  [extra: string]: unknown;
}

const stateSchema = z.object({
  version: z.literal(1),
  streams: z.record(z.string(), z.looseObject({ watermark: z.string().optional(), collectedAt: z.string().optional() })),
  files: z.record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits')).optional(),
});

export async function readState(archiveDir: string): Promise<ArchiveState> {
  const path = archivePaths.state(archiveDir);
  const text = await readTextIfExists(path);
  if (text === undefined) return { version: 1, streams: {} };
  return parseState(text, path);
}

/**
 * Parse `state.json` text; `where` names the file in the error. A leading BOM is dropped: the
 * README has `files` edited by hand (a retired file), and Windows Notepad saved UTF-8 with one,
 * which JSON.parse refuses — and collect, told to mend it, read it the same way.
 */
export function parseState(text: string, where: string): ArchiveState {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ShapeError('archive-corrupt', 'state.json is not valid JSON', { where, fix: STATE_FIX }, { cause: error });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join('.') || '(root)';
    throw new ShapeError('archive-corrupt', `state.json has the wrong shape at ${at}: ${issue?.message ?? 'invalid'}`, { where, fix: STATE_FIX });
  }
  return parsed.data as ArchiveState;
}

/**
 * A watermark means "complete up to here". Did a run from `since` continue that span (start at or
 * before it)? With no readable watermark yet, every run does.
 */
export function continuesWatermark(previous: string | undefined, since: number): boolean {
  const mark = previous === undefined ? Number.NaN : Date.parse(previous);
  return !Number.isFinite(mark) || since <= mark;
}

/**
 * The watermark after a run over [since, until]: forward to until only when the run continued
 * the covered span. An explicit window after a hole (`--since` later than the watermark), or a
 * backfill before it, leaves it, and the next default run starts from there. Epoch ms.
 */
export function nextWatermark(previous: string | undefined, since: number, until: number): number {
  if (!continuesWatermark(previous, since)) return Date.parse(previous!);
  const mark = previous === undefined ? Number.NaN : Date.parse(previous);
  return Number.isFinite(mark) ? Math.max(mark, until) : until;
}

/** Updates of one state.json in this process run one after another (collectors run in parallel). */
const stateQueues = new Map<string, Promise<unknown>>();

/** Read-modify-write of state.json, atomically, queued behind this process's other updates of it. */
async function updateState(archiveDir: string, change: (current: ArchiveState) => ArchiveState): Promise<void> {
  const path = archivePaths.state(archiveDir);
  const previous = stateQueues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const current = await readState(archiveDir);
    const { files, ...rest } = change(current);
    const state: ArchiveState = { ...rest, ...(files && Object.keys(files).length > 0 ? { files } : {}) };
    await cleanStaleTmp(path);
    await writeAtomic(path, `${JSON.stringify(sortKeys(state), null, 2)}\n`);
  });
  stateQueues.set(path, next);
  try {
    await next;
  } finally {
    if (stateQueues.get(path) === next) stateQueues.delete(path);
  }
}

/**
 * Update one stream's state atomically (read-modify-write of state.json). The given fields
 * are merged over the stream's stored fields, so a collector that only moves its watermark
 * keeps the other cursors; a field set to `undefined` is removed. `files` (inventory key →
 * digest, see `ArchiveState.files`) are merged into the inventory: the files this run wrote.
 */
export async function updateStreamState(archiveDir: string, stream: string, state: StreamState, files?: Record<string, string>): Promise<void> {
  await updateState(archiveDir, (current) => ({
    version: 1,
    streams: { ...current.streams, [stream]: { ...current.streams[stream], ...state } },
    files: { ...current.files, ...files },
  }));
}

/**
 * Only the inventory: for a collector that fails after writing some files. Its cursors stay (the
 * failed part is pulled again), but the files are recorded as they now are, so the report reads
 * the archive as it is and says INCOMPLETE, rather than taking the new bytes for damage.
 */
export async function recordFiles(archiveDir: string, files: Record<string, string>): Promise<void> {
  if (Object.keys(files).length === 0) return;
  await updateState(archiveDir, (current) => ({ ...current, files: { ...current.files, ...files } }));
}

/** The files collect writes, by inventory key (day files by UTC day, merges by gate id). */
export const COLLECTED_FILE = /^(?:github\/(?:audit|rule-suites)\/\d{4}-\d{2}-\d{2}\.ndjson|github\/merges\/[^/]+\.ndjson|jira\/issues\.ndjson|jira\/statuses\.json)$/;

/**
 * An archive collected before the inventory existed (streams recorded, no `files`): record the
 * files collect would have written, as they are now, once. Without it, the history written
 * before an upgrade would stay outside the check for good. Returns how many were recorded.
 */
export async function adoptInventory(archiveDir: string): Promise<number> {
  const state = await readState(archiveDir);
  if (state.files !== undefined || Object.keys(state.streams).length === 0) return 0;
  const files: Record<string, string> = {};
  for (const dir of ['github/audit', 'github/rule-suites', 'github/merges', 'jira']) {
    let entries;
    try {
      entries = await readdir(join(archiveDir, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const key = `${dir}/${entry.name}`;
      if (entry.isFile() && COLLECTED_FILE.test(key)) files[key] = sha256Of(await readFile(join(archiveDir, dir, entry.name)));
    }
  }
  await recordFiles(archiveDir, files);
  return Object.keys(files).length;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** `YYYY-MM-DD` of an instant in UTC: segments are cut by UTC day so every machine agrees. */
function utcDay(epochMs: number): string {
  if (!Number.isFinite(epochMs)) {
    throw new ShapeError('archive-bad-time', `cannot place an event with time ${String(epochMs)} in a segment`, {
      fix: 'the source returned an entry without a valid timestamp; report it to the glasstrail maintainers',
    });
  }
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Archive layout paths (CONTRACT §4). */
export const archivePaths = {
  auditDir(archiveDir: string): string {
    return join(archiveDir, 'github', 'audit');
  },
  /** `github/audit/YYYY-MM-DD.ndjson` by the UTC day of `epochMs` */
  auditSegment(archiveDir: string, epochMs: number): string {
    return join(archivePaths.auditDir(archiveDir), `${utcDay(epochMs)}.ndjson`);
  },
  ruleSuitesDir(archiveDir: string): string {
    return join(archiveDir, 'github', 'rule-suites');
  },
  ruleSuiteSegment(archiveDir: string, epochMs: number): string {
    return join(archivePaths.ruleSuitesDir(archiveDir), `${utcDay(epochMs)}.ndjson`);
  },
  mergesFile(archiveDir: string, gateId: string): string {
    // The config schema allows only such ids; a file name must never climb out of the folder.
    if (!GATE_ID_PATTERN.test(gateId)) throw new Error(`gate id ${JSON.stringify(gateId)} cannot name an archive file`);
    return join(archiveDir, 'github', 'merges', `${gateId}.ndjson`);
  },
  jiraIssues(archiveDir: string): string {
    return join(archiveDir, 'jira', 'issues.ndjson');
  },
  jiraStatuses(archiveDir: string): string {
    return join(archiveDir, 'jira', 'statuses.json');
  },
  state(archiveDir: string): string {
    return join(archiveDir, 'state.json');
  },
};

export type { StreamSummary } from '../domain/collect.ts';
