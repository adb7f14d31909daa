/**
 * Live collection from Jira Cloud into `archive/jira/` (CONTRACT §3 `jira`, §4, §7 Review).
 * Everything is fetched first and written last, so a failed pull leaves the archive as it was.
 */
import { createCloudClient, type CloudClient } from 'jira.js';
import { createClient, type Client } from 'jira.js/core';
import { IANAZone } from 'luxon';
import { archivePaths, mergeNdjson, readState, updateStreamState, writeFileAtomic } from '../../archive/write.ts';
import type { StreamSummary } from '../../domain/collect.ts';
import type { Config, SecretRef } from '../../domain/config.ts';
import { ConfigError, ShapeError } from '../../errors.ts';
import { readArchivedVersions } from './archived.ts';
import { isFieldId, requestedFields, resolveFields, type FieldRole } from './fields.ts';
import { inWindow, windowJql } from './jql-window.ts';
import { changelogsFor, fetchByKeys, searchAll } from './pull.ts';
import { fieldListSchema, myselfSchema, parseJiraTime, statusListSchema, type ArchivedIssue, type JiraIssue } from './schema.ts';
import { createTransport, DEFAULT_RETRY, type CountingClient, type SchemaMismatch } from './transport.ts';

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

/** Extra fields this source keeps in `state.json` under `jira.issues`. */
export interface JiraStreamState {
  watermark: string;
  collectedAt: string;
  /** the API user's profile zone the JQL dates were written in */
  timeZone: string;
  /** configured field (id or name) → the id under which it appears in `fields` of archived issues */
  fieldIds: Partial<Record<FieldRole, string>>;
  /** the `fields` list asked for; a change forces a full refetch of unchanged issues */
  fields: string[];
  /** ledger review keys Jira does not know (or the API user cannot see) */
  missingKeys: string[];
  [extra: string]: unknown;
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
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
  return value;
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
    inner = createClient({ host: jiraConfig.host, auth: { type: 'basic', email, apiToken } });
  }
  const transport: CountingClient = createTransport(inner, { ...DEFAULT_RETRY, ...definedOnly(options.timing) }, names, progress, options.schemaMismatch);
  const jira: CloudClient = createCloudClient(transport);

  const myself = myselfSchema.safeParse(await jira.myself.getCurrentUser());
  if (!myself.success || !IANAZone.isValidZone(myself.data.timeZone)) {
    throw new ShapeError('jira-myself', 'GET /rest/api/3/myself gave no usable timeZone', { where: 'GET /rest/api/3/myself', fix: 'set a time zone in the API user\'s Jira profile' });
  }
  const zone = myself.data.timeZone;

  const configured = jiraConfig.fields;
  const needsCatalogue = [configured.reviewer, configured.followUp].some((value) => value !== undefined && value.trim() !== '');
  const fieldIds = needsCatalogue
    ? resolveFields(configured, parseOrThrow(fieldListSchema, await jira.issueFields.getFields(), 'GET /rest/api/3/field'), config.file)
    : {};
  const fields = requestedFields(fieldIds);
  if (needsCatalogue) {
    for (const role of ['reviewer', 'followUp'] as const) {
      const value = configured[role];
      if (value && !isFieldId(value)) progress(`jira: field "${value}" is ${fieldIds[role]}`);
    }
  }

  const state = await readState(config.archive);
  const previous = state.streams[STREAM];
  const previousWatermark = previous?.watermark ? Date.parse(previous.watermark) : undefined;
  const since = options.since ?? (previousWatermark !== undefined && !Number.isNaN(previousWatermark) ? previousWatermark - OVERLAP_MS : now - FIRST_RUN_LOOKBACK_MS);
  const sameFields = Array.isArray(previous?.fields) && JSON.stringify(previous.fields) === JSON.stringify(fields);

  const statuses = await jira.workflowStatuses.getStatuses();
  parseOrThrow(statusListSchema, statuses, 'GET /rest/api/3/status');

  const jql = windowJql(jiraConfig.jql, since, until, zone);
  progress(`jira: ${jql} (dates in ${zone})`);
  const searched = await searchAll(jira, jql, fields, progress);
  const windowed = searched.filter((issue) => inWindow(parseJiraTime(issue.fields.updated) ?? Number.NaN, since, until));

  const seenKeys = new Set(windowed.map((issue) => issue.key));
  const extraKeys = [...new Set(options.reviewKeys.map((key) => key.trim()).filter((key) => key !== '' && !seenKeys.has(key)))].sort();
  const extra = extraKeys.length > 0 ? await fetchByKeys(jira, extraKeys, fields) : { issues: [], missing: [] };
  for (const key of extra.missing) progress(`jira: review ticket ${key} not found (or not visible to the API user)`);

  // Unchanged since archived (same `updated`, same field list): nothing new to write.
  const archived = await readArchivedVersions(archivePaths.jiraIssues(config.archive));
  const byKey = new Map<string, JiraIssue>();
  for (const issue of [...windowed, ...extra.issues]) byKey.set(issue.key, issue);
  const changed = [...byKey.values()].filter((issue) => !(sameFields && archived.get(issue.key) === issue.fields.updated));
  const histories = changed.length > 0 ? await changelogsFor(jira, changed.map((issue) => issue.id)) : new Map();
  const records: ArchivedIssue[] = changed.map((issue) => ({ ...issue, changelog: { histories: histories.get(issue.id) ?? [] } }));

  await writeFileAtomic(archivePaths.jiraStatuses(config.archive), `${JSON.stringify(statuses, null, 2)}\n`);
  const merged = await mergeNdjson(archivePaths.jiraIssues(config.archive), records, {
    keyOf: (record) => record.key,
    sortKey: (record) => keyOrder(record.key),
    replace: true,
  });
  const watermark = Math.max(until, previousWatermark ?? Number.NEGATIVE_INFINITY);
  const streamState: JiraStreamState = {
    watermark: utc(watermark),
    collectedAt: utc(now),
    timeZone: zone,
    fieldIds,
    fields,
    missingKeys: [...extra.missing].sort(),
  };
  await updateStreamState(config.archive, STREAM, streamState);

  const notes = [`JQL dates in ${zone}`, `${changed.length} issues written, ${byKey.size - changed.length} unchanged`];
  if (extra.missing.length > 0) notes.push(`review tickets not found: ${extra.missing.join(', ')}`);
  progress(`jira: ${windowed.length} issues in window, ${extra.issues.length} review tickets outside the JQL, ${merged.added} new`);
  return [{ stream: STREAM, requests: transport.requests(), received: windowed.length + extra.issues.length, added: merged.added, from: utc(since), to: utc(until), notes }];
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function parseOrThrow<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } }, data: unknown, endpoint: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ShapeError('jira-shape', 'unexpected answer from Jira', { where: endpoint, fix: 'check that jira.host is a Jira Cloud site' });
  return parsed.data;
}
