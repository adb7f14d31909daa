/**
 * A fake Jira Cloud on 127.0.0.1:0 that follows the public REST v3 docs for the endpoints
 * glasstrail uses: https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 * Basic auth, the user's profile zone (JQL dates and rendered timestamps), enhanced search with
 * nextPageToken/isLast, bulk changelogs and bulk issue fetch with paging, status and field
 * catalogues, the retired /search (410), per-route fault injection and request counting.
 * Also used by bench/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { JqlError, matches, parseJql } from './jql.ts';

export type Route = 'myself' | 'search-old' | 'search' | 'changelog' | 'bulkfetch' | 'status' | 'field';

export interface FakeStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export interface FakeHistory {
  id: string;
  /** epoch ms */
  created: number;
  author?: { accountId: string; displayName?: string };
  items: { field: string; fieldtype?: string; fieldId?: string; from?: string | null; fromString?: string | null; to?: string | null; toString?: string | null }[];
}

export interface FakeIssue {
  id: string;
  key: string;
  summary: string;
  /** epoch ms */
  created: number;
  updated: number;
  resolutiondate?: number;
  statusId: string;
  issuelinks?: unknown[];
  /** custom field id → value as Jira would render it */
  custom?: Record<string, unknown>;
  histories: FakeHistory[];
}

export interface FakeField {
  id: string;
  name: string;
  custom: boolean;
}

export interface Fault {
  route: Route;
  /**
   * HTTP status to answer with (429/5xx/4xx), 'bad-json' for a 200 with a truncated body, or
   * 'issue-errors' (bulkfetch only) for a 200 that lists `keys` in `issueErrors`, as Jira does for
   * issues it could not return "due to a retriable error or payload constraint"
   */
  answer: number | 'bad-json' | 'issue-errors';
  /** seconds, sent as `Retry-After` */
  retryAfter?: string;
  body?: unknown;
  /** how many requests to spoil (default 1); Infinity = every one */
  times?: number;
  /** 'issue-errors': the keys (or ids) not returned; only a request naming one of them is spoiled */
  keys?: string[];
  /** 'issue-errors': the errorMessage of each entry */
  errorMessage?: string;
}

export const RETRIABLE_ISSUE_ERROR = 'Issue could not be retrieved due to a temporary error. Try again.';

export interface FakeJiraOptions {
  email: string;
  token: string;
  timeZone: string;
  issues: FakeIssue[];
  statuses?: FakeStatus[];
  fields?: FakeField[];
  /** server-side cap for search pages (Jira: 100 when fields are asked for) */
  maxSearchPage?: number;
  /** server-side cap for histories per changelog page */
  maxChangelogPage?: number;
  faults?: Fault[];
}

export interface RecordedRequest {
  route: Route | 'unknown';
  method: string;
  path: string;
  body: unknown;
}

export interface FakeJira {
  url: string;
  /** answered requests per route, faults included */
  counts: Record<Route, number>;
  requests: RecordedRequest[];
  issues: FakeIssue[];
  faults: Fault[];
  close(): Promise<void>;
}

export const DEFAULT_STATUSES: FakeStatus[] = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Done', category: 'done' },
];

const CATEGORY = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

/** `2026-07-06T10:12:33.123-0400`: Jira's format, in the user's zone, no colon in the offset. */
export function jiraTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
}

function token(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ offset, scope })).toString('base64url');
}

function readToken(text: unknown, scope: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { offset?: unknown; scope?: unknown };
    return parsed.scope === scope && typeof parsed.offset === 'number' ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}

function compareNumericIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyNumber(key: string): number {
  return Number(/-(\d+)$/.exec(key)?.[1] ?? 0);
}

