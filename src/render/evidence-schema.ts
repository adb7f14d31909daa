/**
 * The published contract of evidence.json (`glasstrail.evidence/v1`): a zod schema of what
 * json.ts, json-sections.ts and program.ts write, from which `npm run schema` generates
 * schema/glasstrail.evidence.schema.json. Strict objects everywhere, so a field the renderer adds
 * or drops fails the tests that hold real outputs to it; absent facts are `null`, never a
 * missing key (the one optional key is `population.reconciliation`). Not used when rendering.
 */
import { z } from 'zod';
import { GAP_CODES, SEVERITIES } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';
import { EVIDENCE_SCHEMA } from './json.ts';
import { programSchema } from './evidence-schema-program.ts';
import { ledgerSchema, populationSchema } from './evidence-schema-sources.ts';
import {
  calendarDate, checkStatus, evidenceIdField, incomplete, inputFile, ledgerHash, localTime,
  nonNegativeInt, sha256Hex, status, utcTime,
} from './schema-parts.ts';

const text = z.string();
const nullableText = z.string().nullable();
const gapCode = z.enum(GAP_CODES);
const severity = z.enum(SEVERITIES);
const statusCategory = z.enum(['new', 'indeterminate', 'done']);
const source = z.strictObject({
  file: z.string().meta({ description: 'relative to the config file\'s folder, /-separated' }),
  line: z.int().positive().meta({ description: '1-based line in file' }),
});

const period = z.strictObject({
  label: z.string().regex(/^(?:\d{4}-Q[1-4]|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})$/).meta({ description: '2026-Q3, 2026-07 or 2026-07-01_2026-09-30 (also the default out dir)' }),
  kind: z.enum(['quarter', 'month', 'range']),
  zone: z.string().min(1).meta({ description: 'IANA zone the period was laid out in (the configured timezone, or --tz)' }),
  firstDay: calendarDate.meta({ description: 'first calendar day of the period, inclusive' }),
  lastDay: calendarDate.meta({ description: 'last calendar day of the period, inclusive' }),
  start: localTime.meta({ description: 'the period is the half-open interval [start, end) of instants' }),
  end: localTime.meta({ description: 'exclusive end: 00:00 local of the day after lastDay' }),
  startUtc: utcTime.meta({ description: 'start in UTC' }),
  endUtc: utcTime.meta({ description: 'end in UTC' }),
});

const parameters = z
  .strictObject({
    timezone: z.string().min(1),
    holidays: z.array(calendarDate).meta({ description: 'non-business days besides Sat/Sun' }),
    slaBusinessDays: nonNegativeInt,
    clockStart: z.enum(['grant-start', 'grant-end']),
    matchToleranceMinutes: z.number().nonnegative(),
    maxGrantHours: z.number().positive(),
    maxWaiverDays: z.number().positive(),
  })
  .meta({ description: 'the rule parameters the findings depend on, as configured, so a reader can re-derive them' });

const transition = z.strictObject({
  at: localTime,
  historyId: text,
  author: nullableText,
  authorName: nullableText,
  from: z.strictObject({ id: nullableText, name: nullableText }),
  to: z.strictObject({ id: text, name: nullableText, category: statusCategory.nullable() }),
});

const issue = z.strictObject({
  key: text,
  summary: nullableText,
  url: nullableText,
  created: localTime.nullable(),
  status: z.strictObject({ id: nullableText, name: nullableText, category: statusCategory.nullable() }),
  resolutionDate: localTime.nullable(),
  reviewerField: nullableText.meta({ description: 'account id in the configured reviewer field' }),
  followUpText: nullableText.meta({ description: 'plain text of the follow-up field (ADF flattened)' }),
  links: z.array(text).meta({ description: 'keys of linked issues' }),
  transitions: z.array(transition).meta({ description: 'status transitions by time, then history id' }),
  reviewerChanges: z.array(z.strictObject({ at: localTime, author: nullableText, field: text, from: nullableText, to: nullableText })),
  source,
});

