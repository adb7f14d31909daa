/**
 * Reading the archive folder (CONTRACT §4) for `report`: bypass and restore events in the
 * window, merged PRs, review tickets, and the population statement of what was read.
 */
import { readFileSync } from 'node:fs';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type AuditEvent, RESTORE_ACTIONS } from '../domain/events.ts';
import type { InputFile, Population } from '../domain/report.ts';
import type { ReviewTicket, StatusCategory } from '../domain/review.ts';
import { ShapeError } from '../errors.ts';
import { formatLocal, formatUtc } from '../time/index.ts';
import { type OffThreadOptions, readGithubFiles } from './github-scan.ts';
import { scanJira } from './read-jira.ts';
import type { MergeGate, MergeTime } from './read-merges.ts';
import { scanRuleSuites } from './read-rule-suites.ts';
import { checkInventory, dayFileOutside, dayOfFile } from './inventory.ts';
import { archivePaths, inventoryKey, parseState } from './write.ts';
import { fileDigest, sha256Hex } from '../util/digest.ts';
import { listSome } from '../util/text.ts';

export interface ArchiveReadOptions {
  archiveDir: string;
  /** only events with window.from <= at < window.to are kept (instants, epoch ms) */
  window: { from: number; to: number };
  /** the configured zone: the instants in the population notes are written in it (default UTC) */
  zone?: string;
  /** audit-log actions that count as bypasses (countedBypassActions) */
  bypassActions: readonly string[];
  /** org used to qualify rule-suite repository_name (`<org>/<repository_name>`) */
  githubOrg?: string;
  /** gate id → its branch and repos (former names too, lower case): merged PRs into another branch or repo are not counted */
  mergeGates?: Record<string, MergeGate>;
  /** field ids; `reviewerName` when the config named the reviewer field (older changelog items carry only the name) */
  jiraFields: { reviewer?: string; followUp?: string; reviewerName?: string };
  /** jira.statusCategories: categories of statuses the archive does not know */
  statusCategories?: Readonly<Record<string, StatusCategory>>;
  /** base folder for relative paths in InputFile.path (the config file's folder) */
  baseDir: string;
  /** how the audit log may be read on worker threads (github-scan.ts) */
  offThread?: OffThreadOptions;
}

export interface ArchiveRead {
  /** bypass events + restore events (protected_branch.create, repository_ruleset.create,
   *  repository_branch_protection_evaluation.enable) inside the window, deduplicated on id, sorted by at then id */
  events: AuditEvent[];
  merges: Map<string, MergeTime[]>; // gate id -> merged PRs' numbers and times (all in file; caller filters by period)
  tickets: Map<string, ReviewTicket>; // Jira key -> ticket
  population: Population;
  inputs: InputFile[]; // every file read, with sha256 + bytes, sorted by path
}

export { RESTORE_ACTIONS };

type FileRef = { path: string; rel: string };