export async function startFakeJira(options: FakeJiraOptions): Promise<FakeJira> {
  const statuses = options.statuses ?? DEFAULT_STATUSES;
  const fields = options.fields ?? [];
  const zone = options.timeZone;
  const counts: Record<Route, number> = { myself: 0, 'search-old': 0, search: 0, changelog: 0, bulkfetch: 0, status: 0, field: 0 };
  const requests: RecordedRequest[] = [];
  const faults = [...(options.faults ?? [])];
  const expectedAuth = `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}`;
  let url = '';

  const state: FakeJira = {
    url: '',
    counts,
    requests,
    issues: options.issues,
    faults,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  function statusJson(status: FakeStatus): Record<string, unknown> {
    const category = CATEGORY[status.category];
    return {
      self: `${url}/rest/api/3/status/${status.id}`,
      description: '',
      iconUrl: `${url}/images/icons/statuses/generic.png`,
      name: status.name,
      untranslatedName: status.name,
      id: status.id,
      statusCategory: { self: `${url}/rest/api/3/statuscategory/${category.id}`, ...category },
      scope: { type: 'PROJECT', project: { id: '10000' } },
    };
  }

  function renderIssue(issue: FakeIssue, wanted: string[] | undefined): Record<string, unknown> {
    const list = wanted && wanted.length > 0 ? wanted : ['id'];
    if (list.length === 1 && list[0] === 'id') return { id: issue.id };
    const status = statuses.find((s) => s.id === issue.statusId);
    const all: Record<string, unknown> = {
      summary: issue.summary,
      status: status ? statusJson(status) : null,
      created: jiraTime(issue.created, zone),
      updated: jiraTime(issue.updated, zone),
      resolutiondate: issue.resolutiondate === undefined ? null : jiraTime(issue.resolutiondate, zone),
      issuelinks: issue.issuelinks ?? [],
      ...issue.custom,
    };
    const out: Record<string, unknown> = {};
    for (const name of list.includes('*all') ? Object.keys(all) : list) {
      if (name === 'id') continue;
      if (name in all) out[name] = all[name];
      else if (/^customfield_\d+$/.test(name) && fields.some((f) => f.id === name)) out[name] = null;
    }
    return { expand: '', id: issue.id, self: `${url}/rest/api/3/issue/${issue.id}`, key: issue.key, fields: out };
  }

  function renderHistory(history: FakeHistory): Record<string, unknown> {
    return {
      id: history.id,
      author: history.author ? { self: `${url}/rest/api/3/user?accountId=${history.author.accountId}`, accountId: history.author.accountId, displayName: history.author.displayName ?? history.author.accountId, active: true, timeZone: zone, accountType: 'atlassian' } : undefined,
      created: jiraTime(history.created, zone),
      items: history.items,
    };
  }

  function find(idOrKey: string): FakeIssue | undefined {
    const wanted = idOrKey.toUpperCase();
    return (
      options.issues.find((issue) => issue.id === idOrKey || issue.key.toUpperCase() === wanted) ??
      // a key the issue had before a move to another project still opens it (answered under its new key)
      options.issues.find((issue) => issue.histories.some((h) => h.items.some((item) => (item.fieldId === 'issuekey' || item.field === 'Key') && item.fromString?.toUpperCase() === wanted)))
    );
  }

  function route(method: string, path: string): Route | 'unknown' {
    if (method === 'GET' && path === '/rest/api/3/myself') return 'myself';
    if (path === '/rest/api/3/search' || path === '/rest/api/2/search') return 'search-old';
    if (method === 'POST' && path === '/rest/api/3/search/jql') return 'search';
    if (method === 'POST' && path === '/rest/api/3/changelog/bulkfetch') return 'changelog';
    if (method === 'POST' && path === '/rest/api/3/issue/bulkfetch') return 'bulkfetch';
    if (method === 'GET' && path === '/rest/api/3/status') return 'status';
    if (method === 'GET' && path === '/rest/api/3/field') return 'field';
    return 'unknown';
  }

  function handle(name: Route, body: Record<string, unknown>): { status: number; json: unknown } {
    switch (name) {
      case 'myself':
        return { status: 200, json: { self: `${url}/rest/api/3/user?accountId=bot`, accountId: '712020:bot', emailAddress: options.email, displayName: 'glasstrail bot', active: true, timeZone: zone, locale: 'en_US', accountType: 'atlassian' } };
      case 'search-old':
        return { status: 410, json: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046'], errors: {} } };
      case 'status':
        return { status: 200, json: statuses.map(statusJson) };
      case 'field':
        return {
          status: 200,
          json: [
            { id: 'summary', key: 'summary', name: 'Summary', custom: false, navigable: true, searchable: true, clauseNames: ['summary'] },
            { id: 'status', key: 'status', name: 'Status', custom: false, navigable: true, searchable: true, clauseNames: ['status'] },
            { id: 'updated', key: 'updated', name: 'Updated', custom: false, navigable: true, searchable: true, clauseNames: ['updated'] },
            ...fields.map((f) => ({ id: f.id, key: f.id, name: f.name, custom: f.custom, navigable: true, searchable: true, clauseNames: [`cf[${f.id.replace('customfield_', '')}]`, f.name] })),
          ],
        };
      case 'search':
        return search(body);
      case 'changelog':
        return changelog(body);
      case 'bulkfetch':
        return bulkfetch(body);
    }
  }

  function search(body: Record<string, unknown>): { status: number; json: unknown } {
    if (typeof body.jql !== 'string') return { status: 400, json: { errorMessages: ['JQL query is required.'], errors: {} } };
    let query;
    try {
      query = parseJql(body.jql, zone);
    } catch (error) {
      if (error instanceof JqlError) return { status: 400, json: { errorMessages: [error.message], errors: {} } };
      throw error;
    }
    const known = new Set(options.issues.map((issue) => issue.key.split('-')[0]?.toUpperCase()));
    for (const project of query.projects) {
      if (!known.has(project)) return { status: 400, json: { errorMessages: [`The value '${project}' does not exist for the field 'project'.`], errors: {} } };
    }
    // Jira Cloud rejects the whole query when `key = K` / `key in (…)` names an issue that does not exist.
    const unknownKeys = query.keys.filter((key) => !find(key));
    if (unknownKeys.length > 0) {
      return { status: 400, json: { errorMessages: unknownKeys.map((key) => `An issue with key '${key}' does not exist for field 'key'.`), errors: {} } };
    }
    const hits = options.issues
      .filter((issue) => matches(query.where, issue))
      .sort((a, b) => {
        for (const { field, dir } of query.orderBy) {
          const diff = field === 'updated' ? a.updated - b.updated : keyNumber(a.key) - keyNumber(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
          if (diff !== 0) return dir === 'ASC' ? diff : -diff;
        }
        return keyNumber(b.key) - keyNumber(a.key);
      });
    const scope = `search:${body.jql}`;
    const offset = body.nextPageToken === undefined ? 0 : readToken(body.nextPageToken, scope);
    if (offset === undefined) return { status: 400, json: { errorMessages: ['The provided next page token is invalid or expired.'], errors: {} } };
    const size = Math.min(typeof body.maxResults === 'number' ? body.maxResults : 50, options.maxSearchPage ?? 100);
    const page = hits.slice(offset, offset + size);
    const isLast = offset + size >= hits.length;
    const wanted = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
    return {
      status: 200,
      json: { issues: page.map((issue) => renderIssue(issue, wanted)), ...(isLast ? {} : { nextPageToken: token(offset + size, scope) }), isLast },
    };
  }

  function changelog(body: Record<string, unknown>): { status: number; json: unknown } {
    const wanted = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
    if (wanted.length === 0 || wanted.length > 1000) return { status: 400, json: { errorMessages: ['issueIdsOrKeys must hold 1 to 1000 issues.'], errors: {} } };
    const scope = `changelog:${wanted.join(',')}`;
    const offset = body.nextPageToken === undefined ? 0 : readToken(body.nextPageToken, scope);
    if (offset === undefined) return { status: 400, json: { errorMessages: ['The provided next page token is invalid.'], errors: {} } };
    const size = Math.min(typeof body.maxResults === 'number' ? body.maxResults : 1000, options.maxChangelogPage ?? 1000);
    const flat: { issue: FakeIssue; history: FakeHistory }[] = [];
    const seen = new Set<string>();
    for (const idOrKey of wanted) {
      const issue = find(idOrKey);
      if (!issue || seen.has(issue.id)) continue;
      seen.add(issue.id);
      for (const history of issue.histories) flat.push({ issue, history });
    }
    // "all changelogs for given issues sorted by changelog date and issue IDs, starting from the
    // oldest changelog": one issue's histories may be split across pages, between other issues'.
    flat.sort((a, b) => a.history.created - b.history.created || compareNumericIds(a.issue.id, b.issue.id) || compareNumericIds(a.history.id, b.history.id));
    const page = flat.slice(offset, offset + size);
    const grouped: { issueId: string; changeHistories: unknown[] }[] = [];
    for (const { issue, history } of page) {
      let last = grouped.at(-1);
      if (last?.issueId !== issue.id) {
        last = { issueId: issue.id, changeHistories: [] };
        grouped.push(last);
      }
      last.changeHistories.push(renderHistory(history));
    }
    const more = offset + size < flat.length;
    return { status: 200, json: { issueChangeLogs: grouped, ...(more ? { nextPageToken: token(offset + size, scope) } : {}) } };
  }

  function bulkIds(body: Record<string, unknown>): string[] {
    return Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
  }

  function failing(fault: Fault): Set<string> {
    return new Set((fault.keys ?? []).map((key) => key.toUpperCase()));
  }

  /** An 'issue-errors' fault spoils only a bulk fetch naming one of its keys. */
  function applies(fault: Fault, body: Record<string, unknown>): boolean {
    if (fault.answer !== 'issue-errors') return true;
    const keys = failing(fault);
    return bulkIds(body).some((idOrKey) => keys.has(idOrKey.toUpperCase()));
  }

  function bulkfetch(body: Record<string, unknown>, fault?: Fault): { status: number; json: unknown } {
    const wanted = bulkIds(body);
    if (wanted.length === 0 || wanted.length > 100) return { status: 400, json: { errorMessages: ['issueIdsOrKeys must hold 1 to 100 issues.'], errors: {} } };
    const fieldList = Array.isArray(body.fields) ? body.fields.map(String) : ['*navigable'];
    const issues: unknown[] = [];
    const issueErrors: unknown[] = [];
    const unreturned = fault ? failing(fault) : new Set<string>();
    // BulkIssueResults.issueErrors lists only issues Jira could not return "due to a retriable
    // error or payload constraint"; issues not found or not visible are simply left out.
    for (const idOrKey of wanted) {
      if (unreturned.has(idOrKey.toUpperCase())) {
        issueErrors.push({ id: idOrKey, errorMessage: fault?.errorMessage ?? RETRIABLE_ISSUE_ERROR });
        continue;
      }
      const issue = find(idOrKey);
      if (issue) issues.push(renderIssue(issue, fieldList.includes('*navigable') ? ['*all'] : fieldList));
    }
    return { status: 200, json: { expand: '', issues, issueErrors } };
  }

  function send(res: ServerResponse, status: number, payload: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
    res.end(payload);
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '') return {};
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const method = req.method ?? 'GET';
      const body = await readBody(req).catch(() => undefined);
      const name = route(method, path);
      requests.push({ route: name, method, path, body });
      if (name === 'unknown') return send(res, 404, JSON.stringify({ errorMessages: [`No resource at ${method} ${path}`], errors: {} }));
      counts[name] += 1;
      if (req.headers.authorization !== expectedAuth) {
        return send(res, 401, JSON.stringify({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }));
      }
      if (body === undefined) return send(res, 400, JSON.stringify({ errorMessages: ['Invalid request payload.'], errors: {} }));
      const fault = faults.find((f) => f.route === name && (f.times ?? 1) > 0 && applies(f, body));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.answer === 'bad-json') return send(res, 200, '{"issues": [{"id": "1000');
        if (fault.answer === 'issue-errors') {
          const answer = bulkfetch(body, fault);
          return send(res, answer.status, JSON.stringify(answer.json));
        }
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        return send(res, fault.answer, JSON.stringify(fault.body ?? { errorMessages: [`injected ${fault.answer}`], errors: {} }), headers);
      }
      const answer = handle(name, body);
      send(res, answer.status, JSON.stringify(answer.json));
    })().catch((error: unknown) => send(res, 500, JSON.stringify({ errorMessages: [String(error)] })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.url = url;
  return state;
}
