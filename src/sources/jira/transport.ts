/**
 * A jira.js `Client` wrapper: retries, request counting, raw responses, and our error family.
 *
 * Why a wrapper rather than jira.js' own `retry` / `withRetry` (jira.js 6.2, checked in
 * node_modules/jira.js/dist/core/withRetry.js): both retry only 502/503/504 and network faults;
 * `withRetry` adds 429 under `retryRateLimit` but treats 500 as permanent. Jira Cloud answers
 * transient 500s and bursts of 429, so one policy here covers every call.
 *
 * Why raw responses: jira.js validates with zod schemas that coerce changelog `created` into a
 * `Date` (losing Jira's `-0400` offset). The archive keeps issues exactly as Jira returns them, so
 * the wrapper hands back the parsed JSON untouched; our own schemas (schema.ts) are the boundary.
 * jira.js' schema is run as an extra check only when asked (`schemaMismatch: 'throw'`, in tests):
 * it has false alarms in production, e.g. a changelog item without a `toString` key reads the
 * inherited Object.prototype.toString and fails `z.string().nullish()`.
 */
import { isApiError, isNetworkError, isRateLimitError } from 'jira.js';
import type { Client } from 'jira.js/core';
import { GlasstrailError, ShapeError, SourceError } from '../../errors.ts';
import { errorBodySchema } from './schema.ts';

export interface RetryPolicy {
  /** first backoff delay; doubles per attempt */
  retryBaseMs: number;
  /** retries after the first attempt */
  maxRetries: number;
  /** longest `Retry-After` we wait out before giving up */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryBaseMs: 1000, maxRetries: 5, maxWaitMs: 120_000 };

export type SchemaMismatch = 'throw' | 'ignore';

export interface CountingClient extends Client {
  /** HTTP attempts made so far (retries included) */
  readonly requests: () => number;
}

/** What the error messages need to name the remedy. */
export interface CredentialNames {
  email: string;
  token: string;
  jql: string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** A JSON body that does not parse comes back from jira.js as the raw text: treat it as a transient fault. */
class BadJsonResponse extends Error {
  override name = 'BadJsonResponse';
}

export function createTransport(
  inner: Client,
  policy: RetryPolicy,
  names: CredentialNames,
  progress: (message: string) => void = () => {},
  schemaMismatch: SchemaMismatch = 'ignore',
): CountingClient {
  let requests = 0;
  async function sendRequest<T>(options: Parameters<Client['sendRequest']>[0]): Promise<T> {
    const { schema, ...request } = options;
    const endpoint = `${request.method ?? 'GET'} ${request.url}`;
    for (let attempt = 0; ; attempt += 1) {
      requests += 1;
      try {
        const data: unknown = await inner.sendRequest({ ...request });
        if (schema && typeof data === 'string') throw new BadJsonResponse(`${endpoint} answered with a body that is not JSON`);
        if (schema && schemaMismatch === 'throw') {
          const checked = schema.safeParse(data);
          if (!checked.success) {
            const issue = checked.error.issues[0];
            const at = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
            throw new ShapeError('jira-shape', `Jira's answer to ${endpoint} does not have the documented shape (${at})`, {
              where: endpoint,
              fix: 'check that jira.host is a Jira Cloud site (Data Center is not supported yet)',
            });
          }
        }
        return data as T;
      } catch (error) {
        if (error instanceof GlasstrailError) throw error;
        const wait = retryDelay(error, attempt, policy);
        if (wait === undefined) throw toSourceError(error, endpoint, names, attempt);
        progress(`jira: ${endpoint} ${describeFault(error)}; retry ${attempt + 1}/${policy.maxRetries} in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
  return { sendRequest, requests: () => requests };
}

/** The backoff before retry `attempt + 1`: `retryBaseMs`, doubling per attempt. */
export function backoffMs(policy: Pick<RetryPolicy, 'retryBaseMs'>, attempt: number): number {
  return policy.retryBaseMs * 2 ** attempt;
}

/** Delay before the next attempt, or undefined when the error is permanent or retries are spent. */
function retryDelay(error: unknown, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxRetries) return undefined;
  const transient =
    error instanceof BadJsonResponse ||
    (isNetworkError(error) && error.transient) ||
    (isApiError(error) && RETRYABLE_STATUS.has(error.status));
  if (!transient) return undefined;
  const backoff = backoffMs(policy, attempt);
  const retryAfter = isRateLimitError(error) ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined && retryAfter > policy.maxWaitMs) return undefined;
  return Math.max(retryAfter ?? 0, backoff);
}

function describeFault(error: unknown): string {
  if (isApiError(error)) return `answered ${error.status}`;
  if (error instanceof BadJsonResponse) return 'answered with bad JSON';
  return 'failed on the network';
}

/** Jira's own words from a 4xx body (JQL errors live here). */
function jiraMessages(body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return '';
  const messages = [...(parsed.data.errorMessages ?? []), ...Object.entries(parsed.data.errors ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return messages.join('; ');
}

function toSourceError(error: unknown, endpoint: string, names: CredentialNames, attempt: number): SourceError {
  const context = { where: endpoint };
  if (error instanceof BadJsonResponse) {
    return new SourceError('jira-bad-json', `${error.message} (after ${attempt + 1} attempts)`, { ...context, fix: 'retry later; check for a proxy in front of jira.host' });
  }
  if (isNetworkError(error)) {
    return new SourceError('jira-network', `cannot reach Jira: ${error.code ?? 'network error'}`, { ...context, fix: 'check jira.host and the network' }, { cause: error });
  }
  if (!isApiError(error)) {
    return new SourceError('jira-request', `request to Jira failed: ${error instanceof Error ? error.message : String(error)}`, context, { cause: error });
  }
  const said = jiraMessages(error.body);
  const suffix = said ? `: ${said}` : '';
  switch (error.status) {
    case 401:
      return new SourceError('jira-auth', `Jira rejected the credentials (401)${suffix}`, { ...context, fix: `check ${names.email}/${names.token} (an API token from id.atlassian.com, with the account's email)` });
    case 403:
      return new SourceError('jira-forbidden', `Jira refused access (403)${suffix}`, { ...context, fix: `the API user needs Browse projects on the project(s) in jira.jql (${names.jql})` });
    case 400:
      return new SourceError('jira-bad-request', `Jira rejected the request (400)${suffix}`, { ...context, fix: 'check jira.jql and jira.fields in the config' });
    case 404:
      return new SourceError('jira-not-found', `Jira has no such resource (404)${suffix}`, { ...context, fix: 'check jira.host (the site URL, e.g. https://acme.atlassian.net)' });
    case 410:
      return new SourceError('jira-gone', `Jira retired this endpoint (410)${suffix}`, context);
    default:
      return new SourceError('jira-http', `Jira answered ${error.status} ${error.statusText} after ${attempt + 1} attempts${suffix}`, { ...context, fix: 'retry later' }, { cause: error });
  }
}
