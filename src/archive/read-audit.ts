/**
 * Audit-log files under `archive/github/audit/`: our NDJSON segments plus any GitHub export
 * dropped there (`*.json` array or NDJSON, `*.json.gz`). Memory grows with the kept
 * bypass/restore events, not with the archive: every other entry is checked, counted and
 * dropped line by line.
 */
import { isUtf8 } from 'node:buffer';
import type { AuditEvent } from '../domain/events.ts';
import { ShapeError } from '../errors.ts';
import { auditEntrySchema, derivedId, EARLIEST_AUDIT_MS, entryInstant, toAuditEvent } from './audit-entry.ts';
import { forEachByteLine, JSON_ARRAY } from './byte-lines.ts';
import { conflictingCopy, CORRUPT_FIX, notUtf8, readEntries, type RawEntry } from './lines.ts';
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
  /**
   * Every wanted entry read (kept, or outside the window), first occurrence first: what
   * `mergeAuditScans` needs to count an entry repeated in a later part as a duplicate, and to
   * refuse one whose copies disagree.
   */
  ids: AuditCopy[];
}

/** The first copy of an entry: its id, what the report reads of it, and where it is. */
export interface AuditCopy {
  id: string;
  /** action, actor, instant, repo, branch and ruleset, as the report reads them */
  print: string;
  file: string;
  line: number;
}

/**
 * The time to the whole second: an export may write it as ISO text without the milliseconds the
 * API gives (`…:20Z` for `…:20.936`). Within one second a copy cannot cross a period's bounds,
 * which are whole seconds, so nothing a report decides can be moved that way.
 */
function printOf(event: AuditEvent): string {
  return JSON.stringify([event.action, event.actor, Math.floor(event.at / 1000), event.repo, event.branch ?? null, event.rulesetId ?? null, event.rulesetName ?? null]);
}

/** Two copies of one `_document_id` that differ in what the report reads of them (lines.ts conflictingCopy). */
function conflicting(id: string, first: AuditCopy, file: string, line: number): ShapeError {
  return conflictingCopy(`audit-log entry ${id}`, 'action, actor, time, repo, branch or ruleset', first, file, line);
}

export interface AuditScanOptions {
  /** actions to keep (bypass + restore) */
  wanted: ReadonlySet<string>;
  window: { from: number; to: number };
}

/** `files`: absolute path and the path to name in errors and inputs, in reading order. */
export async function scanAuditFiles(files: readonly { path: string; rel: string }[], options: AuditScanOptions): Promise<AuditScan> {
  const scan: AuditScan = { events: [], files: 0, lines: 0, duplicates: 0, earliest: null, latest: null, derivedIds: false, inputs: [], ids: [] };
  const seen = new Map<string, AuditCopy>();
  const mayBeWanted = prefilter(options.wanted);
  // The latin1 view of a line (byte-lines.ts) only matches ASCII actions exactly: GitHub's are.
  const asciiWanted = [...options.wanted].every((action) => /^[\x20-\x7e]*$/.test(action));
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
    const event = toAuditEvent(entry, at, id, { file: rel, line: raw.line });
    const print = printOf(event);
    const first = seen.get(id);
    if (first !== undefined) {
      if (first.print !== print) throw conflicting(id, first, rel, raw.line);
      scan.duplicates += 1;
      return;
    }
    seen.set(id, { id, print, file: rel, line: raw.line });
    if (at < options.window.from || at >= options.window.to) return;
    scan.events.push(event);
  };

  for (const file of files) {
    const gzip = file.path.endsWith('.gz');
    if (asciiWanted && !gzip) {
      // NDJSON, the archive's own format: most lines are dropped on their latin1 view (see
      // byte-lines.ts); only the others are decoded and parsed.
      const digest = await forEachByteLine(file.path, file.rel, (line, latin1, bytes, start, end) => {
        if (!mayBeWanted(latin1)) {
          const at = quickInstant(latin1);
          if (at !== undefined) {
            scan.lines += 1;
            track(at);
            return;
          }
        }
        const text = bytes.toString('utf8', start, end);
        // bytes that are not UTF-8 are corruption, not U+FFFD in an actor's name
        if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) {
          throw notUtf8(file.rel, line);
        }
        if (text.trim() === '') return; // blank lines are skipped, as readEntries does
        take({ line, text }, file.rel);
      });
      if (digest !== JSON_ARRAY) {
        scan.files += 1;
        scan.inputs.push({ path: file.rel, ...digest });
        continue;
      }
    }
    // GitHub's exports (gzip, or one JSON array), or a configured action that is not ASCII: read the general way.
    const reader = readEntries(file.path, file.rel, { gzip, allowArray: true });
    for await (const batch of reader.batches) {
      for (const raw of batch) take(raw, file.rel);
    }
    scan.files += 1;
    scan.inputs.push({ path: file.rel, ...reader.digest() });
  }
  scan.ids = [...seen.values()];
  return scan;
}