export async function readArchive(options: ArchiveReadOptions): Promise<ArchiveRead> {
  const { archiveDir, baseDir } = options;
  const rel = (path: string): string => relativePath(baseDir, path);
  const ref = (path: string): FileRef => ({ path, rel: rel(path) });
  const population = emptyPopulation(rel(archiveDir));

  if (!(await isDirectory(archiveDir))) {
    population.notes.push(`the archive folder ${population.archive} does not exist: no GitHub or Jira data was read (run glasstrail collect)`);
    return { events: [], merges: new Map(), tickets: new Map(), population, inputs: [] };
  }

  const statePath = archivePaths.state(archiveDir);
  const stateBytes = (await isFile(statePath)) ? await readFile(statePath) : undefined;
  const state = stateBytes ? parseState(stateBytes.toString('utf8'), rel(statePath)) : undefined;
  const inventory = state?.files;

  // Day files wholly outside the window hold nothing this report reads: they are not opened (an
  // archive kept in git for years is not re-read for each quarter), only counted and named by
  // their days in the population notes. Only the day files collect wrote (state.json lists them)
  // are known to hold their day's events and no other: a file of that name dropped in by hand
  // is an export like any other (CONTRACT §4), read whatever its name says.
  const skipped: string[] = [];
  const inWindow = (path: string): boolean => {
    const k = inventoryKey(archiveDir, path);
    if (inventory?.[k] === undefined || !dayFileOutside(k, options.window)) return true;
    skipped.push(k);
    return false;
  };
  const auditFiles = (await listFiles(archivePaths.auditDir(archiveDir), isAuditFile, true)).filter(inWindow).map(ref);
  const mergeFiles = (await listFiles(join(archiveDir, 'github', 'merges'), isNdjson, false)).map(ref);
  // The audit log (and merged PRs) may be read on a worker thread: started first, it runs
  // beside the rule suites and Jira here (and the ledger, read by the caller meanwhile).
  const issuesPath = archivePaths.jiraIssues(archiveDir);
  const statusesPath = archivePaths.jiraStatuses(archiveDir);
  const issues = (await isFile(issuesPath)) ? await stat(issuesPath) : undefined;
  const besideBytes = (options.offThread?.besideBytes ?? 0) + (issues?.size ?? 0);
  const github = settle(
    readGithubFiles(
      { auditFiles, mergeFiles, wanted: [...new Set([...options.bypassActions, ...RESTORE_ACTIONS])], window: options.window, ...(options.mergeGates ? { mergeGates: options.mergeGates } : {}) },
      { ...options.offThread, besideBytes },
    ),
  );
  const suiteFiles = (await listFiles(archivePaths.ruleSuitesDir(archiveDir), isNdjson, false)).filter(inWindow).map(ref);
  const suitesRead = await settle(scanRuleSuites(suiteFiles, { window: options.window, ...(options.githubOrg ? { githubOrg: options.githubOrg } : {}) }));
  const statuses = await isFile(statusesPath);
  const jiraRead = await settle(
    scanJira(
      {
        ...(issues ? { issues: ref(issuesPath) } : {}),
        ...(statuses ? { statuses: ref(statusesPath) } : {}),
      },
      options.jiraFields,
      options.statusCategories,
    ),
  );
  // Errors in the order the sources were always read: audit log and merges, suites, Jira.
  const { audit, merges } = unwrap(await github);
  const suites = unwrap(suitesRead);
  const jira = unwrap(jiraRead);

  const bypass = new Set(options.bypassActions);
  population.auditEvents = {
    files: audit.files,
    lines: audit.lines,
    duplicates: audit.duplicates,
    bypassEvents: audit.events.filter((e) => bypass.has(e.action)).length,
    earliest: audit.earliest,
    latest: audit.latest,
  };
  population.ruleSuites = { files: suites.files, bypasses: suites.bypasses, earliest: suites.earliest, latest: suites.latest };
  population.merges = { gates: merges.merges.size, prs: merges.prs };
  for (const [gate, { otherBranch, otherRepo }] of [...merges.notCounted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = options.mergeGates?.[gate];
    const parts = [
      ...(otherRepo > 0 ? [`${otherRepo} of another repo than the gate's (${target?.repos.join(', ') ?? '?'})`] : []),
      ...(otherBranch > 0 ? [`${otherBranch} into another branch than the gate's (${target?.branch ?? '?'})`] : []),
    ];
    population.notes.push(`github/merges/${gate}.ndjson: merged PRs not counted, collected while the gate pointed elsewhere: ${parts.join('; ')}`);
  }
  // distinct issues: a moved issue is also filed under its former keys
  population.jira = { issues: new Set(jira.tickets.values()).size, statusCatalogue: jira.statusCatalogue };

  const inputs = [...audit.inputs, ...suites.inputs, ...merges.inputs, ...jira.inputs];
  if (state && stateBytes) {
    population.state = state.streams;
    inputs.push({ path: rel(statePath), ...fileDigest(stateBytes) });
  }
  // Every successful Jira collect writes the issues file (empty when no issue matched) and the
  // status catalogue. Without the issues file while state.json says Jira was collected, that
  // part of the archive was lost, and every review would read as missing.
  if (population.state['jira.issues'] !== undefined && !issues) {
    throw new ShapeError('archive-incomplete', `the Jira part of the archive is missing (no jira/issues.ndjson${statuses ? '' : ', no jira/statuses.json'}), yet state.json records a Jira collect`, {
      where: rel(issuesPath),
      fix: 'restore the archive folder from backup; or, to start Jira over, remove "jira.issues" from state.json and run glasstrail collect',
    });
  }
  // Then every file collect wrote that this report depends on must be there as written.
  if (inventory) {
    const onlyLineEnds = (key: string, recorded: string): boolean => crlfOf(join(archiveDir, key), recorded);
    const checked = checkInventory({ files: inventory, inputs, rel: (key) => rel(join(archiveDir, key)), window: options.window, onlyLineEnds });
    population.notes.push(`state.json lists ${Object.keys(inventory).length} archive files as collect wrote them (SHA-256); the ${checked} this report needs are all there, unchanged`);
    // The inventory sees loss and change, never addition: a file dropped in by hand is read as
    // GitHub's word (an export can add a restore or a bypass), so the evidence names each one.
    const listed = new Set(Object.keys(inventory).map((key) => rel(join(archiveDir, key))));
    const added = inputs.map((input) => input.path).filter((path) => path !== rel(statePath) && !listed.has(path)).sort();
    if (added.length > 0) population.notes.push(addedNote(added));
  } else if (Object.keys(population.state).length > 0) {
    population.notes.push('state.json lists no archive files (collected before glasstrail kept an inventory): a file lost from the archive could not be noticed; the next collect records them');
  }

  if (audit.derivedIds) {
    population.notes.push('some audit-log entries have no _document_id; their ids are derived from the entry content (x- + sha256 prefix)');
  }
  // in the configured zone with its offset, like every other time in the evidence
  const when = (ms: number): string => (options.zone ? formatLocal(ms, options.zone) : formatUtc(ms));
  if (audit.earliest !== null && audit.latest !== null) {
    population.notes.push(
      `GitHub keeps audit-log web events for 180 days; the audit entries read span ${when(audit.earliest)} – ${when(audit.latest)}` +
        // the day files read may hold entries after as-of (or before the window): read, not used
        (audit.latest >= options.window.to || audit.earliest < options.window.from ? ' (only those in the report\'s window count; the rest have not happened by as-of, or lie before the period)' : ''),
    );
  }
  population.notes.push(
    suites.earliest !== null && suites.latest !== null
      ? `rule suites reach back about 30 days from each collect; the rule suites read span ${when(suites.earliest)} – ${when(suites.latest)}`
      : 'rule suites reach back about 30 days from each collect; none was read',
  );
  if (skipped.length > 0) population.notes.push(skippedNote(skipped));
  population.notes.push(...jira.notes);

  const events = [...audit.events, ...suites.events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { events, merges: merges.merges, tickets: jira.tickets, population, inputs };
}

/** The archive files read that collect did not write (not in the inventory), named up to a few. */
function addedNote(paths: readonly string[]): string {
  const one = paths.length === 1;
  return `${paths.length} archive ${one ? 'file' : 'files'} read ${one ? 'is' : 'are'} not in that inventory (dropped in by hand, not written by collect) and ${one ? 'was' : 'were'} read as ${one ? 'it is' : 'they are'}: ${listSome(paths, 5, ', ')}`;
}

/** The day files not read, by stream and by the span of their UTC days. */
function skippedNote(keys: readonly string[]): string {
  const part = (stream: 'audit' | 'rule-suites', name: string): string | undefined => {
    const days = keys.filter((k) => k.startsWith(`github/${stream}/`)).map((k) => dayOfFile(k)!).sort();
    if (days.length === 0) return undefined;
    return `${days.length} of the ${name} (UTC ${days.length > 1 ? `days ${days[0]} to ${days.at(-1)}` : `day ${days[0]}`})`;
  };
  const parts = [part('audit', 'audit log'), part('rule-suites', 'rule suites')].filter((p) => p !== undefined);
  return `${keys.length} day ${keys.length === 1 ? 'file lies' : 'files lie'} wholly outside this report's window and ${keys.length === 1 ? 'was' : 'were'} not read: ${parts.join('; ')}`;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so several can run at once and fail in a fixed order. */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

export function unwrap<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}

function emptyPopulation(archive: string): Population {
  return {
    archive,
    auditEvents: { files: 0, lines: 0, duplicates: 0, bypassEvents: 0, earliest: null, latest: null },
    ruleSuites: { files: 0, bypasses: 0, earliest: null, latest: null },
    merges: { gates: 0, prs: 0 },
    jira: { issues: 0, statusCatalogue: false },
    state: {},
    notes: [],
    coverageGaps: [],
  };
}

/** `/`-separated and relative to the config's folder, so evidence does not depend on the machine. */
export function relativePath(baseDir: string, path: string): string {
  return relative(baseDir, path).split(sep).join('/') || '.';
}

function isAuditFile(name: string): boolean {
  return name.endsWith('.ndjson') || name.endsWith('.json') || name.endsWith('.json.gz');
}

function isNdjson(name: string): boolean {
  return name.endsWith('.ndjson');
}

/** Files (not hidden: our `.tmp` files start with a dot) under `dir`, sorted by path; a missing folder is empty. */
async function listFiles(dir: string, match: (name: string) => boolean, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || !match(e.name)) continue;
    const path = join(e.parentPath, e.name);
    // A folder or a link named like an archive file is not skipped: the data it stands for would be missing.
    if (e.isFile() || (await isFile(path))) files.push(path);
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** stat, or undefined when nothing is there; any other failure (permissions, I/O) is thrown, not taken for absence. */
async function statIfThere(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A link whose target is gone is something there that cannot be read, not nothing.
      if (code === 'ENOENT' && (await lstat(path).catch(() => undefined))?.isSymbolicLink()) throw notAFile(path, 'is a link to a file that does not exist');
      return undefined;
    }
    throw error;
  }
}

