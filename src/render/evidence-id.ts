import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Report } from '../domain/report.ts';

/**
 * Identifies the evidence by what it is a function of (CONTRACT §1: archive + ledger +
 * config + period + as-of), not by its bytes: the PDF prints this id and the manifest
 * hashes the PDF, so hashing outputs here would be a cycle. `generatedAt` is left out on
 * purpose — two runs over the same inputs are the same evidence. The tool's version (its
 * rules), the framework template (among the inputs) and whether the evidence is INCOMPLETE
 * are in: each changes what the evidence says.
 */
export function evidenceId(report: Report): string {
  const canonical = canonicalize({
    configDigest: report.configDigest,
    inputs: report.inputs.map((i) => ({ path: i.path, sha256: i.sha256, bytes: i.bytes })),
    period: report.period,
    asOf: report.asOf,
    framework: report.framework,
    tool: report.tool,
    incomplete: report.incomplete,
  });
  if (canonical === undefined) throw new Error('evidenceId: report facts are not JSON-serialisable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