const review = z.strictObject({
  ticket: nullableText.meta({ description: "the grant's review key; null when it names none" }),
  status: z.enum(['done', 'open', 'missing']),
  reviewer: nullableText.meta({ description: 'person id (or the raw account id when unmapped): the reviewer field, else the author of the completing transition' }),
  clockStartAt: localTime.nullable().meta({ description: 'SLA clock start: the grant start, or its end with clockStart: grant-end' }),
  dueAt: localTime.nullable().meta({ description: '00:00 local on the day after the N-th business day following the clock start\'s date' }),
  completedAt: localTime.nullable(),
  businessDays: nonNegativeInt.nullable().meta({ description: 'business days after the clock start\'s date up to and including the completion date; null unless completed' }),
  slaMet: z.boolean().nullable().meta({ description: 'true iff completed before due; false if completed on/after due, or not completed and due ≤ as-of; null otherwise' }),
  followUp: nullableText.meta({ description: 'the follow-up text, or the linked issue keys joined by ;' }),
  issue: issue.nullable().meta({ description: 'the Jira issue as read; null when there is none' }),
});

const githubEvent = z.strictObject({
  id: text.meta({ description: '_document_id, or rs-<id> for a rule suite' }),
  kind: z.enum(['audit', 'rule-suite']),
  action: text.meta({ description: 'audit-log action; rule_suite.bypass for a rule suite' }),
  actor: text.meta({ description: 'GitHub login' }),
  at: localTime,
  repo: text,
  branch: nullableText,
  rulesetId: nullableText,
  source,
});

const use = z.strictObject({
  id: text.meta({ description: 'the grant id; gh-<_document_id> for an unsanctioned audit event; gh-rs-<id> for an unsanctioned rule-suite bypass' }),
  sanctioned: z.boolean(),
  actor: text.meta({ description: 'person id, or the raw identity when unmapped' }),
  gate: nullableText.meta({ description: 'gate id; null when the bypass hit no configured gate' }),
  repo: text,
  branch: nullableText,
  scope: z.enum(['gate', 'repo', 'org-admin']).nullable().meta({ description: 'the grant\'s scope; null for an unsanctioned use' }),
  startedAt: localTime.meta({ description: 'grant at, or the event time of an unsanctioned use: a use belongs to the period its start lies in' }),
  endedAt: localTime.nullable(),
  expiresAt: localTime.nullable(),
  justification: nullableText,
  incident: nullableText,
  approver: nullableText,
  review: review.nullable().meta({ description: 'null for an unsanctioned use' }),
  githubEvents: z.array(githubEvent).meta({ description: 'covered events (sanctioned) or the single event (unsanctioned), by time then id' }),
  ledgerSeq: z.array(nonNegativeInt).meta({ description: 'the seq of every ledger entry behind the use: the grant\'s opening, then its close; [] for an unsanctioned use' }),
  ledgerHashes: z.strictObject({ opened: ledgerHash.nullable(), closed: ledgerHash.nullable() }),
  closeReason: nullableText,
  gapCodes: z.array(gapCode).meta({ description: 'codes of the findings on this use, sorted' }),
});

const finding = z.strictObject({
  subject: text.meta({ description: 'use id, or waiver id for WAIVER_STALE' }),
  code: gapCode,
  severity,
  control: z.array(text).meta({ description: "the framework's controls for the code" }),
  message: text,
});

const waived = z
  .strictObject({ eventId: text, waiver: text, gate: nullableText, repo: text, actor: text, at: localTime })
  .meta({ description: "an uncovered bypass event inside a waiver's window: not a use" });

const waiver = z.strictObject({
  waiver: text,
  gate: text,
  actor: nullableText,
  grantedAt: localTime,
  expiresAt: localTime.nullable(),
  revokedAt: localTime.nullable(),
  justification: nullableText,
  openAtAsOf: z.boolean().meta({ description: 'granted, not revoked, not expired at as-of' }),
  ageDays: nonNegativeInt.nullable().meta({ description: 'whole days open at as-of; null unless open' }),
  ledgerSeq: nonNegativeInt,
  ledgerHash,
});

const rate = z.number().nonnegative().nullable();
const metrics = z.strictObject({
  gates: z.array(
    z.strictObject({
      gate: text.meta({ description: 'gate id (config order), (none) for bypasses on repos that are no gate, * for the totals' }),
      merges: nonNegativeInt,
      uses: nonNegativeInt.meta({ description: 'sanctioned uses, unused grants included' }),
      unsanctioned: nonNegativeInt,
      glassRate: rate.meta({ description: 'sanctioned uses ÷ merges, 4 decimals; null when merges = 0' }),
      unsanctionedRate: rate.meta({ description: 'unsanctioned uses ÷ merges, 4 decimals; null when merges = 0' }),
      reviewedPct: rate.meta({ description: 'completed reviews ÷ sanctioned uses, percent, 1 decimal; null without sanctioned uses' }),
      slaMetPct: rate.meta({ description: 'on-time ÷ sanctioned uses whose due ≤ as-of, percent, 1 decimal; null when none is due' }),
      medianReviewBusinessDays: rate,
      p90ReviewBusinessDays: rate,
      repeatActors: z.array(text).meta({ description: 'person ids with ≥ 3 uses of the gate in the period' }),
    }),
  ),
  trend: z.array(z.strictObject({
    month: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/),
    uses: nonNegativeInt,
    unsanctioned: nonNegativeInt,
    merges: nonNegativeInt,
    glassRate: rate,
  })).meta({ description: 'per calendar month of the period' }),
  rising: z.boolean().meta({ description: 'the rate rose month over month at least twice in a row' }),
  waiverAges: z.array(z.strictObject({ waiver: text, gate: text, actor: nullableText, grantedAt: localTime, ageDays: nonNegativeInt })),
  findingsBySeverity: z.strictObject({ high: nonNegativeInt, medium: nonNegativeInt, low: nonNegativeInt, info: nonNegativeInt }),
});

