/** Turn whatever Octokit threw (after its retries) into our error family, without leaking the token. */
import { GlasstrailError, ShapeError, SourceError } from '../../errors.ts';
import { oneLine } from '../../util/text.ts';
import { RequestTimeoutError, TruncatedJsonError } from './client.ts';

export type GithubEndpoint = 'org-audit-log' | 'enterprise-audit-log' | 'rule-suites' | 'graphql';
/** GitHub.com / GitHub Enterprise Cloud, or GitHub Enterprise Server: their scopes and endpoints differ. */
export type GithubDeployment = 'cloud' | 'server';

/**
 * GHES serves its REST API under `/api/v3` (github.apiUrl `https://HOST/api/v3`); GitHub.com and
 * GHE.com do not. The same test @octokit/graphql uses to find GHES's `/api/graphql`.
 */
export function deploymentOf(apiUrl: string): GithubDeployment {
  return /\/api\/v3\/?$/.test(apiUrl) ? 'server' : 'cloud';
}

/**
 * What to check after a 403/404 (and other 4xx), per endpoint and deployment:
 * - org audit log: for organizations on GitHub Enterprise Cloud only, org owner, `read:audit_log`
 *   (https://docs.github.com/en/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization);
 *   GHES has no such endpoint, only the enterprise audit log;
 * - enterprise audit log: enterprise owner; GHEC `read:audit_log`
 *   (https://docs.github.com/en/enterprise-cloud@latest/rest/enterprise-admin/audit-log), GHES
 *   `admin:enterprise` (https://docs.github.com/en/enterprise-server@latest/rest/enterprise-admin/audit-log;
 *   the GHES audit-log API guide also mentions `read:audit_log` from 3.8, the REST reference does not).
 */
function fixFor(endpoint: GithubEndpoint, deployment: GithubDeployment): string {
  switch (endpoint) {
    case 'org-audit-log':
      return deployment === 'server'
        ? 'GitHub Enterprise Server has no organization audit-log API (it is for organizations on GitHub Enterprise Cloud): ' +
            'set github.enterprise to read the enterprise audit log, with an enterprise owner token with the admin:enterprise scope'
        : 'the organization audit-log API needs GitHub Enterprise Cloud and an organization owner token with the read:audit_log scope ' +
            '(fine-grained: organization "Administration" read)';
    case 'enterprise-audit-log':
      return deployment === 'server'
        ? 'the enterprise audit log on GitHub Enterprise Server needs an enterprise owner token (classic) with the admin:enterprise scope, and github.enterprise set to the enterprise slug'
        : 'the enterprise audit-log API needs an enterprise owner token (classic) with the read:audit_log scope, and github.enterprise set to the enterprise slug';
    case 'rule-suites':
      return 'listing organization rule suites needs an organization owner token (classic: admin:org; fine-grained: organization "Administration")';
    case 'graphql':
      return 'searching pull requests needs a token that can read the gate repositories (classic: repo; fine-grained: "Pull requests" read)';
  }
}

export function toGithubError(error: unknown, where: string, endpoint: GithubEndpoint, token: string, deployment: GithubDeployment = 'cloud'): GlasstrailError {
  if (error instanceof GlasstrailError) return error;
  const fix = fixFor(endpoint, deployment);
  const scrub = (text: string) => (token ? text.split(token).join('***') : text);
  const status = statusOf(error);
  const message = brief(scrub(error instanceof Error ? error.message : String(error)));
  const cause = causeChain(error);

  if (cause.some((e) => e instanceof TruncatedJsonError)) {
    return new ShapeError('github-bad-json', 'GitHub answered with truncated or invalid JSON, also after retries', {
      where,
      fix: 'rerun `glasstrail collect` later; what was already archived stays valid',
    });
  }
  if (status === 401) {
    return new SourceError('github-auth', 'GitHub rejected the token (401): it is invalid, expired or revoked', {
      where,
      fix: 'create a new token, put it in the environment variable named by github.token, and rerun',
    });
  }
  if (isRateLimit(error, message)) {
    return new SourceError('github-rate-limit', `GitHub rate limit still exceeded after retries: ${message}`, {
      where,
      fix: 'wait for the limit to reset (see x-ratelimit-reset) and rerun; collect resumes from the last watermark',
    });
  }
  if (status === 403 || status === 404) {
    return new SourceError('github-forbidden', `GitHub refused the request (${status}): ${message}`, { where, fix });
  }
  // Octokit reports a request that got no answer at all (connection refused, DNS, TLS, a port
  // fetch forbids) as status 500 without a response: not GitHub failing, but GitHub not reached.
  if (status === 500 && (error as { response?: unknown } | null)?.response === undefined && !cause.some((e) => e instanceof RequestTimeoutError)) {
    return new SourceError('github-network', `cannot reach GitHub, also after retries: ${message}`, {
      where,
      fix: 'check github.apiUrl in the config (GitHub Enterprise Server: https://HOST/api/v3), proxies and the network, then rerun',
    });
  }
  if (cause.some((e) => e instanceof RequestTimeoutError) || status === undefined || status >= 500) {
    const answered = status === undefined ? '' : ` (HTTP ${status})`;
    return new SourceError('github-unavailable', `GitHub did not answer successfully${answered}, also after retries: ${message}`, {
      where,
      fix: 'check the network and https://www.githubstatus.com, then rerun; collect resumes where it stopped',
    });
  }
  return new SourceError('github-request', `GitHub request failed (${status}): ${message}`, { where, fix });
}

/**
 * Octokit's message for an answer that is not JSON is the whole body: for a 5xx from GitHub's
 * edge, an HTML page that would land in the evidence's `incomplete` reasons (and the PDF). Only
 * its text is kept, on one line, cut at 300 characters.
 */
export function brief(message: string): string {
  const html = /<(!doctype|html|head|body|title|h[1-6]|p|div)\b/i.test(message);
  const text = html ? message.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ') : message;
  return oneLine(text, 300);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function isRateLimit(error: unknown, message: string): boolean {
  if (/rate limit/i.test(message)) return true;
  const errors = (error as { response?: { data?: { errors?: { type?: string }[] } } } | null)?.response?.data?.errors;
  return Array.isArray(errors) && errors.some((e) => e?.type === 'RATE_LIMITED');
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current && chain.length < 10) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
