/**
 * What this source keeps in `state.json`, and how old a cached piece may get. Read leniently: a
 * field that is absent or garbled only forces that piece to be fetched again, it never fails the run.
 *
 * Everything lives in `streams["jira.issues"]`: the cursor, the cached lookups (zone, field ids,
 * missing and out-of-JQL keys) and `refreshedAsOf`, the time of the last daily refresh.
 */
import { z } from 'zod';
import type { FieldRole } from './fields.ts';

/** Cached metadata (zone, field ids, status catalogue, missing keys) is trusted this long. */
export const METADATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface JiraStreamState {
  watermark: string;
  collectedAt: string;
  /** the API user's profile zone the JQL dates were written in */
  timeZone: string;
  /** configured field (id or name) → the id under which it appears in `fields` of archived issues */
  fieldIds: Partial<Record<FieldRole, string>>;
  /** `jira.fields` of the config as `fieldIds` were resolved from; a change forces a new lookup */
  configuredFields: Partial<Record<FieldRole, string>>;
  /** the `fields` list asked for; a change forces a full refetch of unchanged issues */
  fields: string[];
  /** ledger review keys Jira does not know (or the API user cannot see) */
  missingKeys: string[];
  /** archived ledger review keys the configured JQL did not return (refreshed by `key in (…)`) */
  outsideKeys: string[];
  /**
   * The daily refresh (zone, field ids, status catalogue, missing keys) last ran in the collection
   * up to this instant (its `until`). Recorded as `until`, not the wall clock: never later than the
   * real fetch, so the 24 h age is never underestimated, and two runs over the same window write the
   * same state (only `collectedAt` differs).
   */
  refreshedAsOf?: string;
  [extra: string]: unknown;
}

const text = z.string().optional().catch(undefined);
const keyList = z.array(z.string()).optional().catch(undefined);
const roles = z.object({ reviewer: z.string().optional(), followUp: z.string().optional() }).optional().catch(undefined);

const storedSchema = z.looseObject({
  watermark: text,
  timeZone: text,
  fieldIds: roles,
  configuredFields: roles,
  fields: keyList,
  missingKeys: keyList,
  outsideKeys: keyList,
  refreshedAsOf: text,
});
export type StoredJiraState = z.infer<typeof storedSchema>;

export function readJiraState(stored: unknown): StoredJiraState {
  const parsed = storedSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

/** True when `at` (RFC 3339) lies within the last 24 h before `now`. A time after `now` is not trusted. */
export function isFresh(at: string | undefined, now: number): boolean {
  if (at === undefined) return false;
  const ms = Date.parse(at);
  return !Number.isNaN(ms) && ms <= now && now - ms < METADATA_MAX_AGE_MS;
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
