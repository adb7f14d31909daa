/** What every GitHub stream needs, plus small helpers shared by the streams. */
import type * as archiveModule from '../../archive/write.ts';
import type { GithubConfig } from '../../domain/config.ts';
import { SourceError } from '../../errors.ts';
import type { GithubClient } from './client.ts';

/** The slice of `src/archive/write.ts` the collector uses (injectable so tests can count writes). */
export type ArchiveWriter = Pick<typeof archiveModule, 'mergeNdjson' | 'archivePaths' | 'updateStreamState' | 'readState' | 'inventoryKey' | 'recordFiles'>;

export interface StreamContext {
  client: GithubClient;
  github: GithubConfig;
  archive: ArchiveWriter;
  archiveDir: string;
  now: number;
  /** already clamped to `now`, whole seconds */
  until: number;
  /** explicit `--since`, whole seconds; undefined → per-stream watermark − overlap */
  since?: number;
  overlapMs: number;
  token: string;
  progress: (message: string) => void;
  /** HTTP attempts so far per stream (filled by the client's onRequest) */
  requests: Map<string, number>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Web events are kept 180 days (https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization). */
export const AUDIT_RETENTION_MS = 180 * DAY_MS;

/** The stream's start: explicit since, else watermark − overlap, else `fallback`; never after until. */
export function resolveSince(ctx: StreamContext, watermark: string | undefined, fallback: number): number {
  let since = ctx.since;
  if (since === undefined) {
    const mark = watermark === undefined ? Number.NaN : Date.parse(watermark);
    since = Number.isFinite(mark) ? mark - ctx.overlapMs : fallback;
  }
  return floorSecond(Math.min(since, ctx.until));
}

/**
 * A span inside a stream's covered span that no collect could read: GitHub no longer kept it
 * when collect ran again (audit log: 180 days; rule suites: about 30). Recorded in state.json
 * (`holes`), so every later report over it says so (archive/coverage.ts), however long ago.
 */
export interface Hole {
  from: string;
  to: string;
}

/**
 * The holes to record after a run that read [read.from, read.to] (epoch ms) and left `hole`
 * unread: the recorded ones less what this run read, plus `hole`. A hole that a later run could
 * still read (rule suites: an explicit --since after the watermark, then a backfill within the
 * API's reach) is filled, and no report must say otherwise. With `read` undefined (the audit
 * log: its holes lie beyond GitHub's retention, no run can read them) the recorded ones are kept.
 * Undefined when there is nothing to record or clear.
 */
export function holesAfter(state: Record<string, unknown> | undefined, read: { from: number; to: number } | undefined, hole?: { from: number; to: number }): Hole[] | undefined {
  const recorded = Array.isArray(state?.holes) ? (state.holes as unknown[]) : [];
  if (recorded.length === 0 && hole === undefined) return undefined;
  const kept = recorded.flatMap((entry): Hole[] => {
    const { from, to } = (entry ?? {}) as Record<string, unknown>;
    const a = typeof from === 'string' ? Date.parse(from) : Number.NaN;
    const b = typeof to === 'string' ? Date.parse(to) : Number.NaN;
    // not ours to judge: kept as it is
    if (!Number.isFinite(a) || !Number.isFinite(b) || read === undefined || read.to <= a || read.from >= b) return [entry as Hole];
    return [
      ...(read.from > a ? [{ from: isoSecond(a), to: isoSecond(read.from) }] : []),
      ...(read.to < b ? [{ from: isoSecond(read.to), to: isoSecond(b) }] : []),
    ];
  });
  return hole === undefined ? kept : [...kept, { from: isoSecond(hole.from), to: isoSecond(hole.to) }];
}

/** The recorded start per key (state.json `actionsFrom`, `gatesFrom`), with `keys` starting at `from`. */
export function startsOf(recorded: unknown, keys: readonly string[], from: number): Record<string, string> {
  const previous = typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded) ? (recorded as Record<string, unknown>) : {};
  const starts = Object.fromEntries(Object.entries(previous).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  for (const key of keys) starts[key] = isoSecond(from);
  return Object.fromEntries(Object.entries(starts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** RFC 3339 UTC with whole seconds (`…Z`), for state.json and summaries. */
export function isoSecond(ms: number): string {
  return new Date(floorSecond(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A time bound for GitHub's `created:`/`merged:` search qualifiers, whole seconds in UTC, written
 * `YYYY-MM-DDTHH:MM:SS+00:00`: the audit-log search documents only that form ("add optional time
 * information THH:MM:SS and a UTC offset (+00:00)",
 * https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization#search-based-on-time-of-action);
 * the issue search documents it beside `…Z`
 * (https://docs.github.com/en/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates).
 * Octokit sends the `+` as %2B in a REST query string; in GraphQL variables it is plain JSON.
 */
export function searchTime(ms: number): string {
  return `${isoSecond(ms).slice(0, -1)}+00:00`;
}

/** The URL of `rel="next"` in a Link header (RFC 8288), or undefined. */
export function nextLink(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/**
 * The `page=` of a rel="next" URL in page-based pagination (rule suites; the audit log on GHES):
 * it must be a whole number after `current` and at most `maxPages`, else the loop fails loudly.
 */
export function nextPageNumber(next: string, current: number, where: string, maxPages: number): number {
  const value = new URL(next, 'http://github.invalid').searchParams.get('page');
  const page = Number(value);
  if (value === null || !Number.isInteger(page) || page <= current) throw stuckCursor(where, `next page ${value} after page ${current}`);
  if (page > maxPages) throw stuckCursor(where, `more than ${maxPages} pages`);
  return page;
}

/** Loud failure when a paginated API stops making progress (STYLE habit 4). */
export function stuckCursor(where: string, detail: string): SourceError {
  return new SourceError('github-pagination', `pagination did not advance (${detail}); refusing to loop`, {
    where,
    fix: 'rerun later; if it persists, report it — the archive so far is intact and the watermark was not moved',
  });
}

export function countRequest(requests: Map<string, number>, route: string): void {
  const stream = route.includes('/audit-log')
    ? 'github.audit'
    : route.includes('/rule-suites')
      ? 'github.rule-suites'
      : route.endsWith('/graphql')
        ? 'github.merges'
        : 'github.other';
  requests.set(stream, (requests.get(stream) ?? 0) + 1);
}
