/**
 * A fake GitHub API on 127.0.0.1:0 that follows the public docs for the endpoints glasstrail reads:
 * - GET /orgs/{org}/audit-log, GET /enterprises/{enterprise}/audit-log: `phrase`, `order`,
 *   `per_page` (≤ 100, default 30), `after` cursor in the Link header's rel="next";
 * - GET /orgs/{org}/rulesets/rule-suites: `rule_suite_result`, `time_period` (from the fake's now),
 *   `per_page`, `page`, Link rel="next" with `page=`;
 * - POST /graphql: validated against GitHub's schema, `search` + `rateLimit` executed over the dataset.
 * With `flavor: 'ghes'` it answers like GitHub Enterprise Server instead: REST under `/api/v3`, GraphQL
 * at `/api/graphql`, and the audit log paged by `page=` rather than an `after` cursor ("You can use
 * page-based pagination", https://docs.github.com/en/enterprise-server@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/using-the-audit-log-api-for-your-enterprise),
 * and no organization audit log (404; that endpoint is for organizations on GitHub Enterprise Cloud).
 * It counts requests per route, can inject faults, and can add latency (used by bench/).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakePullRequest, runGraphql } from './graphql.ts';
import { type AuditRecord, PhraseError, parsePhrase } from './phrase.ts';

export type { FakePullRequest } from './graphql.ts';

export interface FakeDataset {
  audit: AuditRecord[];
  ruleSuites: Record<string, unknown>[];
  pullRequests: FakePullRequest[];
}

export type FaultKind =
  | '429' // secondary rate limit answered 429 with retry-after
  | '429-primary' // primary rate limit: x-ratelimit-remaining 0, x-ratelimit-reset
  | '403-secondary'
  | '401'
  | '403'
  | '404'
  | '502'
  | 'reset' // socket destroyed before any answer
  | 'truncated-json' // 200 whose JSON body is cut in half
  | 'slow' // answers only after `delayMs`
  | 'graphql-rate-limited' // 200 with errors[].type RATE_LIMITED
  | 'stale-link'; // a normal answer whose Link next cursor (or page number) never advances (a server bug)

export interface Fault {
  /** `GET /orgs/acme/audit-log`, `POST /graphql`, or `*` */
  route: string;
  /** how many matching requests get the fault; Infinity = never recovers */
  times: number;
  kind: FaultKind;
  /** seconds, for the rate-limit kinds */
  retryAfter?: number;
  /** ms, for `slow` */
  delayMs?: number;
  /** only from the n-th matching request on (1-based), e.g. to fail page 2 */
  fromRequest?: number;
}

export interface FakeGithubOptions {
  dataset?: Partial<FakeDataset>;
  /** accepted token (`Authorization: token|bearer X`) */
  token?: string;
  faults?: Fault[];
  /** the fake's clock for `time_period` and rate-limit resets; default Date.now */
  now?: () => number;
  /** added to every request (benchmarks) */
  latencyMs?: number;
  /** `cloud` (default): GitHub.com / GHEC; `ghes`: GitHub Enterprise Server paths and audit-log paging */
  flavor?: 'cloud' | 'ghes';
}

export interface LoggedRequest {
  route: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
}

export interface FakeGithub {
  /** what goes into `github.apiUrl` (`…/api/v3` for the `ghes` flavor) */
  apiUrl: string;
  dataset: FakeDataset;
  faults: Fault[];
  /** HTTP requests per route (`GET /orgs/acme/audit-log`), faults included */
  counts: Map<string, number>;
  log: LoggedRequest[];
  /** GraphQL documents that failed schema validation, with the messages */
  graphqlValidationErrors: string[];
  count(route: string): number;
  reset(): void;
  close(): Promise<void>;
}

