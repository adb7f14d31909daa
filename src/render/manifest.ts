/**
 * manifest.json: SHA-256 of every other output and of every input read (CONTRACT §6).
 * Rendered last, from the digests of the bytes the other outputs were written with (hashed as
 * they were streamed to disk), so it hashes exactly what is written. Hashes are bare hex, as
 * `sha256sum` prints them.
 */
import type { Report } from '../domain/report.ts';
import type { OutputDigest, OutputFile } from '../domain/template.ts';
import { formatLocal } from '../time/index.ts';
import { sha256Hex } from '../util/digest.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText } from './format.ts';
import { jsonBytes } from './json.ts';

export const MANIFEST_SCHEMA = 'glasstrail.manifest/v1';
export const MANIFEST_NAME = 'manifest.json';

export function digestOf(file: OutputFile): OutputDigest {
  return { name: file.name, sha256: sha256Hex(file.data), bytes: file.data.length };
}

export function renderManifest(report: Report, outputs: readonly OutputDigest[]): OutputFile {
  const files = outputs
    .filter((o) => o.name !== MANIFEST_NAME)
    .map((o) => ({ name: o.name, sha256: o.sha256, bytes: o.bytes }))
    .sort((a, b) => compareText(a.name, b.name));
  const manifest = {
    schema: MANIFEST_SCHEMA,
    status: report.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE',
    incomplete: [...report.incomplete],
    evidenceId: evidenceId(report),
    generatedAt: formatLocal(report.generatedAt, report.timezone),
    period: report.period.label,
    // what a job reading only the manifest needs to judge the set: the instant it was judged at,
    // and where the archive did not cover the period (evidence.json has the same)
    asOf: formatLocal(report.asOf, report.timezone),
    coverageGaps: [...report.population.coverageGaps],
    // and whether the ledger held: a tampered line outside the period's uses marks no use
    ledger: { ok: report.ledger.ok, firstBadLine: report.ledger.firstBadLine },
    outputs: files,
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256, bytes: i.bytes })),
  };
  return { name: MANIFEST_NAME, data: jsonBytes(manifest) };
}
