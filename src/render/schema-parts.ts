/**
 * Building blocks of the published output schemas (evidence-schema.ts, manifest-schema.ts): the
 * text forms of times, dates and digests the JSON outputs use. Each carries a meta `id`, so the
 * generated JSON Schema states it once under `$defs` and refers to it. These describe what the
 * renderer writes; they are a contract and a test oracle, not used when rendering.
 */
import { z } from 'zod';

/**
 * `formatLocal`'s text: seconds always, milliseconds only when not zero, the instant's own
 * offset and never `Z` (also for a zone at UTC: `+00:00`). That it is the offset of the
 * configured zone is checked by the evidence schema's zone check, not by the pattern.
 */
export const localTime = z
  .string()
  .regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?!000)\d{3})?[+-]\d{2}:\d{2}$/)
  .meta({
    id: 'LocalTime',
    description: "ISO 8601 in the configured timezone with that instant's offset, never Z; milliseconds only when not zero (2026-07-02T17:05:00-04:00); a year outside 0000–9999 (a far expiresAt, local year 10000) as a sign and six digits (+010000-01-01T00:59:59+01:00)",
  });

/** `formatUtc`'s text: the same instant form in UTC with `Z`. */
export const utcTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?!000)\d{3})?Z$/)
  .meta({ id: 'UtcTime', description: 'ISO 8601 in UTC with Z; milliseconds only when not zero (2026-07-01T04:00:00Z)' });

/** A calendar day as the config and the period give it. */
export const calendarDate = z.iso.date().meta({ id: 'CalendarDate', description: 'a calendar date YYYY-MM-DD in the configured timezone' });

/** Bare hex SHA-256, as `sha256sum` prints it. */
export const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ id: 'Sha256Hex', description: 'hex SHA-256 (64 lowercase hex digits, as sha256sum prints it)' });

/** A ledger hash (`hash`, `prev`, a checkpoint's `head` and `keyId`): CONTRACT §5. */
export const ledgerHash = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/)
  .meta({ id: 'LedgerHash', description: '"sha256:" + 64 lowercase hex digits, as in the ledger (CONTRACT §5)' });

export const nonNegativeInt = z.int().nonnegative();

/** `COMPLETE`/`INCOMPLETE` and their reasons, in evidence.json and manifest.json alike. */
export const status = z
  .enum(['COMPLETE', 'INCOMPLETE'])
  .meta({ description: 'COMPLETE: every source was read in full; INCOMPLETE: one could not be (a failed report --collect), the reasons are in `incomplete`' });

export const incomplete = z
  .array(z.string().min(1))
  .meta({ description: 'why a source could not be read completely, one line each; [] exactly when status is COMPLETE' });

export const evidenceIdField = sha256Hex.meta({
  description:
    "SHA-256 over the config digest, the inputs' hashes, the period, the as-of, the framework, the tool's version and the INCOMPLETE reasons: the same evidence id means the same evidence (generatedAt is not part of it)",
});

export const coverageGaps = z
  .array(z.string().min(1))
  .meta({ description: 'one sentence per part of [period start, min(period end, as-of)] the archive does not hold (never collected, collected too late or only from later, a hole); the status stays COMPLETE' });

export const inputFile = z.strictObject({
  path: z
    .string()
    .min(1)
    .meta({ description: 'relative to the config file\'s folder, /-separated; the framework template as glasstrail:templates/<id>.yaml' }),
  sha256: sha256Hex.meta({ description: 'of the very bytes the report read' }),
  bytes: nonNegativeInt,
});

/** status ⇔ incomplete: a JSON Schema keyword cannot say it, so the zod schemas check it. */
export function checkStatus(value: { status?: unknown; incomplete?: unknown }, ctx: z.RefinementCtx): void {
  if (!Array.isArray(value.incomplete)) return;
  const expected = value.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE';
  if (value.status !== expected) {
    ctx.addIssue({ code: 'custom', path: ['status'], message: `status must be ${expected} when incomplete has ${value.incomplete.length} reason(s)` });
  }
}

/** The period's label, as a report or sample gives it. */
export const periodLabel = z
  .string()
  .regex(/^(?:\d{4}-Q[1-4]|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})$/)
  .meta({ description: 'the period label: 2026-Q3, 2026-07 or 2026-07-01_2026-09-30' });

/** A manifest's `outputs`: each other file of its set by name (one of `names`), with SHA-256 and size. */
export function outputDigests(names: readonly [string, ...string[]], description: string) {
  return z.array(z.strictObject({ name: z.enum(names), sha256: sha256Hex, bytes: nonNegativeInt })).meta({ description });
}
