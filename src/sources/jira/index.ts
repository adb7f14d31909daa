/**
 * Live collection from Jira Cloud into `archive/jira/` (CONTRACT §3 `jira`, §4, §7 Review).
 * Everything is fetched first and written last, so a failed pull leaves the archive as it was.
 *
 * A rerun with nothing new costs one request: the zone, field ids, status catalogue and missing
 * keys are cached in `state.json` (see state.ts for how long), ledger review keys already archived
 * are not fetched again, and those outside the configured JQL ride along in the one search.
 */
import { createCloudClient, type CloudClient } from 'jira.js';
import { createClient, type Client } from 'jira.js/core';
import { cleanStaleTmp } from '../../archive/atomic.ts';
import { archivePaths, inventoryKey, mergeNdjson, nextWatermark, readState, sha256Of, updateStreamState, writeFileAtomic } from '../../archive/write.ts';
import type { StreamSummary } from '../../domain/collect.ts';
import { checkSecretValue } from '../../config/secrets.ts';
import type { Config, SecretRef } from '../../domain/config.ts';
import { ConfigError, ShapeError } from '../../errors.ts';
import { formerKeysIn, readArchivedVersions } from './archived.ts';
import { requestedFields } from './fields.ts';
import { inWindow, isIssueKey, keysWindowJql, outsideJql, windowJql } from './jql-window.ts';
import { loadMetadata } from './metadata.ts';
import { changelogsFor, fetchByKeys } from './pull.ts';
import { chunked, KEY_CHUNK, keysToFetch, ledgerKeysOf, searchNamingKeys } from './review-keys.ts';
import { parseJiraTime, statusListSchema, type ArchivedIssue, type JiraIssue } from './schema.ts';
import { isFresh, readJiraState, utc, type JiraStreamState } from './state.ts';
import { catalogueRefreshReason, keepDeleted, readCatalogue, statusIdsIn } from './statuses.ts';
import { createTransport, DEFAULT_RETRY, type CountingClient, type SchemaMismatch } from './transport.ts';

export type { JiraStreamState } from './state.ts';

export const STREAM = 'jira.issues';
/** Rerun overlap below the watermark: Jira's search index trails writes by seconds to minutes. */
export const OVERLAP_MS = 60 * 60 * 1000;
/** First run: the enhanced search needs a bounded JQL, so reach back this far. */
export const FIRST_RUN_LOOKBACK_MS = 400 * 24 * 60 * 60 * 1000;

export interface JiraCollectOptions {
  config: Config;
  /** review keys the ledger references; fetched even if the JQL misses them */
  reviewKeys: readonly string[];
  /** epoch ms; default: the `updated` watermark − overlap, or now − 400 days on a first run */
  since?: number;
  until: number;
  now: number;
  env?: Record<string, string | undefined>;
  progress?: (message: string) => void;
  timing?: { retryBaseMs?: number; maxRetries?: number; maxWaitMs?: number };
  /** a jira.js core client to use instead of one built from config.jira (tests, custom transports) */
  client?: Client;
  /** also check answers against jira.js' own schemas (tests); our schemas always apply */
  schemaMismatch?: SchemaMismatch;
}

function secret(ref: SecretRef | undefined, key: string, env: Record<string, string | undefined>, file: string): string {
  const value = ref ? env[ref.env] : undefined;
  if (!ref || !value) {
    throw new ConfigError('config-jira-secret', ref ? `environment variable ${ref.env} is not set` : `${key} is missing`, {
      where: file,
      key,
      fix: ref ? `export ${ref.env}=… before running glasstrail collect` : `add ${key}: env:NAME to the config`,
    });
  }
  checkSecretValue(value, ref.env, key, file, key === 'jira.email' ? 'email' : 'token');
  return value;
}

