/**
 * The published contract of manifest.json (`glasstrail.manifest/v1`, manifest.ts), from which
 * `npm run schema` generates schema/glasstrail.manifest.schema.json. Strict objects, like the
 * evidence schema. The manifest names no zone, so that its times are in the configured one is
 * checked against evidence.json by the tests, not here. (A sample's manifest.json is another
 * format, `glasstrail.sample/v1`.) Not used when rendering.
 */
import { z } from 'zod';
import { MANIFEST_SCHEMA } from './manifest.ts';
import { checkStatus, coverageGaps, evidenceIdField, incomplete, inputFile, localTime, outputDigests, periodLabel, status } from './schema-parts.ts';

/** Every file a report can write besides the manifest (`--format` picks among them). */
export const REPORT_OUTPUT_NAMES = ['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'summary.md', 'uses.csv'] as const;

const manifestShape = z.strictObject({
  schema: z.literal(MANIFEST_SCHEMA),
  status,
  incomplete,
  evidenceId: evidenceIdField,
  generatedAt: localTime.meta({ description: '--generated-at (default SOURCE_DATE_EPOCH, else now), as in evidence.json' }),
  period: periodLabel,
  asOf: localTime.meta({ description: 'the instant at which open reviews were judged' }),
  coverageGaps,
  ledger: z
    .strictObject({
      ok: z.boolean().meta({ description: 'the ledger verified (a tampered line outside the period\'s uses marks no use, but still makes this false)' }),
      firstBadLine: z.int().positive().nullable().meta({ description: 'first line at which verification failed; null when ok' }),
    })
    .meta({ description: 'whether the ledger held, as in evidence.json ledger' }),
  outputs: outputDigests(REPORT_OUTPUT_NAMES, 'every other file of the set, by name: SHA-256 and size of the bytes written'),
  inputs: z.array(inputFile).meta({ description: 'every input file read, by path, as in evidence.json inputs' }),
});

export type Manifest = z.output<typeof manifestShape>;

export const manifestSchema = manifestShape.superRefine(checkStatus).meta({
  title: 'manifest.json',
  description:
    'glasstrail report manifest (glasstrail.manifest/v1): SHA-256 and size of every output file and every input file read, the evidence id, the status with its reasons, the period, the as-of instant, the coverage gaps and whether the ledger verified, so a job that reads only the manifest can judge the set. See README.md, Outputs.',
});