const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const DAY = 24 * 60 * 60 * 1000;
const PERIODS: Record<string, number> = { hour: 60 * 60 * 1000, day: DAY, week: 7 * DAY, month: 30 * DAY };

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const dataset: FakeDataset = {
    audit: options.dataset?.audit ?? [],
    ruleSuites: options.dataset?.ruleSuites ?? [],
    pullRequests: options.dataset?.pullRequests ?? [],
  };
  const now = options.now ?? Date.now;
  const ghes = options.flavor === 'ghes';
  const counts = new Map<string, number>();
  const faultHits = new Map<Fault, number>();
  const log: LoggedRequest[] = [];
  const graphqlValidationErrors: string[] = [];
  let rateRemaining = 5000;
  let origin = '';

  const fake: FakeGithub = {
    apiUrl: '',
    dataset,
    faults: options.faults ?? [],
    counts,
    log,
    graphqlValidationErrors,
    count: (route) => counts.get(route) ?? 0,
    reset() {
      counts.clear();
      log.length = 0;
      faultHits.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const route = `${req.method} ${url.pathname}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const entry: LoggedRequest = { route, query: Object.fromEntries(url.searchParams), body, status: 0 };
    log.push(entry);
    if (options.latencyMs) await sleep(options.latencyMs);

    const fault = takeFault(route);
    if (fault?.kind === 'reset') {
      entry.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 5000);
    const passThrough: FaultKind[] = ['slow', 'truncated-json', 'stale-link'];
    let answer = fault && !passThrough.includes(fault.kind) ? faultAnswer(fault) : undefined;
    answer ??= await route_(req.method ?? 'GET', url, body, req.headers.authorization);
    const current = url.searchParams.get('after');
    if (fault?.kind === 'stale-link' && answer.headers.link && current) {
      answer.headers.link = answer.headers.link.replace(/after=[^&>]*/, `after=${encodeURIComponent(current)}`);
    } else if (fault?.kind === 'stale-link' && answer.headers.link) {
      answer.headers.link = answer.headers.link.replace(/([?&])page=\d+/, `$1page=${url.searchParams.get('page') ?? 1}`);
    }
    if (fault?.kind === 'truncated-json') answer = { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) };
    entry.status = answer.status;
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(answer.body);
  }

  function takeFault(route: string): Fault | undefined {
    for (const fault of fake.faults) {
      if (fault.route !== '*' && fault.route !== route) continue;
      const seen = (faultHits.get(fault) ?? 0) + 1;
      faultHits.set(fault, seen);
      const from = fault.fromRequest ?? 1;
      if (seen >= from && seen - from < fault.times) return fault;
    }
    return undefined;
  }

  function faultAnswer(fault: Fault): Answer {
    const retryAfter = String(fault.retryAfter ?? 1);
    // x-ratelimit-reset is absolute epoch seconds that clients compare with their real clock,
    // so it comes from the real clock, not from the fake's `now`.
    const reset = String(Math.ceil(Date.now() / 1000) + (fault.retryAfter ?? 1));
    switch (fault.kind) {
      case '429':
        return json(429, { message: SECONDARY }, { 'retry-after': retryAfter });
      case '403-secondary':
        return json(403, { message: SECONDARY }, { 'retry-after': retryAfter });
      case '429-primary':
        return json(429, { message: 'API rate limit exceeded for user ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
      case 'graphql-rate-limited':
        return json(200, { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] }, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
        });
      case '401':
        return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      case '403':
        return json(403, { message: 'Must have admin rights to Repository.' });
      case '404':
        return json(404, { message: 'Not Found' });
      case '502':
        return { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
      default:
        throw new Error(`fault ${fault.kind} has no canned answer`);
    }
  }

  async function route_(method: string, url: URL, body: unknown, authorization: string | undefined): Promise<Answer> {
    if (options.token !== undefined && !/^(token|bearer) (.+)$/i.test(authorization ?? '')) return json(401, { message: 'Requires authentication' });
    if (options.token !== undefined && authorization?.replace(/^(token|bearer) /i, '') !== options.token) return json(401, { message: 'Bad credentials' });
    // GHES serves REST under /api/v3 and GraphQL at /api/graphql (what @octokit/graphql derives from /api/v3)
    const rest = ghes ? (url.pathname.startsWith('/api/v3/') ? url.pathname.slice('/api/v3'.length) : undefined) : url.pathname;
    const graphqlPath = ghes ? '/api/graphql' : '/graphql';
    // the organization audit log is for organizations on GitHub Enterprise Cloud: GHES answers 404
    const auditRoute = ghes ? /^\/enterprises\/[^/]+\/audit-log$/ : /^\/(orgs|enterprises)\/[^/]+\/audit-log$/;
    if (method === 'GET' && rest && auditRoute.test(rest)) return auditLog(url);
    if (method === 'GET' && rest && /^\/orgs\/[^/]+\/rulesets\/rule-suites$/.test(rest)) return ruleSuites(url);
    if (method === 'POST' && url.pathname === graphqlPath) return graphql(body);
    return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  function auditLog(url: URL): Answer {
    const params = url.searchParams;
    let test;
    try {
      test = parsePhrase(params.get('phrase') ?? '');
    } catch (error) {
      if (error instanceof PhraseError) return json(422, { message: error.message });
      throw error;
    }
    const order = params.get('order') ?? 'desc';
    const perPage = Math.min(Number(params.get('per_page') ?? 30) || 30, 100);
    const sign = order === 'asc' ? 1 : -1;
    const position = (e: AuditRecord) => [timeOf(e), String(e._document_id)] as const;
    const compare = (a: readonly [number, string], b: readonly [number, string]) =>
      sign * (a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const hits = dataset.audit.filter(test).sort((a, b) => compare(position(a), position(b)));
    if (ghes) return pageByNumber(url, hits, perPage);
    const after = params.get('after');
    const start = after ? decodeAfter(after) : undefined;
    const rest = start ? hits.filter((e) => compare(position(e), start) > 0) : hits;
    const page = rest.slice(0, perPage);
    const headers: Record<string, string> = {};
    if (rest.length > perPage) {
      const last = page[page.length - 1] as AuditRecord;
      const next = new URL(url.href);
      next.searchParams.set('after', encodeAfter(position(last)));
      next.searchParams.delete('before');
      headers.link = `<${next.href}>; rel="next"`;
    }
    return json(200, page, headers);
  }

  /** `page`/`per_page` paging with Link rel="next" and rel="last" carrying `page=` (rule suites; the GHES audit log). */
  function pageByNumber(url: URL, hits: readonly unknown[], perPage: number): Answer {
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const slice = hits.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < hits.length) {
      const next = new URL(url.href);
      next.searchParams.set('page', String(page + 1));
      const last = new URL(url.href);
      last.searchParams.set('page', String(Math.ceil(hits.length / perPage)));
      headers.link = `<${next.href}>; rel="next", <${last.href}>; rel="last"`;
    }
    return json(200, slice, headers);
  }

  function ruleSuites(url: URL): Answer {
    const params = url.searchParams;
    const result = params.get('rule_suite_result') ?? 'all';
    const period = PERIODS[params.get('time_period') ?? 'day'];
    if (period === undefined) return json(422, { message: 'Invalid time_period' });
    const perPage = Math.min(Number(params.get('per_page') ?? 30) || 30, 100);
    const from = now() - period;
    const hits = dataset.ruleSuites
      .filter((s) => result === 'all' || s.result === result)
      .filter((s) => Date.parse(String(s.pushed_at)) >= from)
      .sort((a, b) => Date.parse(String(b.pushed_at)) - Date.parse(String(a.pushed_at)) || Number(b.id) - Number(a.id));
    return pageByNumber(url, hits, perPage);
  }

  async function graphql(body: unknown): Promise<Answer> {
    const request = typeof body === 'object' && body !== null ? (body as { query?: unknown; variables?: unknown }) : {};
    rateRemaining = Math.max(rateRemaining - 1, 0);
    const resetAt = new Date(Math.ceil(now() / 3_600_000) * 3_600_000).toISOString();
    const outcome = await runGraphql(request, dataset.pullRequests, { remaining: rateRemaining, resetAt }, 'https://github.com');
    graphqlValidationErrors.push(...outcome.validationErrors);
    return json(200, outcome.body, { 'x-ratelimit-remaining': String(rateRemaining) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake-github: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  fake.apiUrl = ghes ? `${origin}/api/v3` : origin;
  return fake;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers, body: JSON.stringify(value) };
}

function timeOf(entry: AuditRecord): number {
  const at = entry.created_at ?? entry['@timestamp'];
  return typeof at === 'number' ? at : 0;
}

/** Opaque like GitHub's: base64 of the last entry's position in the sort order. */
function encodeAfter([time, id]: readonly [number, string]): string {
  return Buffer.from(JSON.stringify([time, id])).toString('base64url');
}

function decodeAfter(cursor: string): [number, string] {
  const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, string];
  return value;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