/**
 * The scan of files `a` then files `b`, from the scans of each part: exactly what one
 * `scanAuditFiles` over all of them in that order gives (an entry of `b` already read in `a`
 * is a duplicate, and the copy in `a` is the one kept).
 */
export function mergeAuditScans(a: AuditScan, b: AuditScan): AuditScan {
  const earlier = new Map(a.ids.map((copy) => [copy.id, copy]));
  let repeated = 0;
  for (const copy of b.ids) {
    const first = earlier.get(copy.id);
    if (first === undefined) continue;
    if (first.print !== copy.print) throw conflicting(copy.id, first, copy.file, copy.line);
    repeated++;
  }
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number): number | null => (x === null ? y : y === null ? x : f(x, y));
  return {
    events: [...a.events, ...b.events.filter((e) => !earlier.has(e.id))],
    files: a.files + b.files,
    lines: a.lines + b.lines,
    duplicates: a.duplicates + b.duplicates + repeated,
    earliest: pick(a.earliest, b.earliest, Math.min),
    latest: pick(a.latest, b.latest, Math.max),
    derivedIds: a.derivedIds || b.derivedIds,
    inputs: [...a.inputs, ...b.inputs],
    ids: [...a.ids, ...b.ids.filter((copy) => !earlier.has(copy.id))],
  };
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
    const given = parsed.data.created_at ?? parsed.data['@timestamp'];
    const seconds = typeof given === 'number' && given > 0 && given < EARLIEST_AUDIT_MS;
    throw new ShapeError(
      'archive-corrupt',
      seconds
        ? `audit-log entry time ${given} is before 2008 read as epoch milliseconds (GitHub's unit): seconds?`
        : 'audit-log entry has no valid created_at or @timestamp (epoch milliseconds or an ISO 8601 instant, not before 2008)',
      { where, line: raw.line, fix: seconds ? 'convert the file\'s times to epoch milliseconds (× 1000), as the GitHub audit-log API gives them' : CORRUPT_FIX },
    );
  }
  return { entry: parsed.data, at };
}

/**
 * A cheap test on the raw line: false only when the line cannot hold a wanted action. The
 * action is a JSON string value after an `"action"` key; every such key in the line (nested
 * ones and repeated ones too) is looked at, and the line passes when any of their values is
 * wanted. A key or value written with a `\u` escape is not its literal characters, so lines
 * with one pass to the full parse, as do values with any other escape. Two substring scans
 * per noise line, whatever the number of wanted actions.
 */
export function prefilter(wanted: ReadonlySet<string>): (line: string) => boolean {
  return (line) => {
    if (line.includes('\\u')) return true;
    for (let at = line.indexOf(ACTION_KEY); at !== -1; at = line.indexOf(ACTION_KEY, at + ACTION_KEY.length)) {
      let i = at + ACTION_KEY.length;
      while (isJsonSpace(line.charCodeAt(i))) i++;
      if (line.charCodeAt(i) !== COLON) continue; // "action" as a value, not a key
      i++;
      while (isJsonSpace(line.charCodeAt(i))) i++;
      if (line.charCodeAt(i) !== QUOTE) continue; // not a string: never a wanted action
      const end = line.indexOf('"', i + 1);
      if (end === -1) return true; // a cut line: the parse will say what is wrong
      const value = line.slice(i + 1, end);
      if (value.includes('\\') || wanted.has(value)) return true;
    }
    return false;
  };
}

const ACTION_KEY = '"action"';
const COLON = 0x3a;
const QUOTE = 0x22;

/** Without JSON's own whitespace at either end (space, tab, CR, LF; not Unicode spaces, which JSON rejects). */
function trimJsonSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJsonSpace(text.charCodeAt(start))) start++;
  while (end > start && isJsonSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
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
  const text = trimJsonSpace(line);
  if (!text.startsWith('{') || !text.endsWith('}') || !ACTION_RE.test(text)) return undefined;
  const match = TIMESTAMP_RE.exec(text);
  if (!match) return undefined;
  return entryInstant({ created_at: match[1] !== undefined ? Number(match[1]) : match[2] });
}
