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
import { compareIds, listSome, oneLine } from '../../util/text.ts';
import { backoffMs, type RetryPolicy } from './transport.ts';

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

/** How `fetchByKeys` asks again for issues Jira could not return: the transport's backoff. */
export interface BulkRetry {
  policy: Pick<RetryPolicy, 'retryBaseMs' | 'maxRetries'>;
  progress: (message: string) => void;
}

type IssueErrors = BulkIssues['issueErrors'];
type BulkIssues = z.infer<typeof bulkIssuesSchema>;

/**
 * POST /rest/api/3/issue/bulkfetch in chunks of 100. Jira leaves out issues that do not exist or
 * that the API user may not see: keys absent from the answer are `missing`. `issueErrors` lists
 * only issues it could not return "due to a retriable error or payload constraint" (BulkIssueResults,
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulkfetch-post):
 * those are asked for again with the transport's backoff, and if they persist the pull fails;
 * they are never recorded as missing. (A moved issue answers under its new key: the old one counts as missing.)
 */
export async function fetchByKeys(
  jira: CloudClient,
  keys: readonly string[],
  fields: string[],
  retry: BulkRetry,
): Promise<{ issues: JiraIssue[]; missing: string[] }> {
  const endpoint = 'POST /rest/api/3/issue/bulkfetch';
  const { policy, progress } = retry;
  const issues: JiraIssue[] = [];
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += BULK_ISSUES) {
    let pending = keys.slice(i, i + BULK_ISSUES);
    for (let attempt = 0; ; attempt += 1) {
      const raw = await jira.issues.bulkFetchIssues({ issueIdsOrKeys: [...pending], fields });
      const page = parse(bulkIssuesSchema, raw, endpoint);
      for (const issue of page.issues) {
        const key = issue.key.toUpperCase();
        if (found.has(key)) continue;
        issues.push(issue);
        found.add(key);
      }
      const again = keysToAskAgain(pending, page.issueErrors, found);
      if (again.length === 0) break;
      const said = describeIssueErrors(page.issueErrors);
      if (attempt >= policy.maxRetries) {
        throw new SourceError('jira-issue-errors', `Jira could not return ${again.join(', ')} after ${attempt + 1} attempts: ${said}`, {
          where: endpoint,
          fix: 'retry later; if it persists, check those issues in Jira (issueErrors lists issues it could not return for a retriable error or a payload limit)',
        });
      }
      const wait = backoffMs(policy, attempt);
      progress(`jira: ${endpoint} could not return ${again.join(', ')} (${said}); retry ${attempt + 1}/${policy.maxRetries} in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      pending = again;
    }
  }
  const missing = keys.filter((key) => !found.has(key.toUpperCase()));
  return { issues, missing };
}

/**
 * Keys of `asked` named in `errors` and not returned. An error whose id is none of the keys asked
 * (Jira may name an issue by its numeric id) cannot be matched to a key: then every key asked and
 * not returned is asked again, rather than one of them being taken for missing.
 */
function keysToAskAgain(asked: readonly string[], errors: IssueErrors, found: ReadonlySet<string>): string[] {
  if (errors.length === 0) return [];
  const notReturned = asked.filter((key) => !found.has(key.toUpperCase()));
  const byUpper = new Map(notReturned.map((key) => [key.toUpperCase(), key]));
  const named = new Set<string>();
  for (const error of errors) {
    const key = error.id === undefined ? undefined : byUpper.get(error.id.toUpperCase());
    if (key === undefined) {
      if (error.id !== undefined && found.has(error.id.toUpperCase())) continue; // returned after all
      return notReturned;
    }
    named.add(key);
  }
  return notReturned.filter((key) => named.has(key));
}

/** `BGR-7: <errorMessage>; …`, in one line, the first few. */
function describeIssueErrors(errors: IssueErrors): string {
  return listSome(errors.map((error) => `${error.id ?? '(no id)'}: ${oneLine(error.errorMessage ?? 'no reason given', 160)}`), 5, '; ');
}

/** Sorted by `created`, then id (numeric when both are numbers), so reruns write identical bytes. */
export function sortHistories(histories: JiraHistory[]): JiraHistory[] {
  return [...histories].sort((a, b) => {
    const byTime = (parseJiraTime(a.created) ?? 0) - (parseJiraTime(b.created) ?? 0);
    return byTime !== 0 ? byTime : compareIds(a.id, b.id);
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
