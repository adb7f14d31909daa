/**
 * manifest.json: SHA-256 of every other output and of every input read (CONTRACT §6).
 * Rendered last, from the bytes the other renderers produced, so it hashes exactly what is
 * written. Hashes are bare hex, as `sha256sum` prints them.
 */
import { createHash } from 'node:crypto';
import type { Report } from '../domain/report.ts';
import type { OutputFile } from '../domain/template.ts';
import { formatLocal } from '../time/index.ts';
import { evidenceId } from './evidence-id.ts';
import { compareText } from './format.ts';
import { jsonBytes } from './json.ts';

export const MANIFEST_SCHEMA = 'glasstrail.manifest/v1';
export const MANIFEST_NAME = 'manifest.json';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function renderManifest(report: Report, outputs: readonly OutputFile[]): OutputFile {
  const files = outputs
    .filter((o) => o.name !== MANIFEST_NAME)
    .map((o) => ({ name: o.name, sha256: sha256Hex(o.data), bytes: o.data.length }))
    .sort((a, b) => compareText(a.name, b.name));
  const manifest = {
    schema: MANIFEST_SCHEMA,
    status: report.incomplete.length > 0 ? 'INCOMPLETE' : 'COMPLETE',
    incomplete: [...report.incomplete],
    evidenceId: evidenceId(report),
    generatedAt: formatLocal(report.generatedAt, report.timezone),
    period: report.period.label,
    outputs: files,
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256, bytes: i.bytes })),
  };
  return { name: MANIFEST_NAME, data: jsonBytes(manifest) };
}
