/**
 * One GitHub audit-log entry (REST, UI export or streaming format) -> AuditEvent.
 * Field names: https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/audit-log-events-for-your-organization
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditEvent, SourceRef } from '../domain/events.ts';
import { toEpochMs } from '../time/index.ts';

const text = z.string();
const id = z.union([z.string(), z.number()]);

/** Only the fields we read; everything else in the entry is kept on disk, not in memory. */
export const auditEntrySchema = z.looseObject({
  action: text,
  actor: text.nullish(),
  repo: text.nullish(),
  repository: text.nullish(),
  branch: text.nullish(),
  name: text.nullish(),
  created_at: z.union([z.number(), text]).optional(),
  '@timestamp': z.union([z.number(), text]).optional(),
  _document_id: text.optional(),
  ruleset_id: id.nullish(),
  ruleset_name: text.nullish(),
  // GitHub's UI export nests an action's own fields under `data` (`data.hook_id`, `data.team`, …):
  // https://github.com/github/docs/blob/main/data/reusables/audit_log/exported-log-keys-and-values.md
  // Read leniently (a `data` that is not an object is ignored, not a corrupt entry).
  data: z.unknown().optional(),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * No GitHub audit entry is older than GitHub (2008-01-01): an earlier instant is a misread,
 * most often epoch seconds where GitHub gives milliseconds (which would land in January 1970
 * and silently drop the event from every period).
 */
export const EARLIEST_AUDIT_MS = Date.UTC(2008, 0, 1);

/** `created_at`, else `@timestamp`: epoch ms numbers, or ISO strings in some exports; undefined if unreadable or before 2008. */
export function entryInstant(entry: { created_at?: unknown; '@timestamp'?: unknown }): number | undefined {
  const at = toEpochMs(entry.created_at ?? entry['@timestamp']);
  return at === undefined || at < EARLIEST_AUDIT_MS ? undefined : at;
}

/** Entries without `_document_id` (older exports) get a stable id from their content. */
export function derivedId(entry: unknown): string {
  return `x-${createHash('sha256').update(canonicalize(entry) ?? '').digest('hex').slice(0, 20)}`;
}

export function stripHeads(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

/**
 * The branch an entry is about. `branch` is a ref; `name` is the protected branch name or
 * pattern (kept verbatim, `release/*` included) and only means a branch for
 * `protected_branch.*`; `repository_branch_protection_evaluation.*` names only the repo.
 */
function branchOf(entry: AuditEntry): string | undefined {
  if (entry.action.startsWith('repository_branch_protection_evaluation.')) return undefined;
  const branch = own(entry, 'branch');
  if (typeof branch === 'string' && branch !== '') return stripHeads(branch);
  const name = own(entry, 'name');
  if (typeof name === 'string' && name !== '' && entry.action.startsWith('protected_branch.')) return stripHeads(name);
  return undefined;
}

/**
 * An action's own field: top level (REST API, streaming), else under `data` (UI export). A top-level
 * value that is set wins; null or absent there falls back to `data`.
 */
function own(entry: AuditEntry, key: 'branch' | 'name' | 'ruleset_id' | 'ruleset_name'): unknown {
  const top = entry[key];
  if (top !== undefined && top !== null) return top;
  const data = entry.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

export function toAuditEvent(entry: AuditEntry, at: number, eventId: string, source: SourceRef): AuditEvent {
  const event: AuditEvent = {
    id: eventId,
    kind: 'audit',
    action: entry.action,
    actor: entry.actor ?? '',
    at,
    repo: entry.repo ?? entry.repository ?? '',
    source,
  };
  const branch = branchOf(entry);
  if (branch !== undefined) event.branch = branch;
  const rulesetId = own(entry, 'ruleset_id');
  const rulesetName = own(entry, 'ruleset_name');
  const ruleset = isId(rulesetId) ? rulesetId : isId(rulesetName) ? rulesetName : undefined;
  if (ruleset !== undefined) event.rulesetId = String(ruleset);
  if (typeof rulesetName === 'string' && rulesetName !== '') event.rulesetName = rulesetName;
  return event;
}
