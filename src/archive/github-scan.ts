/**
 * The GitHub half of reading the archive (audit log + merged PRs), on a worker thread when the
 * audit log is large. It is most of the bytes a report reads (a million audit lines is ~400 MB)
 * and needs nothing else, so on a machine with two cores it runs beside the ledger and Jira,
 * which the main thread reads meanwhile. Small archives are read in-thread: starting a worker
 * costs more than it saves there. Both paths run the same scanners and give the same result
 * (`github-scan.test.ts`); errors cross the thread boundary as the same GlasstrailError.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditEvent } from '../domain/events.ts';
import { type ErrorRecord, rebuildError } from '../errors.ts';
import { createInterner } from '../util/text.ts';
import { type AuditScan, mergeAuditScans, scanAuditFiles } from './read-audit.ts';
import { type MergeGate, type MergesScan, mergeMergesScans, scanMerges } from './read-merges.ts';

export type FileRef = { path: string; rel: string };

export interface GithubScanRequest {
  auditFiles: FileRef[];
  mergeFiles: FileRef[];
  /** actions to keep (bypass + restore) */
  wanted: string[];
  window: { from: number; to: number };
  /** gate id → branch and repos: merged PRs into another branch or repo are not counted (scanMerges) */
  mergeGates?: Record<string, MergeGate>;
}

export interface GithubScan {
  audit: AuditScan;
  merges: MergesScan;
}

/** Audit logs at least this large are read on worker threads. */
export const OFF_THREAD_BYTES = 32 * 2 ** 20;

export type WorkerReply = { ok: true; scan: GithubScan } | { ok: false; error: ErrorRecord };

/** The scan itself, the same on either thread. Merges are read after the audit log, as before. */
export async function scanGithubFiles(request: GithubScanRequest): Promise<GithubScan> {
  const audit = await scanAuditFiles(request.auditFiles, { wanted: new Set(request.wanted), window: request.window });
  const merges = await scanMerges(request.mergeFiles, request.mergeGates);
  return { audit, merges };
}

export interface OffThreadOptions {
  /** audit logs this large or larger are read on worker threads (default OFF_THREAD_BYTES; Infinity: never) */
  offThreadBytes?: number;
  /** bytes the calling thread parses meanwhile (Jira issues, the ledger), to share the cores fairly */
  besideBytes?: number;
  /** cores to use (default: os.availableParallelism()) */
  cores?: number;
  /** told how many worker threads read the files (0: this thread did) */
  onPlan?: (workers: number) => void;
}

/**
 * A byte of Jira or ledger costs the calling thread about six times what a byte of audit log
 * costs a worker (each is parsed in full; most audit lines are dropped unparsed).
 */
const PARSED_BYTE_COST = 6;

/**
 * `scanGithubFiles`, on worker threads when the audit files add up to `offThreadBytes` or more.
 * With a core to spare beyond the calling thread's own work, the files (in reading order,
 * merged-PR files last) are cut into one contiguous part per core, balanced by size, each read
 * by its own worker; the parts are merged as if one scan had read them all in order. When the
 * calling thread has as much to do itself (a large Jira archive), one worker takes them all.
 */
export async function readGithubFiles(request: GithubScanRequest, options: OffThreadOptions = {}): Promise<GithubScan> {
  const cores = options.cores ?? availableParallelism();
  const inThread = (): Promise<GithubScan> => {
    options.onPlan?.(0);
    return scanGithubFiles(request);
  };
  if (cores < 2) return inThread();
  const auditSizes = await sizes(request.auditFiles);
  const auditBytes = sum(auditSizes);
  if (auditBytes < (options.offThreadBytes ?? OFF_THREAD_BYTES)) return inThread();
  const beside = (options.besideBytes ?? 0) * PARSED_BYTE_COST;
  const workers = beside >= auditBytes / 2 ? 1 : Math.min(cores, 4);
  const parts = splitRequest(request, auditSizes, await sizes(request.mergeFiles), workers);
  options.onPlan?.(parts.length);
  const scans = await inOrder(parts.map((part) => onWorker(part)));
  return internEvents(
    scans.reduce((a, b) => ({ audit: mergeAuditScans(a.audit, b.audit), merges: mergeMergesScans(a.merges, b.merges) })),
  );
}

