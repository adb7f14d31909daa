/**
 * Stream `github.audit`: the REST audit log, filtered server-side to the bypass and restore actions,
 * stored one entry per line, exactly as received, in `github/audit/YYYY-MM-DD.ndjson`.
 * https://docs.github.com/en/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization
 */
import { continuesWatermark, nextWatermark } from '../../archive/write.ts';
import type { StreamSummary } from '../../domain/collect.ts';
import { RESTORE_ACTIONS } from '../../domain/events.ts';
import { ConfigError } from '../../errors.ts';
import { deploymentOf, toGithubError } from './errors.ts';
import { auditPageSchema, parseOrThrow } from './schema.ts';
import { AUDIT_RETENTION_MS, isoSecond, nextLink, nextPageNumber, resolveSince, searchTime, startsOf, stuckCursor, type StreamContext, holesAfter } from './context.ts';

export const AUDIT_STREAM = 'github.audit';
export { RESTORE_ACTIONS };
/** Write to disk every this many entries, so memory stays flat on a large backfill. */
const FLUSH_EVERY = 5000;
/** More pages than this (10M entries) means the API is misbehaving, not that the org is busy. */
const MAX_PAGES = 100_000;

type Raw = Record<string, unknown>;

/**
 * The search phrase. GitHub ORs repeated qualifiers of one kind (documented for `repo:`, and how
 * the audit-log UI combines several `action:` filters), so one query covers every action.
 * The date bound is a single `created:A..B` range (inclusive) rather than `created:>=A created:<=B`,
 * so that the two bounds cannot be read as alternatives by the same OR rule.
 */
export function auditPhrase(actions: readonly string[], since: number, until: number): string {
  const unique = [...new Set(actions)];
  return `${unique.map((action) => `action:${action}`).join(' ')} created:${searchTime(since)}..${searchTime(until)}`;
}

export function auditPath(github: StreamContext['github']): string {
  if (github.enterprise) return `/enterprises/${encodeURIComponent(github.enterprise)}/audit-log`;
  if (github.org) return `/orgs/${encodeURIComponent(github.org)}/audit-log`;
  throw new ConfigError('config-github', 'github needs `org` or `enterprise` to read the audit log', {
    key: 'github.org',
    fix: 'set github.org (or github.enterprise) in glasstrail.config.yaml',
  });
}

/**
 * The start of the audit log's covered span, [coveredFrom, watermark], after a run over
 * [since, until] (the report states what lies outside it, archive/coverage.ts), never before
 * the audit log's retention (`retainedFrom`). Set by the first run; moved back by a run that reaches into the span; kept by a run wholly before it or
 * after a hole. Archives whose span start was never recorded stay unknown rather than guessed.
 */
export function coveredFrom(state: Record<string, unknown> | undefined, since: number, until: number, continued: boolean, retainedFrom: number): number | undefined {
  // GitHub returns nothing older than its retention, whatever --since asked for
  const reached = Math.max(since, retainedFrom);
  if (state?.watermark === undefined) return reached;
  const previous = typeof state.coveredFrom === 'string' ? Date.parse(state.coveredFrom) : Number.NaN;
  if (!Number.isFinite(previous)) return undefined;
  return continued && until >= previous ? Math.min(previous, reached) : previous;
}

