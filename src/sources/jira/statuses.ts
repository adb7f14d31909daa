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
import { sha256Of } from '../../archive/write.ts';

/** A status as GET /status returned it, every field kept in its order; `id` checked. */
type StoredStatus = { id: string } & Record<string, unknown>;

export interface StoredCatalogue {
  /** the statuses as written, when the file parses */
  statuses?: StoredStatus[];
  /**
   * The file is as collect wrote it (its SHA-256 is the one state.json records), so statuses
   * Jira has deleted since may be carried over from it. A file edited by hand, damaged, or from
   * before the inventory is only a cache: it tells which ids are known, nothing is kept from it.
   */
  vouched: boolean;
}

/** The stored catalogue, or undefined when there is none. `recorded`: its SHA-256 in state.json's inventory. */
export async function readCatalogue(path: string, recorded: string | undefined): Promise<StoredCatalogue | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { vouched: false };
  }
  if (!statusListSchema.safeParse(raw).success) return { vouched: false };
  return { statuses: raw as StoredStatus[], vouched: recorded !== undefined && sha256Of(text) === recorded };
}

/**
 * The catalogue to store: GET /status as returned, then the statuses of the stored one it no
 * longer lists. A status deleted from every workflow stays in old changelogs; forgetting its
 * category would leave a review that moved through it impossible to judge (archive-unknown-status).
 */
export function keepDeleted(fetched: readonly StoredStatus[], stored: StoredCatalogue | undefined): StoredStatus[] {
  const ids = new Set(fetched.map((status) => status.id));
  const kept = stored?.vouched ? (stored.statuses ?? []) : [];
  return [...fetched, ...kept.filter((status) => !ids.has(status.id))];
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
