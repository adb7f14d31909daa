/**
 * Ledger review keys: which to fetch by key, and a search that names keys in `key in (…)`
 * without failing the run when one of them has vanished from Jira.
 */
import type { CloudClient } from 'jira.js';
import { SourceError } from '../../errors.ts';
import { fetchByKeys, searchAll, type BulkRetry } from './pull.ts';
import type { JiraIssue } from './schema.ts';

/** Keys per `key in (…)` clause: keeps the JQL well under Jira's length limits (~1.3 KB of keys). */
export const KEY_CHUNK = 100;

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Ledger review keys, trimmed, upper-cased, blank ones dropped, deduplicated, sorted. Jira keys are
 * case-insensitive and Jira spells them upper case (the archive files issues so, and the report
 * reads `bgr-12` as BGR-12): compared as typed, a lower-case key was never "archived" and was
 * fetched by key again on every run.
 */
export function ledgerKeysOf(reviewKeys: readonly string[]): string[] {
  return [...new Set(reviewKeys.map((key) => key.trim().toUpperCase()).filter((key) => key !== ''))].sort();
}

/**
 * Keys to fetch by key (POST /rest/api/3/issue/bulkfetch): not returned by this run's searches,
 * and either not archived yet or known missing with a re-check due.
 */
export function keysToFetch(ledgerKeys: readonly string[], archived: ReadonlySet<string>, seen: ReadonlySet<string>, missing: ReadonlySet<string>, recheckMissing: boolean): string[] {
  return ledgerKeys.filter((key) => !seen.has(key) && (missing.has(key) ? recheckMissing : !archived.has(key)));
}

export interface KeyedSearch {
  issues: JiraIssue[];
  /** keys Jira no longer knows (found out after a 400) */
  missing: string[];
  /** the current versions of the other keys, fetched by key while finding out */
  fetched: JiraIssue[];
}

/**
 * Run the search `jqlFor(keys)`. JQL `key in (…)` fails with 400 for the whole query when one key
 * does not exist (an archived ticket deleted since). Then the keys are checked by bulk fetch, the
 * missing ones dropped, and the search run again once; a 400 with every key present is about
 * something else (the configured JQL) and is thrown as it is.
 */
export async function searchNamingKeys(
  jira: CloudClient,
  keys: readonly string[],
  jqlFor: (keys: readonly string[]) => string | undefined,
  fields: string[],
  retry: BulkRetry,
): Promise<KeyedSearch> {
  const { progress } = retry;
  const jql = jqlFor(keys);
  if (jql === undefined) return { issues: [], missing: [], fetched: [] };
  try {
    return { issues: await searchAll(jira, jql, fields, progress), missing: [], fetched: [] };
  } catch (error) {
    if (keys.length === 0 || !(error instanceof SourceError) || error.code !== 'jira-bad-request') throw error;
    const checked = await fetchByKeys(jira, keys, fields, retry);
    if (checked.missing.length === 0) throw error;
    progress(`jira: archived review tickets no longer in Jira: ${checked.missing.join(', ')}`);
    const gone = new Set(checked.missing);
    const again = jqlFor(keys.filter((key) => !gone.has(key)));
    const issues = again === undefined ? [] : await searchAll(jira, again, fields, progress);
    return { issues, missing: checked.missing, fetched: checked.issues };
  }
}