const evidenceShape = z.strictObject({
  schema: z.literal(EVIDENCE_SCHEMA),
  status,
  tool: z.strictObject({ name: z.literal('glasstrail'), version: text }),
  evidenceId: evidenceIdField,
  organization: text,
  framework: z.strictObject({
    id: z.enum(['soc2', 'sox', 'pci', 'iso27001']).meta({ description: 'the template in templates/ the findings\' controls come from' }),
    name: text,
    primaryControl: text,
  }),
  generatedAt: localTime.meta({ description: '--generated-at (default SOURCE_DATE_EPOCH, else now)' }),
  asOf: localTime.meta({ description: 'the instant at which open reviews are judged (--as-of, default now)' }),
  period,
  configDigest: sha256Hex.meta({ description: "SHA-256 of the config file's bytes" }),
  incomplete,
  parameters,
  program: programSchema,
  population: populationSchema,
  ledger: ledgerSchema,
  uses: z.array(use).meta({ description: 'one per use, sorted by startedAt then id (the order of uses.csv)' }),
  findings: z.array(finding),
  waived: z.array(waived),
  waivers: z.array(waiver),
  metrics,
  inputs: z.array(inputFile).meta({ description: 'every input file read, by path (manifest.json lists the same)' }),
});

export type Evidence = z.output<typeof evidenceShape>;

/** `.meta()` makes a new schema whose `_zod.parent` is the one it was called on. */
function derivesFrom(schema: z.ZodType, base: z.ZodType): boolean {
  for (let s: z.core.$ZodType | undefined = schema; s; s = s._zod.parent) if (s === base) return true;
  return false;
}

/** Every local time in `value` with its path, found by walking the schema beside it (records are pass-through). */
export function localTimes(schema: z.ZodType, value: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (derivesFrom(schema, localTime)) return typeof value === 'string' ? [[path, value]] : [];
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) return localTimes(schema.unwrap() as z.ZodType, value, path);
  if (schema instanceof z.ZodArray && Array.isArray(value)) return value.flatMap((item, i) => localTimes(schema.element as z.ZodType, item, [...path, i]));
  if (schema instanceof z.ZodObject && typeof value === 'object' && value !== null) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, inner]) => localTimes(inner, (value as Record<string, unknown>)[key], [...path, key]));
  }
  return [];
}

/** "In the configured zone": each local time is the instant it names, written with period.zone's offset then. */
function checkZone(value: { period?: { zone?: unknown }; parameters?: { timezone?: unknown } }, ctx: z.RefinementCtx): void {
  const zone = value.period?.zone;
  if (typeof zone !== 'string') return;
  if (value.parameters?.timezone !== zone) ctx.addIssue({ code: 'custom', path: ['parameters', 'timezone'], message: `must be the period's zone ${zone}` });
  for (const [path, time] of localTimes(evidenceShape, value)) {
    const instant = Date.parse(time);
    const expected = Number.isFinite(instant) ? formatLocal(instant, zone) : 'a real instant';
    if (expected !== time) ctx.addIssue({ code: 'custom', path, message: `${time} is not written in ${zone}: expected ${expected}` });
  }
}

export const evidenceSchema = evidenceShape
  .superRefine((value, ctx) => {
    checkStatus(value, ctx);
    checkZone(value, ctx);
  })
  .meta({
    title: 'evidence.json',
    description: 'glasstrail evidence (glasstrail.evidence/v1): period, as-of, config digest, rule parameters, the program as configured, population statement, ledger verification, uses, findings, waived events, waivers, metrics, inputs. See README.md, Outputs.',
  });
