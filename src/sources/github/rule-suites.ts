/**
 * Stream `github.rule-suites`: org-level rule suites with result `bypass`, stored in
 * `github/rule-suites/YYYY-MM-DD.ndjson` by the UTC day of `pushed_at`, deduped on `id`.
 * https://docs.github.com/en/rest/orgs/rule-suites#list-organization-rule-suites
 */
import type { StreamSummary } from '../../domain/collect.ts';
import { toGithubError } from './errors.ts';
import { parseOrThrow, ruleSuitePageSchema } from './schema.ts';
import { AUDIT_RETENTION_MS, DAY_MS, isoSecond, nextLink, nextPageNumber, resolveSince, type StreamContext, holesAfter } from './context.ts';

export const RULE_SUITES_STREAM = 'github.rule-suites';
/** `time_period=month` is the furthest the API reaches; we treat it as 30 days to stay on the safe side. */
export const RULE_SUITES_REACH_MS = 30 * DAY_MS;
const MAX_PAGES = 10_000;

export type TimePeriod = 'hour' | 'day' | 'week' | 'month';

/** The smallest `time_period` (counted back from now by GitHub) that still reaches `since`. */
export function timePeriodFor(since: number, now: number): TimePeriod {
  const span = now - since;
  if (span <= 60 * 60 * 1000) return 'hour';
  if (span <= DAY_MS) return 'day';
  if (span <= 7 * DAY_MS) return 'week';
  return 'month';
}

type Raw = Record<string, unknown>;

/**
 * The span of rule suites the archive covers, after a run that read [reached, until]: joined to
 * the stored span when they touch; extended over a gap (named, [gapFrom, gapTo), and recorded as
 * a hole by the caller) when this run lies after it, so the span before the gap stays covered;
 * unchanged when it lies wholly before it (a backfill) or nothing was in the API's reach (until
 * before reached).
 */
export function coveredSpan(
  state: Record<string, unknown> | undefined,
  reached: number,
  until: number,
): { from?: number; to?: number; gapFrom?: number; gapTo?: number } {
  const prevFrom = typeof state?.coveredFrom === 'string' ? Date.parse(state.coveredFrom) : Number.NaN;
  const prevTo = typeof state?.watermark === 'string' ? Date.parse(state.watermark) : Number.NaN;
  const hasPrevious = Number.isFinite(prevFrom) && Number.isFinite(prevTo);
  const previous = hasPrevious ? { from: prevFrom, to: prevTo } : Number.isFinite(prevTo) ? { to: prevTo } : {};
  if (until < reached) return previous;
  if (!hasPrevious) return { from: reached, to: until, ...(Number.isFinite(prevTo) && prevTo < reached ? { gapFrom: prevTo } : {}) };
  if (reached > prevTo) return { from: prevFrom, to: until, gapFrom: prevTo, gapTo: reached };
  if (until < prevFrom) return previous;
  return { from: Math.min(prevFrom, reached), to: Math.max(prevTo, until) };
}

export async function collectRuleSuites(ctx: StreamContext): Promise<StreamSummary> {
  const org = ctx.github.org;
  const state = (await ctx.archive.readState(ctx.archiveDir)).streams[RULE_SUITES_STREAM];
  const since = resolveSince(ctx, state?.watermark, ctx.now - AUDIT_RETENTION_MS);
  const reachable = Math.max(since, ctx.now - RULE_SUITES_REACH_MS);
  const summary: StreamSummary = {
    stream: RULE_SUITES_STREAM,
    requests: 0,
    received: 0,
    added: 0,
    from: isoSecond(reachable),
    to: isoSecond(ctx.until),
    notes: [],
  };
  if (!org) {
    const note = 'skipped: rule suites are listed per organization and github.org is not set';
    ctx.progress(`github rule suites: ${note}`);
    summary.notes?.push(note);
    summary.from = summary.to;
    return summary;
  }
  if (since < reachable) {
    summary.notes?.push(
      `rule suites before ${isoSecond(reachable)} are out of the API's reach (about 30 days); requested from ${isoSecond(since)}`,
    );
  }

  const path = `/orgs/${encodeURIComponent(org)}/rulesets/rule-suites`;
  const where = `GET ${path}`;
  const timePeriod = timePeriodFor(reachable, ctx.now);
  const requestsBefore = ctx.requests.get(RULE_SUITES_STREAM) ?? 0;
  const kept: Raw[] = [];
  for (let page = 1; ; ) {
    let response;
    try {
      response = await ctx.client.request(`GET ${path}`, { rule_suite_result: 'bypass', time_period: timePeriod, per_page: 100, page });
    } catch (error) {
      throw toGithubError(error, where, 'rule-suites', ctx.token);
    }
    const raw = response.data as unknown;
    const suites = parseOrThrow(ruleSuitePageSchema, raw, where);
    summary.received += suites.length;
    suites.forEach((suite, i) => {
      const at = Date.parse(suite.pushed_at);
      if (suite.result === 'bypass' && at >= since && at <= ctx.until) kept.push((raw as Raw[])[i] as Raw);
    });
    ctx.progress(`github rule suites: page ${page}, ${summary.received} suites`);

    const next = nextLink(response.headers.link);
    if (!next) break;
    page = nextPageNumber(next, page, where, MAX_PAGES);
  }

  const files: Record<string, string> = {};
  summary.added = await writeSuites(ctx, kept, files);
  const span = coveredSpan(state, reachable, ctx.until);
  // this run read [reachable, until]: a hole it covers is filled
  const holes = holesAfter(state, ctx.until >= reachable ? { from: reachable, to: ctx.until } : undefined, span.gapFrom === undefined || span.gapTo === undefined ? undefined : { from: span.gapFrom, to: span.gapTo });
  if (span.gapFrom !== undefined) {
    summary.notes?.push(`gap: rule suites between ${isoSecond(span.gapFrom)} and ${isoSecond(reachable)} are not in the archive`);
  }
  await ctx.archive.updateStreamState(ctx.archiveDir, RULE_SUITES_STREAM, {
    ...(span.to === undefined ? {} : { watermark: isoSecond(span.to), coveredTo: isoSecond(span.to) }),
    ...(span.from === undefined ? {} : { coveredFrom: isoSecond(span.from) }),
    ...(holes === undefined ? {} : { holes }),
    collectedAt: isoSecond(ctx.now),
  }, files);
  summary.requests = (ctx.requests.get(RULE_SUITES_STREAM) ?? 0) - requestsBefore;
  return summary;
}

/** One mergeNdjson per UTC day; each file's digest goes into `files` (by inventory key). */
async function writeSuites(ctx: StreamContext, suites: readonly Raw[], files: Record<string, string>): Promise<number> {
  const byFile = new Map<string, Raw[]>();
  for (const suite of suites) {
    const file = ctx.archive.archivePaths.ruleSuiteSegment(ctx.archiveDir, Date.parse(String(suite.pushed_at)));
    const list = byFile.get(file) ?? [];
    list.push(suite);
    byFile.set(file, list);
  }
  let added = 0;
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const result = await ctx.archive.mergeNdjson(file, list, {
      keyOf: (s) => String(s.id),
      sortKey: (s) => Date.parse(String(s.pushed_at)),
    });
    added += result.added;
    if (result.sha256) files[ctx.archive.inventoryKey(ctx.archiveDir, file)] = result.sha256;
  }
  return added;
}
