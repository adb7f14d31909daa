/**
 * The published contract of a sample's manifest.json (`glasstrail.sample/v1`, sample.ts), from
 * which `npm run schema` generates schema/glasstrail.sample.schema.json. Strict objects, like the
 * report's manifest. That `sample` holds the first N keys in order and that `populationHash` is
 * the SHA-256 of population.txt are checked by the tests, not here. Not used when rendering.
 */
import { z } from 'zod';
import { SAMPLE_SCHEMA } from './sample.ts';
import { checkStatus, coverageGaps, evidenceIdField, incomplete, inputFile, localTime, nonNegativeInt, outputDigests, periodLabel, sha256Hex, status } from './schema-parts.ts';

/** Every file a sample writes besides its manifest (sample.pdf only when the PDF engine is loaded, as in the CLI). */
export const SAMPLE_OUTPUT_NAMES = ['population.txt', 'sample.csv', 'sample.pdf'] as const;

const sizeStep = z.strictObject({
  maxPopulation: z.int().positive().nullable().meta({ description: 'the largest population this step covers; null: every larger one' }),
  size: z.int().positive().nullable().meta({ description: 'the sample size for such a population (never more than P); null: all of it' }),
});

const sampleManifestShape = z.strictObject({
  schema: z.literal(SAMPLE_SCHEMA),
  status,
  incomplete,
  coverageGaps,
  evidenceId: evidenceIdField.meta({ description: 'the evidence id of the report over the same period, as-of and inputs: the sample is drawn from that evidence' }),
  period: periodLabel,
  asOf: localTime.meta({ description: 'the instant at which open reviews were judged' }),
  generatedAt: localTime.meta({ description: '--generated-at (default SOURCE_DATE_EPOCH, else now)' }),
  method: z.string().min(1).meta({ description: 'the drawing method in words (CONTRACT §9)' }),
  seed: z.string().min(1).meta({ description: '--seed, exactly as given' }),
  N: nonNegativeInt.meta({ description: 'the sample size drawn (never more than P)' }),
  P: nonNegativeInt.meta({ description: "the population: the period's uses" }),
  populationHash: sha256Hex.meta({ description: 'SHA-256 of population.txt: the use ids sorted byte-wise, joined by LF, no final newline' }),
  sizeMode: z.enum(['auto', 'fixed']).meta({ description: 'auto: N from sizeTable; fixed: --size N' }),
  sizeRequested: z.int().positive().nullable().meta({ description: '--size N as given (N is then the smaller of it and P); null with --size auto' }),
  sizeTable: z.array(sizeStep).min(1).meta({ description: 'the --size auto table in force (the config\'s sampling.sizes, or the default)' }),
  sizeConvention: z.string().min(1).meta({ description: 'what the size table is: a convention, not a statistical standard' }),
  redraw: z.array(z.string().min(1)).min(1).meta({ description: 'shell commands that re-draw the sample from population.txt and the seed' }),
  sample: z
    .array(
      z.strictObject({
        rank: z.int().positive(),
        useId: z.string().min(1),
        key: sha256Hex.meta({ description: 'hex SHA-256 of seed + ":" + useId' }),
      }),
    )
    .meta({ description: 'the drawn uses, rank 1 first (ascending key)' }),
  outputs: outputDigests(SAMPLE_OUTPUT_NAMES, 'every other file of the sample, by name: SHA-256 and size of the bytes written'),
  inputs: z.array(inputFile).meta({ description: 'every input file read, by path, as a report of the period lists them' }),
});

export type SampleManifest = z.output<typeof sampleManifestShape>;

export const sampleManifestSchema = sampleManifestShape.superRefine(checkStatus).meta({
  title: 'sample manifest.json',
  description:
    "glasstrail sample manifest (glasstrail.sample/v1): the seed, N, P, the population hash, the size table in force, the re-draw commands, the drawn uses with their keys, and the SHA-256 of every file written and every input read. See README.md, glasstrail sample.",
});