/** `request` cut into at most `threads` contiguous parts of about equal bytes (audit files, then merged-PR files). */
export function splitRequest(request: GithubScanRequest, auditSizes: number[], mergeSizes: number[], threads: number): GithubScanRequest[] {
  const items = [
    ...request.auditFiles.map((file, i) => ({ file, bytes: auditSizes[i] ?? 0, merge: false })),
    ...request.mergeFiles.map((file, i) => ({ file, bytes: mergeSizes[i] ?? 0, merge: true })),
  ];
  const total = items.reduce((n, item) => n + item.bytes, 0);
  const parts: GithubScanRequest[] = [];
  let part: GithubScanRequest | undefined;
  let done = 0;
  for (const item of items) {
    // a new part starts when the bytes so far reach the next share of the total
    if (!part || (parts.length < threads && done >= (total * parts.length) / threads && (part.auditFiles.length > 0 || part.mergeFiles.length > 0))) {
      part = { auditFiles: [], mergeFiles: [], wanted: request.wanted, window: request.window, ...(request.mergeGates ? { mergeGates: request.mergeGates } : {}) };
      parts.push(part);
    }
    (item.merge ? part.mergeFiles : part.auditFiles).push(item.file);
    done += item.bytes;
  }
  return parts.length > 0 ? parts : [request];
}

async function sizes(files: readonly FileRef[]): Promise<number[]> {
  // A file that cannot be stat'ed is left for the scan to report, with its usual error.
  return Promise.all(files.map(async (file) => (await stat(file.path).catch(() => undefined))?.size ?? 0));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

interface Running {
  result: Promise<GithubScan>;
  stop(): void;
}

/**
 * All parts' scans, or the error an in-order read would have hit first: that of the earliest
 * failing part. Once a part fails, the parts after it cannot matter and are stopped; the ones
 * before it are still awaited (one of them may fail too, and its error comes first).
 */
async function inOrder(running: Running[]): Promise<GithubScan[]> {
  const outcomes = running.map((r, i) =>
    r.result.then(
      (scan) => ({ ok: true as const, scan }),
      (error: unknown) => {
        for (const later of running.slice(i + 1)) later.stop();
        return { ok: false as const, error };
      },
    ),
  );
  const scans: GithubScan[] = [];
  for (const outcome of outcomes) {
    const settled = await outcome;
    if (!settled.ok) throw settled.error;
    scans.push(settled.scan);
  }
  return scans;
}

function onWorker(request: GithubScanRequest): Running {
  // The checkout runs the TypeScript sources, the package the compiled ones: the worker is this
  // module's sibling either way.
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const worker = new Worker(new URL(`./github-scan-worker.${ext}`, import.meta.url), { workerData: request });
  let stopped = false;
  const result = new Promise<GithubScan>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.scan);
      else reject(rebuildError(reply.error));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      reject(stopped ? new Error('stopped: an earlier part failed') : new Error(`the audit-log reader thread stopped (exit code ${code}) before it answered`));
    });
  });
  return {
    result,
    stop() {
      stopped = true;
      void worker.terminate();
    },
  };
}

/**
 * A message arrives with its own copy of every string: share the texts that repeat across
 * events (actions, logins, repos, branches, file names), which live until rendering.
 */
function internEvents(scan: GithubScan): GithubScan {
  const intern = createInterner();
  const events: AuditEvent[] = scan.audit.events;
  for (const e of events) {
    e.action = intern(e.action);
    e.actor = intern(e.actor);
    e.repo = intern(e.repo);
    if (e.branch !== undefined) e.branch = intern(e.branch);
    e.source.file = intern(e.source.file);
  }
  return scan;
}
