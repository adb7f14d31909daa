/**
 * Hold real outputs to the published contracts (src/render/evidence-schema.ts,
 * manifest-schema.ts, sample-manifest-schema.ts): parse with the zod schemas, and fail with zod's own account of every
 * field that does not fit — a field added, dropped, renamed or of another form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import { type Evidence, evidenceSchema } from '../src/render/evidence-schema.ts';
import { type Manifest, manifestSchema } from '../src/render/manifest-schema.ts';
import { type SampleManifest, sampleManifestSchema } from '../src/render/sample-manifest-schema.ts';

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what} does not match its published schema:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function expectEvidence(value: unknown): Evidence {
  return parsed(evidenceSchema, value, 'evidence.json');
}

export function expectManifest(value: unknown): Manifest {
  return parsed(manifestSchema, value, 'manifest.json');
}

export function expectSampleManifest(value: unknown): SampleManifest {
  return parsed(sampleManifestSchema, value, 'the sample\'s manifest.json');
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/**
 * An out dir's evidence.json and manifest.json each match their schema, and the manifest
 * states what the evidence states (the manifest names no zone: its times are checked by being
 * the evidence's, which the evidence schema checks against period.zone).
 */
export function expectEvidenceSet(dir: string): { evidence: Evidence; manifest: Manifest } {
  const evidence = expectEvidence(readJson(join(dir, 'evidence.json')));
  const manifest = expectManifest(readJson(join(dir, 'manifest.json')));
  expect({
    status: manifest.status,
    incomplete: manifest.incomplete,
    evidenceId: manifest.evidenceId,
    generatedAt: manifest.generatedAt,
    period: manifest.period,
    asOf: manifest.asOf,
    coverageGaps: manifest.coverageGaps,
    ledger: manifest.ledger,
    inputs: manifest.inputs,
  }).toEqual({
    status: evidence.status,
    incomplete: evidence.incomplete,
    evidenceId: evidence.evidenceId,
    generatedAt: evidence.generatedAt,
    period: evidence.period.label,
    asOf: evidence.asOf,
    coverageGaps: evidence.population.coverageGaps,
    ledger: { ok: evidence.ledger.ok, firstBadLine: evidence.ledger.firstBadLine },
    inputs: evidence.inputs,
  });
  return { evidence, manifest };
}
