/**
 * `POST /graphql` of the fake: every document is validated against GitHub's published schema
 * (`@octokit/graphql-schema` schema.json, via graphql-js), then executed with graphql-js over the
 * dataset. Only `search` (merged PRs) and `rateLimit` have data behind them.
 */
import { readFileSync } from 'node:fs';
import { buildClientSchema, execute, type GraphQLSchema, type IntrospectionQuery, parse, validate } from 'graphql';

export interface FakePullRequest {
  /** `owner/name` */
  repo: string;
  number: number;
  /** RFC 3339 */
  mergedAt: string | null;
  mergedBy: string | null;
  baseRefName: string;
}

let cached: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (the JSON is ~5 MB). */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    const url = new URL('schema.json', import.meta.resolve('@octokit/graphql-schema'));
    const json = JSON.parse(readFileSync(url, 'utf8')) as IntrospectionQuery | { data: IntrospectionQuery };
    // assumeValid: graphql-js 17 rejects GitHub's own schema (deprecated implementations of
    // non-deprecated interface fields); queries are still validated against it in full.
    cached = buildClientSchema('data' in json ? json.data : json, { assumeValid: true });
  }
  return cached;
}

export interface GraphqlOutcome {
  body: unknown;
  validationErrors: string[];
}

/** GitHub lists at most 1,000 search results, however many match. */
const SEARCH_CAP = 1000;

export async function runGraphql(
  request: { query?: unknown; variables?: unknown },
  pullRequests: readonly FakePullRequest[],
  rate: { remaining: number; resetAt: string },
  apiOrigin: string,
): Promise<GraphqlOutcome> {
  if (typeof request.query !== 'string') return { body: { errors: [{ message: 'A query attribute must be specified' }] }, validationErrors: ['no query'] };
  const schema = githubSchema();
  let document;
  try {
    document = parse(request.query);
  } catch (error) {
    const message = (error as Error).message;
    return { body: { errors: [{ type: 'PARSE_ERROR', message }] }, validationErrors: [message] };
  }
  const errors = validate(schema, document);
  if (errors.length > 0) {
    const messages = errors.map((e) => e.message);
    return { body: { errors: messages.map((message) => ({ message })) }, validationErrors: messages };
  }
  const rootValue = {
    rateLimit: () => ({ cost: 1, remaining: rate.remaining, resetAt: rate.resetAt, limit: 5000, used: 5000 - rate.remaining }),
    search: (args: { query: string; type: string; first?: number; after?: string | null }) => search(args, pullRequests, apiOrigin),
  };
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: (request.variables ?? {}) as Record<string, unknown>,
  });
  return { body: result, validationErrors: [] };
}

function search(args: { query: string; type: string; first?: number; after?: string | null }, all: readonly FakePullRequest[], origin: string) {
  if (args.type !== 'ISSUE') throw new Error('the fake only searches issues');
  const match = matcher(args.query);
  const hits = all.filter(match).sort((a, b) => (b.mergedAt ?? '').localeCompare(a.mergedAt ?? '') || b.number - a.number);
  const first = Math.min(args.first ?? 10, 100);
  const offset = args.after ? decodeCursor(args.after) : 0;
  const listable = Math.min(hits.length, SEARCH_CAP);
  const page = hits.slice(offset, Math.min(offset + first, listable));
  const end = offset + page.length;
  return {
    issueCount: hits.length,
    pageInfo: {
      hasNextPage: end < listable,
      endCursor: page.length > 0 ? encodeCursor(end) : null,
      hasPreviousPage: offset > 0,
      startCursor: page.length > 0 ? encodeCursor(offset + 1) : null,
    },
    nodes: page.map((pr) => ({
      __typename: 'PullRequest',
      number: pr.number,
      mergedAt: pr.mergedAt,
      mergedBy: pr.mergedBy ? { __typename: 'User', login: pr.mergedBy } : null,
      baseRefName: pr.baseRefName,
      url: `${origin}/${pr.repo}/pull/${pr.number}`,
    })),
  };
}

function encodeCursor(position: number): string {
  return Buffer.from(`cursor:${position}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!match) throw new Error(`invalid cursor ${cursor}`);
  return Number(match[1]);
}

/**
 * `repo:o/r is:pr is:merged base:main merged:A..B`, inclusive, in the date forms the search syntax
 * documents: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS+HH:MM` or `YYYY-MM-DDTHH:MM:SSZ`
 * (https://docs.github.com/en/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates).
 */
function matcher(query: string): (pr: FakePullRequest) => boolean {
  const tests: ((pr: FakePullRequest) => boolean)[] = [];
  for (const token of query.trim().split(/\s+/)) {
    const [key, value = ''] = token.split(/:(.*)/s) as [string, string?];
    if (key === 'repo') tests.push((pr) => pr.repo === value);
    else if (key === 'is' && value === 'pr') continue;
    else if (key === 'is' && value === 'merged') tests.push((pr) => pr.mergedAt !== null);
    else if (key === 'base') tests.push((pr) => pr.baseRefName === value);
    else if (key === 'merged') {
      const [from, to] = value.split('..') as [string, string?];
      if (to === undefined) throw new Error(`the fake wants merged:A..B, got ${value}`);
      for (const bound of [from, to]) {
        if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?$/.test(bound) || Number.isNaN(Date.parse(bound))) {
          throw new Error(`the fake wants merged: dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM (or Z), got ${bound}`);
        }
      }
      const lo = Date.parse(from);
      const hi = /^\d{4}-\d{2}-\d{2}$/.test(to) ? Date.parse(`${to}T23:59:59.999Z`) : Date.parse(to);
      tests.push((pr) => pr.mergedAt !== null && Date.parse(pr.mergedAt) >= lo && Date.parse(pr.mergedAt) <= hi);
    } else throw new Error(`the fake does not know the search qualifier ${token}`);
  }
  return (pr) => tests.every((t) => t(pr));
}
