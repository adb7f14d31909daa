/**
 * Stream `github.merges`: merged PRs per gate via GraphQL search, many gates per request
 * (one alias each), into `github/merges/<gate-id>.ndjson`.
 * https://docs.github.com/en/graphql/reference/queries#search
 */
import { mergeKey } from '../../archive/read-merges.ts';
import { continuesWatermark, nextWatermark } from '../../archive/write.ts';
import type { StreamSummary } from '../../domain/collect.ts';
import { mergesGateKey, mergesGateKeys } from '../../domain/collect.ts';
import type { Gate } from '../../domain/config.ts';
import { SourceError } from '../../errors.ts';
import { toGithubError } from './errors.ts';
import { type MergeRecord, parseOrThrow, rateLimitSchema, searchResultSchema } from './schema.ts';
import { AUDIT_RETENTION_MS, isoSecond, resolveSince, searchTime, startsOf, stuckCursor, type StreamContext } from './context.ts';

export const MERGES_STREAM = 'github.merges';
/** Search lists at most 1,000 results per query, however many pages: split the range above that. */
const SEARCH_CAP = 1000;
/** Aliases per request: keeps one request's cost and size modest (each alias costs about 1 point). */
export const ALIASES_PER_REQUEST = 20;

interface Task {
  gate: Gate;
  from: number;
  to: number;
  cursor: string | null;
}

export function mergeSearchQuery(gate: Gate, from: number, to: number): string {
  return `repo:${gate.repo} is:pr is:merged base:${gate.branch} merged:${searchTime(from)}..${searchTime(to)}`;
}

/** One GraphQL document with an alias per task; variables `$qN`/`$cN` (`query` is a reserved name in @octokit/graphql). */
export function buildMergesQuery(count: number): string {
  const vars: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(`$q${i}: String!`, `$c${i}: String`);
    fields.push(
      `  g${i}: search(query: $q${i}, type: ISSUE, first: 100, after: $c${i}) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on PullRequest { number mergedAt mergedBy { login } baseRefName url } }
  }`,
    );
  }
  return `query GlasstrailMerges(${vars.join(', ')}) {\n  rateLimit { cost remaining resetAt }\n${fields.join('\n')}\n}`;
}

