/**
 * The archive's inventory (state.json `files`): every file collect wrote, with the SHA-256 of
 * what it wrote. A report checks the files it read against it. Without it, a day file deleted
 * from `github/audit/` looks exactly like a quiet day (collect writes no file for a day with no
 * event), and a line cut from a file looks like an event that never happened: the population
 * would shrink and the evidence still say COMPLETE.
 */
import { ShapeError } from '../errors.ts';
import type { InputFile } from '../domain/report.ts';

/** Day files hold one UTC day of events; only those that reach into the report's window matter to it. */
const DAY_FILE = /^github\/(?:audit|rule-suites)\/(\d{4}-\d{2}-\d{2})\.ndjson$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * True for a day file (`github/audit/YYYY-MM-DD.ndjson`, `github/rule-suites/…`, by its path
 * inside the archive folder) whose UTC day lies wholly outside [from, to): collect files every
 * entry under its own UTC day, so such a file holds nothing the report reads. Other files
 * (imports, exports) are never outside.
 */
export function dayFileOutside(key: string, window: { from: number; to: number }): boolean {
  const day = dayOfFile(key);
  if (day === undefined) return false;
  const start = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(start) && (start + DAY_MS <= window.from || start >= window.to);
}

/** The UTC day a day file holds, or undefined for any other file. */
export function dayOfFile(key: string): string | undefined {
  return DAY_FILE.exec(key)?.[1];
}

export interface InventoryCheck {
  /** state.json `files`: inventory key (path inside the archive folder) → `sha256:<hex>` */
  files: Record<string, string>;
  /** the archive files read, as hashed while reading (paths relative to the config's folder) */
  inputs: readonly InputFile[];
  /** an inventory key → its path as named in `inputs` and errors */
  rel: (key: string) => string;
  /** the instants the report reads events from: [from, to) */
  window: { from: number; to: number };
  /**
   * Whether the file under `key` is what collect wrote but for CRLF line ends: asked only of a
   * file whose digest differs. Git for Windows (core.autocrlf) checks text files out that way.
   */
  onlyLineEnds?: (key: string, recorded: string) => boolean;
}

/**
 * Throws (exit 3) when a file the report depends on is missing or differs from what collect
 * wrote. Day files wholly outside the window are not needed, so retiring old ones is allowed.
 * Returns how many files were checked.
 */
export function checkInventory({ files, inputs, rel, window, onlyLineEnds }: InventoryCheck): number {
  const read = new Map(inputs.map((input) => [input.path, input.sha256]));
  const missing: string[] = [];
  const changed: { key: string; path: string; recorded: string; found: string }[] = [];
  let checked = 0;
  for (const key of Object.keys(files).sort()) {
    if (dayFileOutside(key, window)) continue;
    checked += 1;
    const path = rel(key);
    const found = read.get(path);
    const recorded = files[key] ?? '';
    if (found === undefined) missing.push(path);
    else if (`sha256:${found}` !== recorded) changed.push({ key, path, recorded, found: `sha256:${found}` });
  }
  const more = (n: number): string => (n > 1 ? ` (and ${n - 1} more)` : '');
  if (missing.length > 0) {
    throw new ShapeError('archive-incomplete', `${missing[0]} is missing, yet state.json lists it as written by collect${more(missing.length)}`, {
      where: missing[0],
      fix: 'restore the archive folder from its history (git) or backup; a file retired on purpose is removed from "files" in state.json',
    });
  }
  const first = changed[0];
  if (first && onlyLineEnds?.(first.key, first.recorded)) {
    // the archive is whole; only its checkout is not byte for byte (restoring it from git would do the same again)
    throw new ShapeError('archive-corrupt', `${first.path} has CRLF line ends where collect wrote LF (git core.autocrlf?); with LF its SHA-256 is the one state.json records${more(changed.length)}`, {
      where: first.path,
      fix: 'check the archive out byte for byte: add "archive/** -text" to .gitattributes (or git config core.autocrlf false), delete the archive folder and git checkout -- archive',
    });
  }
  if (first) {
    throw new ShapeError('archive-corrupt', `${first.path} is not what collect wrote: its SHA-256 is ${first.found}, state.json records ${first.recorded}${more(changed.length)}`, {
      where: first.path,
      fix: 'restore the file from the archive\'s history (git) or backup; if a collect was interrupted, run glasstrail collect again (if one was running, rerun the report after it)',
    });
  }
  return checked;
}
