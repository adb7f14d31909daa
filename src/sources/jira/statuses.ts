/**
 * The status catalogue (`jira/statuses.json`, GET /rest/api/3/status) tells the report which
 * statuses are in the Done category (CONTRACT §7 Review). It changes only when a Jira admin edits
 * workflows, so it is fetched on the first run, when a collected issue or changelog names a status
 * id it does not hold, and at the daily refresh (older than 24 h; state.ts).
 */
import { z } from 'zod';
import type { JiraHistory, JiraIssue } from './schema.ts';
import { statusListSchema } from './schema.ts';
import { readTextIfExists } from '../../archive/atomic.ts';

/** A status as GET /status returned it, every field kept in its order; `id` checked. */
type StoredStatus = { id: string } & Record<string, unknown>;

/** The stored catalogue as written, or undefined when there is none (or it does not parse). */
export async function readCatalogue(path: string): Promise<StoredStatus[] | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    const raw: unknown = JSON.parse(text);
    return statusListSchema.safeParse(raw).success ? (raw as StoredStatus[]) : undefined;
  } catch {
    // A damaged catalogue is simply fetched again (it is a cache of GET /status, not evidence of its own).
    return undefined;
  }
}

/**
 * The catalogue to store: GET /status as returned, then the statuses of the stored one it no
 * longer lists. A status deleted from every workflow stays in old changelogs; forgetting its
 * category would leave a review that moved through it impossible to judge (archive-unknown-status).
 */
export function keepDeleted(fetched: readonly StoredStatus[], stored: readonly StoredStatus[] | undefined): StoredStatus[] {
  const ids = new Set(fetched.map((status) => status.id));
  return [...fetched, ...(stored ?? []).filter((status) => !ids.has(status.id))];
}

const issueStatus = z.looseObject({ status: z.looseObject({ id: z.string() }).nullish() });

/** Status ids named by the issues' current status and by status changes in their histories. */
export function statusIdsIn(issues: readonly JiraIssue[], histories: Iterable<readonly JiraHistory[]>): Set<string> {
  const ids = new Set<string>();
  for (const issue of issues) {
    const parsed = issueStatus.safeParse(issue.fields);
    if (parsed.success && parsed.data.status) ids.add(parsed.data.status.id);
  }
  for (const list of histories) {
    for (const history of list) {
      for (const item of history.items) {
        if (item.fieldId !== 'status' && item.field !== 'status') continue;
        const { from, to } = item as Record<string, unknown>;
        if (typeof from === 'string' && from !== '') ids.add(from);
        if (typeof to === 'string' && to !== '') ids.add(to);
      }
    }
  }
  return ids;
}

export type CatalogueReason = 'absent' | 'stale' | 'unknown-status' | undefined;

/** Why the catalogue must be fetched now, or undefined when the stored one will do. */
export function catalogueRefreshReason(stored: Set<string> | undefined, dailyRefresh: boolean, seen: Set<string>): CatalogueReason {
  if (!stored) return 'absent';
  if (dailyRefresh) return 'stale';
  for (const id of seen) if (!stored.has(id)) return 'unknown-status';
  return undefined;
}
