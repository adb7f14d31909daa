/**
 * uses.csv, gaps.csv, gates.csv (CONTRACT §6).
 *
 * Choices:
 * - No BOM. The contract says UTF-8; a BOM breaks `cut`, `jq -R`, `csvkit` headers and byte
 *   comparisons, and modern Excel detects UTF-8 via "Data > From Text/CSV". Documented, not accidental.
 * - INCOMPLETE evidence: the CSVs are left unchanged. A banner line or a `status` column would
 *   break the column set §6 fixes and every script that reads it; evidence.json (`status`,
 *   `incomplete`), manifest.json (`status`), summary.md and the PDF carry the flag instead, and
 *   the manifest hashes the CSVs so they cannot be separated from it unnoticed.
 * - Every cell is a string: csv-stringify's `escape_formulas` prefixes `'` to cells starting
 *   with `= + - @`, tab or CR (and their full-width forms). Metric cells are non-negative digits,
 *   so they are never touched.
 */
import { stringify } from 'csv-stringify/sync';
import type { Report } from '../domain/report.ts';
import type { OutputFile } from '../domain/template.ts';
import { GAPS_COLUMNS, GATES_COLUMNS, USES_COLUMNS, gapsRows, gatesRows, usesRows } from './format.ts';
import type { RenderContext } from './types.ts';

export function toCsv(columns: readonly string[], rows: readonly string[][]): Buffer {
  const text = stringify([[...columns], ...rows], {
    record_delimiter: 'windows',
    escape_formulas: true,
    quoted_empty: false,
    bom: false,
    eof: true,
  });
  return Buffer.from(text, 'utf8');
}

export function renderCsv(report: Report, ctx: RenderContext): OutputFile[] {
  return [
    { name: 'uses.csv', data: toCsv(USES_COLUMNS, usesRows(report)) },
    { name: 'gaps.csv', data: toCsv(GAPS_COLUMNS, gapsRows(report, ctx.template)) },
    { name: 'gates.csv', data: toCsv(GATES_COLUMNS, gatesRows(report)) },
  ];
}