/** An archive path that holds something other than a readable file: exit 3, never read as empty. */
function notAFile(path: string, what: string): ShapeError {
  return new ShapeError('archive-not-a-file', `${what}, so the archive cannot be read completely`, {
    where: path,
    fix: 'restore that file from backup (or remove it, and run glasstrail collect to fetch it again)',
  });
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await statIfThere(path))?.isDirectory() ?? false;
}

/** Whether an archive file is there. Something else at its path (a folder, a dangling link) is an error, not absence. */
export async function isFile(path: string): Promise<boolean> {
  const stats = await statIfThere(path);
  if (stats === undefined) return false;
  if (!stats.isFile()) throw notAFile(path, stats.isDirectory() ? 'is a folder, not a file' : 'is not a regular file');
  return true;
}

/**
 * True when the file at `path` holds CRLF line ends and, with them made LF, hashes to `recorded`
 * (`sha256:<hex>`). Read only to explain a digest that differs, so once per failed report.
 */
function crlfOf(path: string, recorded: string): boolean {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return false;
  }
  if (!bytes.includes('\r\n')) return false;
  // latin1 keeps every byte as it is: only the CR before each LF goes
  return `sha256:${sha256Hex(Buffer.from(bytes.toString('latin1').replaceAll('\r\n', '\n'), 'latin1'))}` === recorded;
}
