/**
 * The GitHub client: Octokit core + retry + throttling + paginate-rest, with a fetch wrapper
 * that adds a per-request timeout, rejects truncated JSON (so it is retried like a 5xx) and
 * reports every HTTP attempt (retries included) to `onRequest`.
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export interface GithubTiming {
  /** base delay of the retry plugin (ms; GitHub's `retry-after` seconds are multiplied by it too). Default 1000. */
  retryBaseMs?: number;
  /** retries after the first attempt, per request, for 5xx/network/timeouts and for rate limits. Default 3. */
  maxRetries?: number;
  /** overlap subtracted from the watermark on a rerun (ms). Default 1 hour. */
  overlapMs?: number;
  /** per-attempt timeout, headers and body (ms). Default 60 s. */
  requestTimeoutMs?: number;
  /** longest rate-limit wait we accept before giving up (seconds). Default 15 minutes. */
  maxRateLimitWaitSeconds?: number;
}

export interface GithubClientOptions {
  apiUrl: string;
  token: string;
  timing?: GithubTiming;
  /** called once per HTTP attempt with `METHOD /path` (no query string, never the token) */
  onRequest?: (route: string) => void;
  /** rate-limit and retry notices */
  onNotice?: (message: string) => void;
}

export const GithubOctokit = Octokit.plugin(retry, throttling, paginateRest);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** Marks a body that claimed to be JSON but did not parse: retried, then reported as ShapeError. */
export class TruncatedJsonError extends Error {
  override name = 'TruncatedJsonError';
}

/** Marks our own per-request timeout (not named AbortError, so Octokit turns it into a retryable 500). */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

export function createGithubClient(opts: GithubClientOptions): GithubClient {
  const retryBaseMs = opts.timing?.retryBaseMs ?? 1000;
  const maxRetries = opts.timing?.maxRetries ?? 3;
  const timeoutMs = opts.timing?.requestTimeoutMs ?? 60_000;
  const maxWait = opts.timing?.maxRateLimitWaitSeconds ?? 15 * 60;
  const notice = opts.onNotice ?? (() => {});

  function onLimit(kind: string) {
    return (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number) => {
      const route = `${options.method ?? 'GET'} ${routeOf(options.url ?? '')}`;
      if (retryCount >= maxRetries || retryAfter > maxWait) {
        notice(`${kind} on ${route}: giving up after ${retryCount} retries (retry-after ${retryAfter} s)`);
        return false;
      }
      notice(`${kind} on ${route}: retrying in ${retryAfter} s (${retryCount + 1}/${maxRetries})`);
      return true;
    };
  }

  return new GithubOctokit({
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    auth: opts.token,
    userAgent: 'glasstrail',
    request: { fetch: timedFetch(timeoutMs, opts.onRequest) },
    // Checked in node_modules/@octokit/plugin-retry 8.1 (error-request.js): every status >= 400 not in
    // `doNotRetry` is retried with (retryCount+1)^2 * retryAfterBaseValue ms, ignoring `retry-after`.
    // Network errors and our timeouts arrive as RequestError status 500, so they are retried too.
    // 429 is added to doNotRetry (403 already is) so that plugin-throttling 11.0 (index.js) alone handles
    // rate limits: it retries 403/429 whose message says "secondary rate" (waiting `retry-after`, else 60 s)
    // or whose `x-ratelimit-remaining` is 0 / GraphQL `RATE_LIMITED` (waiting until `x-ratelimit-reset`),
    // but only while our handler returns true. A bare 429 with neither marker is not retried by either
    // plugin; GitHub documents one of the two markers on every rate-limit answer.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: maxRetries, retryAfterBaseValue: retryBaseMs },
    throttle: {
      retryAfterBaseValue: retryBaseMs,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** `/orgs/acme/audit-log` from a full URL; the query string is dropped (it may be long, never secret). */
export function routeOf(url: string): string {
  try {
    return new URL(url, 'http://github.invalid').pathname;
  } catch {
    return url;
  }
}

function timedFetch(timeoutMs: number, onRequest?: (route: string) => void): typeof fetch {
  return async function fetchWithTimeout(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    onRequest?.(`${init?.method ?? 'GET'} ${routeOf(url)}`);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await fetch(input, { ...init, signal });
      // Read the whole body under the same timeout: a server that sends headers and then stalls
      // must not hang the run.
      const body = await response.text();
      const type = response.headers.get('content-type') ?? '';
      if (/\bjson\b/i.test(type) && body.length > 0 && response.status < 400) {
        try {
          JSON.parse(body);
        } catch {
          throw new TruncatedJsonError(`the response body is not valid JSON (${body.length} bytes, cut short?)`);
        }
      }
      const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(nullBody ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (timeout.aborted) throw new RequestTimeoutError(`no complete answer within ${timeoutMs} ms`, { cause: error });
      throw error;
    }
  };
}
