/**
 * The ledger line and checkpoint line, validated at the boundary (CONTRACT §5).
 * Objects are loose: unknown extra fields are allowed and, because the hash covers the
 * whole object, they are signed too.
 */
import { z } from 'zod';
import { CHECKPOINT_SCHEMA, LEDGER_SCHEMA } from '../../domain/ledger.ts';
import type { GrantScope, LedgerEntry } from '../../domain/ledger.ts';
import type { SourceRef } from '../../domain/events.ts';
import { parseRfc3339 } from './rfc3339.ts';

export const ENTRY_TYPES = ['grant.opened', 'grant.closed', 'waiver.granted', 'waiver.revoked'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];
const SCOPES = ['gate', 'repo', 'org-admin'] as const satisfies readonly GrantScope[];
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

function required(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);
}

const hashText = z.string({ error: required('a string') }).regex(HASH_PATTERN, 'must be "sha256:" + 64 lowercase hex digits');
const instant = z
  .string({ error: required('a string') })
  .refine((text) => parseRfc3339(text) !== undefined, 'must be an RFC 3339 instant with offset, e.g. 2026-07-06T14:12:33Z');
/** `expiresAt`: an instant, or absent/blank/null (the gap rules judge a missing expiry). */
const optionalInstant = z
  .string({ error: 'must be a string' })
  .refine((text) => text.trim() === '' || parseRfc3339(text) !== undefined, 'must be an RFC 3339 instant with offset, or blank')
  .nullish();
const id = z.string({ error: required('a string') }).refine((text) => text.trim() !== '', 'must not be blank');
/**
 * A grant or waiver id names a use in every output: a control character (a line break, a tab)
 * would split a CSV row's meaning and the sample's one-id-per-line population (CONTRACT §9).
 */
// oxlint-disable-next-line no-control-regex
export const ID_CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const entryId = id.refine((text) => !ID_CONTROL.test(text), 'must not contain control characters or line breaks');
const optionalText = z.string({ error: 'must be a string' }).nullish();
const seq = z
  .number({ error: required('a number') })
  .int('must be an integer')
  .nonnegative('must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'must be a safe integer');

const typeSchemas = {
  'grant.opened': z.looseObject({
    grant: entryId,
    actor: id,
    gate: id,
    scope: z.enum(SCOPES, { error: required(`one of ${SCOPES.join(', ')}`) }),
    expiresAt: optionalInstant,
    justification: optionalText,
    incident: optionalText,
    review: optionalText,
    approver: optionalText,
  }),
  'grant.closed': z.looseObject({ grant: entryId, reason: z.string({ error: required('a string') }) }),
  'waiver.granted': z.looseObject({
    waiver: entryId,
    gate: id,
    actor: optionalText,
    expiresAt: optionalInstant,
    justification: optionalText,
  }),
  'waiver.revoked': z.looseObject({ waiver: entryId }),
} satisfies Record<EntryType, z.ZodType>;

const typeField = z.enum(ENTRY_TYPES, { error: required(`one of ${ENTRY_TYPES.join(', ')}`) });

const storedCommon = z.looseObject({
  schema: z.literal(LEDGER_SCHEMA, { error: `must be "${LEDGER_SCHEMA}"` }),
  seq,
  type: typeField,
  at: instant,
  prev: hashText,
  hash: hashText,
});

const appendCommon = z.looseObject({
  schema: z.literal(LEDGER_SCHEMA, { error: `must be "${LEDGER_SCHEMA}" or omitted` }).optional(),
  type: typeField,
  at: instant,
});

export type Validation = { ok: true } | { ok: false; issues: string[] };

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'line'} ${issue.message}`);
}

function validateWith(common: z.ZodType, obj: Record<string, unknown>): Validation {
  const issues: string[] = [];
  const head = common.safeParse(obj);
  if (!head.success) issues.push(...issuesOf(head.error));
  const type = typeField.safeParse(obj.type);
  if (type.success) {
    const body = typeSchemas[type.data].safeParse(obj);
    if (!body.success) issues.push(...issuesOf(body.error));
  }
  return issues.length === 0 ? { ok: true } : { ok: false, issues };
}

/** A line as stored in the ledger file (with `seq`, `prev`, `hash`). */
export function validateStoredLine(obj: Record<string, unknown>): Validation {
  return validateWith(storedCommon, obj);
}

/** What `ledger append` takes: the entry without the chain fields, `schema` optional. */
export function validateAppendInput(obj: Record<string, unknown>): Validation {
  const filled = ['seq', 'prev', 'hash'].filter((key) => Object.hasOwn(obj, key));
  if (filled.length > 0) {
    return { ok: false, issues: filled.map((key) => `${key} is filled in by glasstrail; remove it from the input`) };
  }
  return validateWith(appendCommon, obj);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalMs(value: unknown): number | undefined {
  return typeof value === 'string' && value.trim() !== '' ? parseRfc3339(value) : undefined;
}

/**
 * Reshape a line that passed `validateStoredLine` into the domain type. `times` are `at` and
 * `expiresAt` already parsed by the caller (the fast path has them), to skip parsing twice.
 */
export function toLedgerEntry(obj: Record<string, unknown>, source: SourceRef, times?: { at: number; expiresAt: number | undefined }): LedgerEntry {
  const atRaw = obj.at as string;
  const base = {
    seq: obj.seq as number,
    at: times ? times.at : parseRfc3339(atRaw)!,
    atRaw,
    prev: obj.prev as string,
    hash: obj.hash as string,
    source,
  };
  const type = obj.type as EntryType;
  switch (type) {
    case 'grant.opened':
      return {
        ...base,
        type,
        grant: obj.grant as string,
        actor: obj.actor as string,
        gate: obj.gate as string,
        scope: obj.scope as GrantScope,
        expiresAt: times ? times.expiresAt : optionalMs(obj.expiresAt),
        justification: text(obj.justification),
        incident: text(obj.incident),
        review: text(obj.review),
        approver: text(obj.approver),
      };
    case 'grant.closed':
      return { ...base, type, grant: obj.grant as string, reason: text(obj.reason) };
    case 'waiver.granted':
      return {
        ...base,
        type,
        waiver: obj.waiver as string,
        gate: obj.gate as string,
        actor: text(obj.actor),
        expiresAt: times ? times.expiresAt : optionalMs(obj.expiresAt),
        justification: text(obj.justification),
      };
    case 'waiver.revoked':
      return { ...base, type, waiver: obj.waiver as string };
  }
}

export const checkpointSchema = z.looseObject({
  schema: z.literal(CHECKPOINT_SCHEMA, { error: `must be "${CHECKPOINT_SCHEMA}"` }),
  size: seq.min(1, 'must be at least 1'),
  head: hashText,
  at: instant,
  keyId: hashText,
  sig: z.string({ error: required('a string') }).min(1, 'must not be empty'),
});
export type CheckpointLine = z.infer<typeof checkpointSchema>;

export function checkpointIssues(obj: Record<string, unknown>): string[] {
  const result = checkpointSchema.safeParse(obj);
  return result.success ? [] : issuesOf(result.error);
}