/** The first problem of a jira.js settings error (a zod error lists them as JSON), in one line, with no values. */
function clientProblem(error: unknown): string {
  const issues = (error as { issues?: { path?: unknown[]; message?: string }[] } | null)?.issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  if (first) return `${(first.path ?? []).join('.') || 'settings'}: ${first.message ?? 'invalid'}`;
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

/** Natural order of `PROJ-12` keys: by project, then number. */
function keyOrder(key: string): string {
  const match = /^(.*)-(\d+)$/.exec(key);
  return match ? `${match[1]}-${match[2]?.padStart(12, '0')}` : key;
}

export async function collectJira(options: JiraCollectOptions): Promise<StreamSummary[]> {
  const { config, until, now } = options;
  const progress = options.progress ?? (() => {});
  const jiraConfig = config.jira;
  if (!jiraConfig) throw new ConfigError('config-jira', 'no "jira" section in the config', { where: config.file, key: 'jira' });
  const env = options.env ?? process.env;

  const names = { email: jiraConfig.email?.env ?? 'JIRA_EMAIL', token: jiraConfig.token?.env ?? 'JIRA_API_TOKEN', jql: jiraConfig.jql };
  let inner = options.client;
  if (!inner) {
    const email = secret(jiraConfig.email, 'jira.email', env, config.file);
    const apiToken = secret(jiraConfig.token, 'jira.token', env, config.file);
    try {
      inner = createClient({ host: jiraConfig.host, auth: { type: 'basic', email, apiToken } });
    } catch (error) {
      // jira.js validates its settings with its own (stricter) rules, e.g. an email like a@b.c
      throw new ConfigError('config-jira-client', `jira.js refused the Jira settings (jira.host, ${names.email}): ${clientProblem(error)}`, {
        where: config.file,
        key: 'jira',
        fix: `check jira.host (e.g. https://acme.atlassian.net) and that ${names.email} holds the account's full email address`,
      });
    }
  }
  const policy = { ...DEFAULT_RETRY, ...definedOnly(options.timing) };
  const transport: CountingClient = createTransport(inner, policy, names, progress, options.schemaMismatch);
  const bulkRetry = { policy, progress };
  const jira: CloudClient = createCloudClient(transport);

  const state = await readState(config.archive);
  const previous = readJiraState(state.streams[STREAM]);
  // The daily refresh: zone, field ids, status catalogue and missing keys are asked for again
  // once the last refresh is 24 h old (or absent, or after `now`: a clock set back).
  const refresh = !isFresh(previous.refreshedAsOf, now);
  const { timeZone: zone, ...metadata } = await loadMetadata(jira, previous, jiraConfig.fields, config.file, refresh, progress);
  const fields = requestedFields(metadata.fieldIds);

  const previousWatermark = previous.watermark ? Date.parse(previous.watermark) : undefined;
  const since = options.since ?? (previousWatermark !== undefined && !Number.isNaN(previousWatermark) ? previousWatermark - OVERLAP_MS : now - FIRST_RUN_LOOKBACK_MS);
  const sameFields = JSON.stringify(previous.fields) === JSON.stringify(fields);

  const { versions: archived, formerKeys: archivedFormerKeys } = await readArchivedVersions(archivePaths.jiraIssues(config.archive));
  const archivedKeys = new Set(archived.keys());
  const ledgerKeys = ledgerKeysOf(options.reviewKeys);
  const knownMissing = new Set(previous.missingKeys ?? []);
  const recheckMissing = knownMissing.size > 0 && refresh;

  const found: JiraIssue[] = []; // current versions fetched whatever their `updated`
  const gone = new Set<string>(); // archived keys that turned out not to exist any more
  let outside: Set<string>;
  if (previous.outsideKeys === undefined && archivedKeys.size > 0) {
    // State from before `outsideKeys` was recorded: find out once which archived review tickets
    // the configured JQL does not cover (one search per 100 keys), instead of guessing.
    outside = new Set();
    const candidates = ledgerKeys.filter((key) => archivedKeys.has(key) && !knownMissing.has(key) && isIssueKey(key));
    for (const keys of chunked(candidates, KEY_CHUNK)) {
      const result = await searchNamingKeys(jira, keys, (ks) => (ks.length > 0 ? outsideJql(jiraConfig.jql, ks) : undefined), fields, bulkRetry);
      for (const issue of result.issues) outside.add(issue.key);
      for (const key of result.missing) gone.add(key);
      found.push(...result.issues, ...result.fetched);
    }
  } else {
    outside = new Set((previous.outsideKeys ?? []).filter((key) => archivedKeys.has(key) && !knownMissing.has(key) && isIssueKey(key)));
  }

  // Archived review tickets the configured JQL does not cover are refreshed incrementally by
  // naming them in the same search: `((<jql>) OR key in (…)) AND updated >= …`. Trade-offs:
  // - one request instead of a bulk fetch of every ledger key (25 requests for 2,440 keys), but
  //   only keys known to exist may be named (Jira answers 400 for the whole query otherwise):
  //   archived ones; a key deleted since costs a bulk fetch and a second search, once
  //   (searchNamingKeys), then it is in `missingKeys`;
  // - the JQL grows by ~12 characters a key; past 100 keys the rest go into their own
  //   `key in (…) AND updated …` searches (one more request per 100 keys);
  // - "outside the JQL" is remembered, not re-evaluated: a key counts as outside when it had to be
  //   fetched by key. A ticket that later *leaves* the configured JQL (say, a label removed) is no
  //   longer refreshed; its archived version stays. Keep review tickets in the JQL's projects.
  const foldable = [...outside].sort();
  const [mainKeys = [], ...moreKeys] = chunked(foldable, KEY_CHUNK);
  const jql = windowJql(jiraConfig.jql, since, until, zone);
  progress(`jira: ${jql} (dates in ${zone})${foldable.length > 0 ? ` + ${foldable.length} archived review tickets outside it` : ''}`);
  const searched: JiraIssue[] = [];
  for (const [index, keys] of [mainKeys, ...moreKeys].entries()) {
    const jqlFor = index === 0
      ? (ks: readonly string[]) => windowJql(jiraConfig.jql, since, until, zone, ks)
      : (ks: readonly string[]) => (ks.length > 0 ? keysWindowJql(ks, since, until, zone) : undefined);
    const result = await searchNamingKeys(jira, keys, jqlFor, fields, bulkRetry);
    searched.push(...result.issues);
    found.push(...result.fetched);
    for (const key of result.missing) gone.add(key);
  }
  const windowed = searched.filter((issue) => inWindow(parseJiraTime(issue.fields.updated) ?? Number.NaN, since, until));

  const seen = new Set([...windowed, ...found].map((issue) => issue.key));
  // a key an archived issue had before a move names that issue: it is archived, under its new key
  const byKeyWanted = keysToFetch(ledgerKeys, archivedKeys, seen, knownMissing, recheckMissing).filter((key) => !gone.has(key) && !archivedFormerKeys.has(key.toUpperCase()));
  const extra = byKeyWanted.length > 0 ? await fetchByKeys(jira, byKeyWanted, fields, bulkRetry) : { issues: [], missing: [] };
  // Fetched by key because no search returned it: outside the configured JQL from now on.
  for (const issue of extra.issues) if (isIssueKey(issue.key)) outside.add(issue.key);

  // Unchanged since archived (same `updated`, same field list): nothing new to write.
  const byKey = new Map<string, JiraIssue>();
  for (const issue of [...found, ...windowed, ...extra.issues]) byKey.set(issue.key, issue);
  const changed = [...byKey.values()].filter((issue) => !(sameFields && archived.get(issue.key) === issue.fields.updated));
  const histories = changed.length > 0 ? await changelogsFor(jira, changed.map((issue) => issue.id)) : new Map();
  const records: ArchivedIssue[] = changed.map((issue) => ({ ...issue, changelog: { histories: histories.get(issue.id) ?? [] } }));
  // A moved issue asked for by its old key answers under its new one: the old key is not missing.
  const movedKeys = formerKeysIn(histories.values());
  const notMoved = (key: string): boolean => !movedKeys.has(key.toUpperCase());
  for (const key of extra.missing.filter(notMoved)) if (!knownMissing.has(key)) progress(`jira: review ticket ${key} not found (or not visible to the API user)`);

  const statusesPath = archivePaths.jiraStatuses(config.archive);
  const stored = await readCatalogue(statusesPath, state.files?.[inventoryKey(config.archive, statusesPath)]);
  const storedIds = stored?.statuses && new Set(stored.statuses.map((status) => status.id));
  const reason = catalogueRefreshReason(storedIds, refresh, statusIdsIn(changed, histories.values()));
  let statuses: unknown;
  let catalogueNote: string | undefined;
  if (reason !== undefined) {
    const fetched: unknown = await jira.workflowStatuses.getStatuses();
    parseOrThrow(statusListSchema, fetched, 'GET /rest/api/3/status');
    // as returned (parsing reorders fields), then the stored statuses it no longer lists
    statuses = keepDeleted(fetched as Parameters<typeof keepDeleted>[0], stored);
    if (stored && !stored.vouched) {
      catalogueNote = 'jira/statuses.json was not as collect wrote it (edited, damaged, or older than the inventory): replaced by Jira\'s answer, so statuses Jira has deleted since are no longer known';
    }
    if (reason === 'unknown-status') progress('jira: a collected issue names a status not in statuses.json; fetched the catalogue again');
  }

  // the inventory entries of the files written (state.json `files`)
  const files: Record<string, string> = {};
  // Written last: nothing above touched the archive.
  if (statuses !== undefined) {
    const text = `${JSON.stringify(statuses, null, 2)}\n`;
    await writeFileAtomic(statusesPath, text);
    files[inventoryKey(config.archive, statusesPath)] = sha256Of(text);
  }
  // A collect killed while writing the catalogue left a temp file beside it; sweep it even when
  // the cached catalogue is kept.
  else await cleanStaleTmp(statusesPath);
  const merged = await mergeNdjson(archivePaths.jiraIssues(config.archive), records, {
    keyOf: (record) => record.key,
    sortKey: (record) => keyOrder(record.key),
    replace: true,
  });

  // The issues file exists after every Jira collect, empty when no issue matched: `report` can
  // then tell an archive that lost it (every review would read as missing) from one with none.
  // (mergeNdjson wrote nothing only when there was no file and no issue)
  if (merged.sha256 === undefined) await writeFileAtomic(archivePaths.jiraIssues(config.archive), '', { mode: 0o600 });
  files[inventoryKey(config.archive, archivePaths.jiraIssues(config.archive))] = merged.sha256 ?? sha256Of('');
  const foundKeys = new Set(byKey.keys());
  const missing = new Set([...knownMissing].filter((key) => !foundKeys.has(key) && !archivedFormerKeys.has(key.toUpperCase()) && !(recheckMissing && byKeyWanted.includes(key))));
  for (const key of [...extra.missing, ...gone].filter(notMoved)) missing.add(key);
  for (const key of missing) outside.delete(key);
  // Moves forward only when this run continued the covered span: an explicit --since after a
  // hole (or a backfill before the watermark) leaves it, so the next default run fills the hole.
  const watermark = nextWatermark(previous.watermark, since, until);
  const streamState: JiraStreamState = {
    watermark: utc(watermark),
    collectedAt: utc(now),
    timeZone: zone,
    ...metadata,
    fields,
    missingKeys: [...missing].sort(),
    outsideKeys: [...outside].sort(),
    refreshedAsOf: refresh ? utc(until) : previous.refreshedAsOf,
  };
  await updateStreamState(config.archive, STREAM, streamState, files);

  const notes = [`JQL dates in ${zone}`, `${changed.length} issues written, ${byKey.size - changed.length} unchanged`];
  if (missing.size > 0) notes.push(`review tickets not found: ${[...missing].sort().join(', ')}`);
  if (catalogueNote) notes.push(catalogueNote);
  progress(`jira: ${windowed.length} issues in window, ${extra.issues.length} review tickets fetched by key, ${merged.added} new`);
  return [{ stream: STREAM, requests: transport.requests(), received: byKey.size, added: merged.added, from: utc(since), to: utc(until), notes }];
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function parseOrThrow<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } }, data: unknown, endpoint: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ShapeError('jira-shape', 'unexpected answer from Jira', { where: endpoint, fix: 'check that jira.host is a Jira Cloud site' });
  return parsed.data;
}
