/**
 * Audit-log files under `archive/github/audit/`: our NDJSON segments plus any GitHub export
 * dropped there (`*.json` array or NDJSON, `*.json.gz`). Memory grows with the kept
 * bypass/restore events, not with the archive: every other entry is checked, counted and
 * dropped line by line.
 */
import type { AuditEvent } from '../domain/events.ts';
import { ShapeError } from '../errors.ts';
import { auditEntrySchema, derivedId, entryInstant, toAuditEvent } from './audit-entry.ts';
import { CORRUPT_FIX, readEntries, type RawEntry } from './lines.ts';
import type { InputFile } from '../domain/report.ts';

export interface AuditScan {
  /** wanted events inside the window, deduplicated (not yet sorted) */
  events: AuditEvent[];
  files: number;
  lines: number;
  duplicates: number;
  earliest: number | null;
  latest: number | null;
  /** some entry had no `_document_id` and got a derived id */
  derivedIds: boolean;
  inputs: InputFile[];
}

export interface AuditScanOptions {
  /** actions to keep (bypass + restore) */
  wanted: ReadonlySet<string>;
  window: { from: number; to: number };
}

/** `files`: absolute path and the path to name in errors and inputs, in reading order. */
export async function scanAuditFiles(files: readonly { path: string; rel: string }[], options: AuditScanOptions): Promise<AuditScan> {
  const scan: AuditScan = { events: [], files: 0, lines: 0, duplicates: 0, earliest: null, latest: null, derivedIds: false, inputs: [] };
  const seen = new Set<string>();
  const mayBeWanted = prefilter(options.wanted);
  const track = (at: number): void => {
    if (scan.earliest === null || at < scan.earliest) scan.earliest = at;
    if (scan.latest === null || at > scan.latest) scan.latest = at;
  };

  const take = (raw: RawEntry, rel: string): void => {
    scan.lines += 1;
    if ('text' in raw && !mayBeWanted(raw.text)) {
      const at = quickInstant(raw.text);
      // Fast path only for lines that look whole; anything odd gets the full parse below.
      if (at !== undefined) {
        track(at);
        return;
      }
    }
    const { entry, at } = parseEntry(raw, rel);
    track(at);
    if (!options.wanted.has(entry.action)) return;
    let id = entry._document_id;
    if (id === undefined || id === '') {
      id = derivedId(entry);
      scan.derivedIds = true;
    }
    if (seen.has(id)) {
      scan.duplicates += 1;
      return;
    }
    seen.add(id);
    if (at < options.window.from || at >= options.window.to) return;
    scan.events.push(toAuditEvent(entry, at, id, { file: rel, line: raw.line }));
  };

  for (const file of files) {
    const reader = readEntries(file.path, file.rel, { gzip: file.path.endsWith('.gz'), allowArray: true });
    for await (const batch of reader.batches) {
      for (const raw of batch) take(raw, file.rel);
    }
    scan.files += 1;
    scan.inputs.push({ path: file.rel, ...reader.digest() });
  }
  return scan;
}

function parseEntry(raw: RawEntry, where: string) {
  let value: unknown;
  if ('text' in raw) {
    try {
      value = JSON.parse(raw.text);
    } catch (error) {
      throw new ShapeError('archive-corrupt', 'audit-log line is not valid JSON', { where, line: raw.line, fix: CORRUPT_FIX }, { cause: error });
    }
  } else {
    value = raw.value;
  }
  const parsed = auditEntrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(entry)';
    throw new ShapeError('archive-corrupt', `audit-log entry has a bad or missing ${field}: ${issue?.message ?? 'invalid'}`, { where, line: raw.line, fix: CORRUPT_FIX });
  }
  const at = entryInstant(parsed.data);
  if (at === undefined) {
    throw new ShapeError('archive-corrupt', 'audit-log entry has no valid created_at or @timestamp', { where, line: raw.line, fix: CORRUPT_FIX });
  }
  return { entry: parsed.data, at };
}

/**
 * A cheap test on the raw line: false only when the line cannot hold a wanted action. A
 * wanted action inside JSON text is always its literal characters unless written with a
 * `\u` escape, so lines with one go to the full parse too. Actions are grouped by their
 * `family.` prefix so a typical noise line costs a few substring scans.
 */
export function prefilter(wanted: ReadonlySet<string>): (line: string) => boolean {
  const families = new Map<string, string[]>();
  for (const action of wanted) {
    const dot = action.indexOf('.');
    const family = dot === -1 ? action : action.slice(0, dot + 1);
    families.set(family, [...(families.get(family) ?? []), action]);
  }
  const groups = [...families];
  return (line) => {
    if (line.includes('\\u')) return true;
    for (const [family, actions] of groups) {
      if (!line.includes(family)) continue;
      for (const action of actions) if (line.includes(action)) return true;
    }
    return false;
  };
}

const ACTION_RE = /"action"\s*:\s*"/;
const TIMESTAMP_RE = /"(?:created_at|@timestamp)"\s*:\s*(?:(-?\d+(?:\.\d+)?)|"([^"\\]*)")/;

/**
 * The instant of a line we are about to drop, without JSON.parse. Returns undefined unless
 * the line looks like one whole object with an action and a timestamp; the caller then
 * parses it fully, so a truncated or bad line still fails loudly. (Bad JSON in the middle
 * of a whole-looking noise line is the one thing this fast path does not see.)
 */
function quickInstant(line: string): number | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}') || !ACTION_RE.test(text)) return undefined;
  const match = TIMESTAMP_RE.exec(text);
  if (!match) return undefined;
  return entryInstant({ created_at: match[1] !== undefined ? Number(match[1]) : match[2] });
}