export async function collectMerges(ctx: StreamContext, gates: readonly Gate[]): Promise<StreamSummary> {
  const state = (await ctx.archive.readState(ctx.archiveDir)).streams[MERGES_STREAM];
  const since = resolveSince(ctx, state?.watermark, ctx.now - AUDIT_RETENTION_MS);
  const requestsBefore = ctx.requests.get(MERGES_STREAM) ?? 0;
  const summary: StreamSummary = {
    stream: MERGES_STREAM,
    requests: 0,
    received: 0,
    added: 0,
    from: isoSecond(since),
    to: isoSecond(ctx.until),
    notes: [],
  };
  const found = new Map<string, MergeRecord[]>(gates.map((gate) => [gate.id, []]));
  // A gate added to the config (or pointed at another repo or branch) since the watermark was
  // set has no merge history yet: its search starts at the audit log's retention, not at since.
  const known = knownGates(state);
  const isNew = (gate: Gate) => known !== undefined && ctx.since === undefined && state?.watermark !== undefined && !known(gate);
  const backfillSince = resolveSince({ ...ctx, since: undefined }, undefined, ctx.now - AUDIT_RETENTION_MS);
  let pending: Task[] = gates.map((gate) => ({ gate, from: isNew(gate) ? Math.min(backfillSince, since) : since, to: ctx.until, cursor: null }));
  summary.from = isoSecond(Math.min(since, ...pending.map((task) => task.from)));
  const where = 'POST /graphql';

  while (pending.length > 0) {
    const batch = pending.slice(0, ALIASES_PER_REQUEST);
    pending = pending.slice(ALIASES_PER_REQUEST);
    const variables: Record<string, string | null> = {};
    batch.forEach((task, i) => {
      variables[`q${i}`] = mergeSearchQuery(task.gate, task.from, task.to);
      variables[`c${i}`] = task.cursor;
    });
    let data: Record<string, unknown>;
    try {
      data = (await ctx.client.graphql(buildMergesQuery(batch.length), variables)) as Record<string, unknown>;
    } catch (error) {
      throw graphqlError(error, where, ctx.token);
    }
    if (data === null || typeof data !== 'object') throw parseOrThrow(searchResultSchema, data, where);
    const rate = parseOrThrow(rateLimitSchema, data.rateLimit, where);
    if (rate && rate.remaining < 100) ctx.progress(`github merges: ${rate.remaining} GraphQL points left until ${rate.resetAt}`);

    batch.forEach((task, i) => {
      const result = parseOrThrow(searchResultSchema, data[`g${i}`], `${where} (${task.gate.id})`);
      if (task.cursor === null && result.issueCount > SEARCH_CAP && task.to - task.from > 1000) {
        // Halve the range and search again; inclusive second-resolution bounds, so no overlap or hole.
        const mid = Math.floor((task.from + (task.to - task.from) / 2) / 1000) * 1000;
        pending.push({ ...task, to: mid, cursor: null }, { ...task, from: mid + 1000, cursor: null });
        return;
      }
      for (const node of result.nodes) {
        if (!node || !('number' in node) || !node.mergedAt) continue;
        summary.received++;
        found.get(task.gate.id)?.push({
          number: node.number,
          mergedAt: node.mergedAt,
          mergedBy: node.mergedBy?.login ?? null,
          baseRef: node.baseRefName,
          url: node.url,
        });
      }
      if (!result.pageInfo.hasNextPage) return;
      const next = result.pageInfo.endCursor;
      if (!next || next === task.cursor) throw stuckCursor(`${where} (${task.gate.id})`, `endCursor ${String(next)}`);
      pending.push({ ...task, cursor: next });
    });
    ctx.progress(`github merges: ${summary.received} merged PRs so far`);
  }

  const files: Record<string, string> = {};
  for (const gate of gates) {
    const records = found.get(gate.id) ?? [];
    const file = ctx.archive.archivePaths.mergesFile(ctx.archiveDir, gate.id);
    const result = await ctx.archive.mergeNdjson(file, records, {
      // by repo and number: a gate pointed at another repo (not a rename) keeps the old repo's PRs,
      // which reports over its earlier periods count (and later ones leave out: read-merges.ts)
      keyOf: mergeKey,
      sortKey: (r) => Date.parse(r.mergedAt),
      replace: true,
    });
    summary.added += result.added;
    if (result.sha256) files[ctx.archive.inventoryKey(ctx.archiveDir, file)] = result.sha256;
  }
  // The watermark moves only when this run continued the covered span (nextWatermark); the gates
  // it covers are recorded with their repo and branch. With an explicit --since, a new gate was
  // searched from then only: it stays unrecorded, so the next default run pulls its history.
  const continued = continuesWatermark(state?.watermark, since);
  const added = gates.filter(isNew);
  const covered = gates.filter((gate) => ctx.since === undefined || known === undefined || known(gate));
  await ctx.archive.updateStreamState(ctx.archiveDir, MERGES_STREAM, {
    watermark: isoSecond(nextWatermark(state?.watermark, since, ctx.until)),
    collectedAt: isoSecond(ctx.now),
    ...(continued ? { gates: covered.map((gate) => gate.id), gateKeys: covered.map(mergesGateKey) } : {}),
    // a gate new since collection began was searched only from the backfill's start: a report
    // over an earlier period says so (archive/coverage.ts)
    ...(continued && added.length > 0 ? { gatesFrom: startsOf(state?.gatesFrom, added.map(mergesGateKey), Math.min(backfillSince, since)) } : {}),
  }, files);
  summary.requests = (ctx.requests.get(MERGES_STREAM) ?? 0) - requestsBefore;
  return summary;
}


/**
 * Which gates the stored watermark covers: by gateKeys (under the gate's repo or a former name of
 * it), or by id in states written before gateKeys existed; undefined when the state records
 * neither (nothing to compare with).
 */
function knownGates(state: Record<string, unknown> | undefined): ((gate: Gate) => boolean) | undefined {
  const strings = (value: unknown) => (Array.isArray(value) ? new Set(value.filter((v): v is string => typeof v === 'string')) : undefined);
  const keys = strings(state?.gateKeys);
  if (keys) return (gate) => mergesGateKeys(gate).some((key) => keys.has(key));
  const ids = strings(state?.gates);
  if (ids) return (gate) => ids.has(gate.id);
  return undefined;
}

function graphqlError(error: unknown, where: string, token: string): Error {
  const name = (error as { name?: string } | null)?.name;
  const errors = (error as { errors?: { type?: string; message?: string }[] } | null)?.errors;
  if (name === 'GraphqlResponseError' && Array.isArray(errors) && !errors.some((e) => e.type === 'RATE_LIMITED')) {
    const text = errors.map((e) => e.message ?? e.type ?? 'error').join('; ');
    return new SourceError('github-graphql', `GitHub GraphQL answered with errors: ${token ? text.split(token).join('***') : text}`, {
      where,
      fix: 'check that every gate repo exists and the token can read it (classic: repo; fine-grained: "Pull requests" read)',
    });
  }
  return toGithubError(error, where, 'graphql', token);
}