export async function collectAudit(ctx: StreamContext): Promise<StreamSummary> {
  const path = auditPath(ctx.github);
  const where = `GET ${path}`;
  const state = (await ctx.archive.readState(ctx.archiveDir)).streams[AUDIT_STREAM];
  const since = resolveSince(ctx, state?.watermark, ctx.now - AUDIT_RETENTION_MS);
  const actions = [...new Set([...ctx.github.bypassActions, ...RESTORE_ACTIONS])];
  // An action added to github.bypassActions since the watermark was set has never been asked
  // for: it is pulled from the start of the audit log's retention, the others from since.
  const recorded = Array.isArray(state?.actions) ? new Set((state.actions as unknown[]).filter((a): a is string => typeof a === 'string')) : undefined;
  const added = recorded && ctx.since === undefined && state?.watermark !== undefined ? actions.filter((a) => !recorded.has(a)) : [];
  const backfillSince = resolveSince({ ...ctx, since: undefined }, undefined, ctx.now - AUDIT_RETENTION_MS);
  // `per-action` asks for each action on its own: the way out should repeated `action:`
  // qualifiers not be ORed on some deployment (docs/github.md says how to check).
  const split = (list: readonly string[]): string[][] => (ctx.github.auditQuery === 'per-action' ? list.map((a) => [a]) : [[...list]]);
  const queries = [
    ...(added.length > 0 ? split(added).map((part) => ({ phrase: auditPhrase(part, backfillSince, ctx.until), from: backfillSince })) : []),
    ...(added.length < actions.length
      ? split(actions.filter((a) => !added.includes(a))).map((part) => ({ phrase: auditPhrase(part, since, ctx.until), from: since }))
      : []),
  ];
  const requestsBefore = ctx.requests.get(AUDIT_STREAM) ?? 0;

  let received = 0;
  let written = 0;
  // Newest event ever archived (informational); a rerun with an older window must not lower it.
  const previousLast = typeof state?.lastEventAt === 'string' ? Date.parse(state.lastEventAt) : Number.NaN;
  let lastEventAt: number | undefined = Number.isFinite(previousLast) ? previousLast : undefined;
  let buffer: Raw[] = [];
  // the inventory entries of the day files written (state.json `files`)
  const files: Record<string, string> = {};
  const flush = async () => {
    written += await writeEntries(ctx, buffer, files);
    buffer = [];
  };

  try {
    // `include=web`: bypasses and protection changes are web (API/UI) events; Git events (pushes)
    // carry no bypass information here and are kept only 7 days anyway.
    for (const { phrase } of queries) {
      const params: Record<string, string | number> = { phrase, include: 'web', order: 'asc', per_page: 100 };
      const seenCursors = new Set<string>();
      for (let page = 1; ; page++) {
        if (page > MAX_PAGES) throw stuckCursor(where, `more than ${MAX_PAGES} pages`);
        let response;
        try {
          response = await ctx.client.request(`GET ${path}`, params);
        } catch (error) {
          throw toGithubError(error, where, ctx.github.enterprise ? 'enterprise-audit-log' : 'org-audit-log', ctx.token, deploymentOf(ctx.github.apiUrl));
        }
        const raw = response.data as unknown;
        const entries = parseOrThrow(auditPageSchema, raw, where);
        entries.forEach((entry, i) => {
          const at = entry.created_at ?? entry['@timestamp'] ?? 0;
          lastEventAt = Math.max(lastEventAt ?? at, at);
          buffer.push((raw as Raw[])[i] as Raw);
        });
        received += entries.length;
        if (buffer.length >= FLUSH_EVERY) await flush();
        ctx.progress(`github audit log: page ${page}, ${received} entries`);

        const next = nextLink(response.headers.link);
        if (!next) break;
        const link = new URL(next, 'http://github.invalid').searchParams;
        if (!link.has('after') && link.has('page')) {
          // GitHub Enterprise Server pages the audit log by number, not by cursor ("You can use
          // page-based pagination", https://docs.github.com/en/enterprise-server@latest/admin/monitoring-activity-in-your-enterprise/reviewing-audit-logs-for-your-enterprise/using-the-audit-log-api-for-your-enterprise):
          // the number must grow every page.
          params.page = nextPageNumber(next, Number(params.page ?? 1), where, MAX_PAGES);
          delete params.after;
          continue;
        }
        // GitHub.com: an opaque `after` cursor that must change every page.
        const after = link.get('after');
        if (!after || seenCursors.has(after)) throw stuckCursor(where, after ? `cursor ${after} repeated` : 'next link without after= or page=');
        seenCursors.add(after);
        params.after = after;
        delete params.page;
      }
    }
    await flush();
  } catch (error) {
    // The day files written before the failure are recorded as they now are; the cursors stay,
    // so the failed part is pulled again.
    await ctx.archive.recordFiles(ctx.archiveDir, files);
    throw error;
  }

  // Watermark = until, not the newest entry: the query covered everything up to until. Late
  // deliveries older than that are caught by the overlap that the next run subtracts. It only
  // moves when this run continued the covered span (nextWatermark); the actions it covers are
  // recorded, so an action added to the config later is pulled from the start.
  const watermark = nextWatermark(state?.watermark, since, ctx.until);
  const continued = continuesWatermark(state?.watermark, since);
  // With an explicit --since, an action new to the config was asked for from then only: it stays
  // unrecorded, so the next default run pulls its whole history.
  const covered = ctx.since === undefined || !recorded ? actions : actions.filter((a) => recorded.has(a));
  const from = coveredFrom(state, since, ctx.until, continued, ctx.now - AUDIT_RETENTION_MS);
  const hole = retentionHole(state?.watermark, since, continued, ctx.now - AUDIT_RETENTION_MS);
  await ctx.archive.updateStreamState(ctx.archiveDir, AUDIT_STREAM, {
    watermark: isoSecond(watermark),
    ...(from === undefined ? {} : { coveredFrom: isoSecond(from) }),
    ...(hole === undefined ? {} : { holes: holesAfter(state, undefined, hole) }),
    collectedAt: isoSecond(ctx.now),
    ...(continued ? { actions: [...covered].sort() } : {}),
    // an action added since collection began reaches back only to the backfill's start: a report
    // over an earlier period says so (archive/coverage.ts)
    ...(continued && ctx.since === undefined && added.length > 0 ? { actionsFrom: startsOf(state?.actionsFrom, added, backfillSince) } : {}),
    ...(lastEventAt !== undefined ? { lastEventAt: new Date(lastEventAt).toISOString() } : {}),
  }, files);
  return {
    stream: AUDIT_STREAM,
    requests: (ctx.requests.get(AUDIT_STREAM) ?? 0) - requestsBefore,
    received,
    added: written,
    from: isoSecond(Math.min(...queries.map((q) => q.from))),
    to: isoSecond(ctx.until),
    ...(hole === undefined
      ? {}
      : { notes: [`gap: audit-log entries between ${isoSecond(hole.from)} and ${isoSecond(hole.to)} are not in the archive (past GitHub's 180-day retention when this collect ran)`] }),
  };
}

