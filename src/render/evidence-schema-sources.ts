/** evidence.json `population` (with its reconciliation) and `ledger` (json-sections.ts): what was read, and whether the ledger held. */
import { z } from 'zod';
import { coverageGaps, ledgerHash, localTime, nonNegativeInt } from './schema-parts.ts';

const text = z.string();
const nullableText = z.string().nullable();

const outside = z.enum(['before the period', 'after the period', 'after as-of', 'review of a grant outside the period', 'named by no use', 'not kept']);
const reconciliation = z
  .strictObject({
    bypassEvents: z.strictObject({
      read: nonNegativeInt.meta({ description: 'distinct bypass events read (audit-log bypass actions and rule-suite bypasses); read = onUses + waived + outside.length' }),
      onUses: nonNegativeInt,
      waived: nonNegativeInt,
      outside: z
        .array(z.strictObject({ eventId: text, at: localTime, grant: nullableText.meta({ description: 'the covering grant, when a grant opened outside the period covers it' }) }))
        .meta({ description: 'on no use of the period: outside it, or covered by a grant opened outside it' }),
    }),
    grants: z.strictObject({
      opened: nonNegativeInt.meta({ description: 'distinct grant ids opened; opened = uses + outside.length' }),
      repeatedOpens: nonNegativeInt.meta({ description: 'further grant.opened lines of an id' }),
      uses: nonNegativeInt,
      outside: z.array(z.strictObject({ id: text, why: outside })),
    }),
    reviews: z.strictObject({
      issues: nonNegativeInt.meta({ description: 'Jira issues read; issues = named + outside.length' }),
      named: nonNegativeInt,
      outside: z.array(z.strictObject({ id: text, why: outside, grant: nullableText.meta({ description: 'the grant (on no use of the period) whose review it is' }) })),
    }),
  })
  .meta({ description: 'every bypass event, ledger grant and Jira issue read is on a use of the period, waived, or named as outside it' });

export const populationSchema = z
  .strictObject({
    archive: z.string().meta({ description: 'the archive folder, relative to the config file\'s folder' }),
    auditEvents: z.strictObject({
      files: nonNegativeInt,
      lines: nonNegativeInt.meta({ description: 'lines read, before dedupe' }),
      duplicates: nonNegativeInt,
      bypassEvents: nonNegativeInt.meta({ description: "bypass events inside the report's window" }),
      earliest: localTime.nullable().meta({ description: 'earliest event instant seen; null when none' }),
      latest: localTime.nullable(),
    }),
    ruleSuites: z.strictObject({ files: nonNegativeInt, bypasses: nonNegativeInt, earliest: localTime.nullable(), latest: localTime.nullable() }),
    merges: z.strictObject({ gates: nonNegativeInt, prs: nonNegativeInt }),
    jira: z.strictObject({ issues: nonNegativeInt, statusCatalogue: z.boolean().meta({ description: 'jira/statuses.json was present' }) }),
    state: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .meta({ description: "the streams of archive/state.json (cursors, watermarks, covered spans), keys sorted, passed through as collect wrote them: their instants are UTC (Z), not local; {} without a state.json" }),
    coverageGaps,
    notes: z.array(text).meta({ description: 'human-readable caveats (audit-log retention, rule-suite reach, day files not read, quiet gates, …)' }),
    reconciliation: reconciliation.optional(),
  })
  .meta({ description: 'the sources read and what they cover: the population and completeness statement' });

export const ledgerSchema = z
  .strictObject({
    file: z.string(),
    ok: z.boolean().meta({ description: 'true iff no problem of severity error' }),
    lines: nonNegativeInt.meta({ description: 'non-empty lines in the ledger file' }),
    entries: nonNegativeInt.meta({ description: 'entries that parsed and validated, trusted or not' }),
    head: ledgerHash.nullable().meta({ description: 'hash of the last line that parsed; null for an empty ledger' }),
    firstBadLine: z.int().positive().nullable().meta({ description: 'first line at which verification failed; every entry on or after it is untrusted' }),
    problems: z.array(
      z.strictObject({
        code: z.enum(['bad-json', 'bad-field', 'seq', 'prev', 'hash', 'checkpoint-bad', 'checkpoint-signature', 'checkpoint-unknown-key', 'checkpoint-head', 'truncated', 'unanchored', 'inconsistent', 'recorded-late']),
        severity: z.enum(['error', 'warning']).meta({ description: 'error breaks trust; warning (unanchored tail, inconsistent entries, entries recorded late) does not' }),
        file: z.string(),
        line: z.int().positive(),
        message: text,
      }),
    ),
    checkpoints: z.strictObject({
      file: nullableText,
      count: nonNegativeInt,
      lastVerified: z
        .strictObject({
          size: z.int().positive(),
          head: ledgerHash,
          at: z.string().regex(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/).meta({ description: 'the checkpoint\'s at exactly as written in the checkpoints file (RFC 3339, any offset or Z), not converted' }),
          keyId: ledgerHash,
          line: z.int().positive(),
        })
        .nullable(),
    }),
    unanchored: nonNegativeInt.meta({ description: 'entries after the last verified checkpoint' }),
  })
  .meta({ description: 'ledger verification (CONTRACT §5)' });
