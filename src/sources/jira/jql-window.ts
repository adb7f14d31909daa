/**
 * The JQL time window. JQL dates (`"yyyy-MM-dd HH:mm"`) are wall-clock times in the API
 * user's profile zone (GET /rest/api/3/myself → timeZone), at minute precision:
 * https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Updated
 * A wall-clock time can be ambiguous (DST fall-back) and Jira's zone data may differ from ours,
 * so the JQL window is widened by a margin and the exact cut is made afterwards, in UTC, on
 * `fields.updated` (see `inWindow`).
 *
 * luxon is used here directly because src/time has no "wall clock in zone Z" formatter; the
 * conversion is the only zone arithmetic this source does.
 */
import { DateTime } from 'luxon';

/** Widening on both sides: covers minute rounding, a DST hour and zone-data drift. */
export const JQL_MARGIN_MS = 24 * 60 * 60 * 1000;

/** Instant → `"yyyy-MM-dd HH:mm"` in `zone`. `round` picks the minute boundary outside the instant. */
export function jqlDate(instant: number, zone: string, round: 'floor' | 'ceil'): string {
  let local = DateTime.fromMillis(instant, { zone });
  if (!local.isValid) throw new Error(`invalid zone ${zone}`);
  const floored = local.startOf('minute');
  local = round === 'ceil' && floored.toMillis() !== instant ? floored.plus({ minutes: 1 }) : floored;
  return local.toFormat('yyyy-MM-dd HH:mm');
}

/** Issue keys as JQL takes them in `key in (…)`: quoted, and only in the shape Jira gives keys (no JQL injection from the ledger). */
const KEY_SHAPE = /^[A-Za-z][A-Za-z0-9_]*-[1-9]\d*$/;

export function isIssueKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

function keyList(keys: readonly string[]): string {
  for (const key of keys) if (!isIssueKey(key)) throw new Error(`not an issue key: ${JSON.stringify(key)}`);
  return keys.map((key) => `"${key}"`).join(', ');
}

function updatedWindow(since: number, until: number, zone: string): string {
  const from = jqlDate(since - JQL_MARGIN_MS, zone, 'floor');
  const to = jqlDate(until + JQL_MARGIN_MS, zone, 'ceil');
  // By key, not by updated: an issue edited while the pages are read moves to the end of an
  // updated-ordered list and shifts the next page by one (skipping an issue); its key stays put,
  // and the edit keeps it inside the window (the bound is until plus the margin).
  return `updated >= "${from}" AND updated <= "${to}" ORDER BY key ASC`;
}

/**
 * `(<configured jql>) AND updated >= "…" AND updated <= "…" ORDER BY key ASC`, or with
 * `keys`: `((<configured jql>) OR key in ("K-1", …)) AND updated …`, so that archived review tickets
 * outside the configured JQL are refreshed by the same request (see index.ts for the trade-off).
 * Every key must exist: Jira answers 400 for the whole query if one does not.
 */
export function windowJql(baseJql: string, since: number, until: number, zone: string, keys: readonly string[] = []): string {
  const where = keys.length === 0 ? `(${baseJql})` : `((${baseJql}) OR key in (${keyList(keys)}))`;
  return `${where} AND ${updatedWindow(since, until, zone)}`;
}

/** `key in ("K-1", …) AND updated …`: the key chunks that do not fit into the main search. */
export function keysWindowJql(keys: readonly string[], since: number, until: number, zone: string): string {
  return `key in (${keyList(keys)}) AND ${updatedWindow(since, until, zone)}`;
}

/** `key in (…) AND NOT (<configured jql>)`: which of these (existing) keys the configured JQL does not cover. */
export function outsideJql(baseJql: string, keys: readonly string[]): string {
  return `key in (${keyList(keys)}) AND NOT (${baseJql}) ORDER BY key ASC`;
}

/** The exact cut: `since ≤ updated ≤ until`, in UTC. */
export function inWindow(updated: number, since: number, until: number): boolean {
  return updated >= since && updated <= until;
}