/**
 * A run that continues the covered span from a watermark GitHub no longer keeps (no collect for
 * more than the audit log's retention) reads nothing between that watermark and `retainedFrom`,
 * yet moves the watermark past it: that span is a hole in the covered span, epoch ms.
 */
export function retentionHole(watermark: string | undefined, since: number, continued: boolean, retainedFrom: number): { from: number; to: number } | undefined {
  const mark = watermark === undefined ? Number.NaN : Date.parse(watermark);
  if (!continued || !Number.isFinite(mark)) return undefined;
  const reached = Math.max(since, retainedFrom);
  return reached > mark ? { from: mark, to: reached } : undefined;
}

/**
 * One mergeNdjson per UTC day; dedupe on `_document_id` (delivery is at least once). Each file's
 * digest goes into `files` (by inventory key).
 */
async function writeEntries(ctx: StreamContext, entries: readonly Raw[], files: Record<string, string>): Promise<number> {
  const byFile = new Map<string, Raw[]>();
  for (const entry of entries) {
    const file = ctx.archive.archivePaths.auditSegment(ctx.archiveDir, timeOf(entry));
    const list = byFile.get(file) ?? [];
    list.push(entry);
    byFile.set(file, list);
  }
  let added = 0;
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const result = await ctx.archive.mergeNdjson(file, list, { keyOf: (e) => String(e._document_id), sortKey: timeOf });
    added += result.added;
    if (result.sha256) files[ctx.archive.inventoryKey(ctx.archiveDir, file)] = result.sha256;
  }
  return added;
}

function timeOf(entry: Raw): number {
  const at = entry.created_at ?? entry['@timestamp'];
  return typeof at === 'number' ? at : 0;
}
