/**
 * The paged pulls: enhanced JQL search, bulk issue fetch, bulk changelogs.
 * Every loop fails loudly when a page token repeats instead of looping or stopping early.
 */
import type { CloudClient } from 'jira.js';
import { ShapeError, SourceError } from '../../errors.ts';
import {
  bulkIssuesSchema,
  changelogPageSchema,
  parseJiraTime,
  searchPageSchema,
  type JiraHistory,
  type JiraIssue,
} from './schema.ts';
import type { z } from 'zod';

export const SEARCH_PAGE = 100;
/** POST /rest/api/3/issue/bulkfetch takes at most 100 keys */
export const BULK_ISSUES = 100;
/** POST /rest/api/3/changelog/bulkfetch takes at most 1000 issues */
export const BULK_CHANGELOG_ISSUES = 1000;
export const CHANGELOG_PAGE = 1000;

function parse<S extends z.ZodType>(schema: S, data: unknown, endpoint: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ShapeError('jira-shape', `unexpected answer: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
    where: endpoint,
    fix: 'check that jira.host is a Jira Cloud site; report this with the endpoint named',
  });
}

function guardToken(seen: Set<string>, token: string, endpoint: string): void {
  if (seen.has(token)) {
    throw new SourceError('jira-pagination', `Jira repeated page token "${token.slice(0, 24)}", refusing to loop`, { where: endpoint, fix: 'retry later; if it persists, report it' });
  }
  seen.add(token);
}

/** POST /rest/api/3/search/jql, every page. The old GET/POST /rest/api/3/search answers 410 and is never used. */
export async function searchAll(jira: CloudClient, jql: string, fields: string[], progress: (m: string) => void): Promise<JiraIssue[]> {
  const endpoint = 'POST /rest/api/3/search/jql';
  const issues: JiraIssue[] = [];
  const seen = new Set<string>();
  let nextPageToken: string | undefined;
  for (;;) {
    const raw = await jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql, fields, maxResults: SEARCH_PAGE, nextPageToken });
    const page = parse(searchPageSchema, raw, endpoint);
    issues.push(...page.issues);
    progress(`jira: search page ${seen.size + 1}: ${page.issues.length} issues`);
    const token = page.nextPageToken ?? undefined;
    if (page.isLast === true || token === undefined) {
      if (page.isLast === false) throw new ShapeError('jira-pagination', 'search page says isLast=false but carries no nextPageToken', { where: endpoint });
      return issues;
    }
    guardToken(seen, token, endpoint);
    nextPageToken = token;
  }
}

/** POST /rest/api/3/issue/bulkfetch in chunks of 100. Keys Jira does not return are `missing`. */
export async function fetchByKeys(
  jira: CloudClient,
  keys: readonly string[],
  fields: string[],
): Promise<{ issues: JiraIssue[]; missing: string[] }> {
  const endpoint = 'POST /rest/api/3/issue/bulkfetch';
  const issues: JiraIssue[] = [];
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += BULK_ISSUES) {
    const chunk = keys.slice(i, i + BULK_ISSUES);
    const raw = await jira.issues.bulkFetchIssues({ issueIdsOrKeys: [...chunk], fields });
    const page = parse(bulkIssuesSchema, raw, endpoint);
    for (const issue of page.issues) {
      issues.push(issue);
      found.add(issue.key.toUpperCase());
    }
  }
  // A key that matches nothing comes back in issueErrors; comparing keys also catches a key
  // that silently vanished. (A moved issue answers under its new key: the old one counts as missing.)
  const missing = keys.filter((key) => !found.has(key.toUpperCase()));
  return { issues, missing };
}

/** Sorted by `created`, then id (numeric when both are numbers), so reruns write identical bytes. */
export function sortHistories(histories: JiraHistory[]): JiraHistory[] {
  return [...histories].sort((a, b) => {
    const byTime = (parseJiraTime(a.created) ?? 0) - (parseJiraTime(b.created) ?? 0);
    if (byTime !== 0) return byTime;
    const na = Number(a.id);
    const nb = Number(b.id);
    if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * POST /rest/api/3/changelog/bulkfetch: the complete history of every issue, every field
 * (never the truncated `expand=changelog`). Pages may split one issue's histories; they are
 * merged by issue id and deduplicated by history id.
 */
export async function changelogsFor(jira: CloudClient, issueIds: readonly string[]): Promise<Map<string, JiraHistory[]>> {
  const endpoint = 'POST /rest/api/3/changelog/bulkfetch';
  const byIssue = new Map<string, Map<string, JiraHistory>>();
  for (let i = 0; i < issueIds.length; i += BULK_CHANGELOG_ISSUES) {
    const chunk = issueIds.slice(i, i + BULK_CHANGELOG_ISSUES);
    const seen = new Set<string>();
    let nextPageToken: string | undefined;
    for (;;) {
      const raw = await jira.issues.getBulkChangelogs({ issueIdsOrKeys: [...chunk], maxResults: CHANGELOG_PAGE, nextPageToken });
      const page = parse(changelogPageSchema, raw, endpoint);
      for (const log of page.issueChangeLogs) {
        const histories = byIssue.get(log.issueId) ?? new Map<string, JiraHistory>();
        for (const history of log.changeHistories) histories.set(history.id, history);
        byIssue.set(log.issueId, histories);
      }
      const token = page.nextPageToken ?? undefined;
      if (token === undefined) break;
      guardToken(seen, token, endpoint);
      nextPageToken = token;
    }
  }
  const result = new Map<string, JiraHistory[]>();
  for (const id of issueIds) result.set(id, sortHistories([...(byIssue.get(id)?.values() ?? [])]));
  return result;
}
