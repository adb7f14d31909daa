/**
 * uses.csv, gaps.csv, gates.csv (CONTRACT §6).
 *
 * Choices:
 * - No BOM. The contract says UTF-8; a BOM breaks `cut`, `jq -R`, `csvkit` headers and byte
 *   comparisons, and modern Excel detects UTF-8 via "Data > From Text/CSV". Documented, not accidental.
 * - INCOMPLETE evidence (CONTRACT §2: "says INCOMPLETE … in every file"): each CSV starts with
 *   one single-cell record, `INCOMPLETE EVIDENCE: …` and the reasons, before the header row. The
 *   columns stay as §6 fixes them; a script that expects the header on line 1 stops there
 *   instead of silently reading evidence with uses or findings missing. Complete evidence has
 *   no such line.
 * - Every cell is a string: csv-stringify's `escape_formulas` prefixes `'` to cells starting
 *   with `= + - @`, tab or CR (and their full-width forms). `guardFormula` adds what it leaves
 *   out (OWASP, CSV injection): the same characters after leading whitespace (a spreadsheet may
 *   trim it), and their small forms (U+FE62 ﹢, U+FE63 ﹣, U+FE66 ﹦, U+FE6B ﹫). Metric cells are
 *   non-negative digits, so they are never touched.
 * - Inside a cell, `;` followed by one of those characters gets a `'` after it: a spreadsheet
 *   whose locale separates fields with `;` starts a new cell there (quoting does not stop it in
 *   mid-field), and that cell would begin with `=`. Not in the `;` lists of ids (LIST_COLUMNS):
 *   nobody types those, and a GitHub event id may start with `-`.
 * - A cell holding a line break is quoted (RFC 4180), a bare LF too.
 */
import { type Options, stringify } from 'csv-stringify/sync';
import type { Report } from '../domain/report.ts';
import type { OutputFile, StreamedFile } from '../domain/template.ts';
import { GAPS_COLUMNS, GATES_COLUMNS, USES_COLUMNS, gapCells, gatesRows, sortedFindings, sortedUses, useCells } from './format.ts';
import { materialise } from './materialise.ts';
import type { RenderContext } from './types.ts';

/** Leading whitespace (JS `\s`: Unicode spaces, the BOM and line breaks included) and then a formula trigger. */
const SPACED_TRIGGER = /^\s+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/;
const SMALL_TRIGGER = /^[\uFE62\uFE63\uFE66\uFE6B]/;

/** `;`, then a formula trigger (whitespace allowed between). */
const TRIGGER_AFTER_SEMICOLON = /;(?=\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B])/g;

/**
 * `'` where a spreadsheet could still read a formula after csv-stringify's own escaping: at the
 * start, and (unless `afterSemicolons` is false) after each `;` inside the cell.
 */
export function guardFormula(cell: string, afterSemicolons = true): string {
  const inner = afterSemicolons && cell.includes(';') ? cell.replace(TRIGGER_AFTER_SEMICOLON, ";'") : cell;
  // nearly every cell starts with a letter or digit: no pattern to run
  return mayLead(inner.charCodeAt(0)) && (SPACED_TRIGGER.test(inner) || SMALL_TRIGGER.test(inner)) ? `'${inner}` : inner;
}

/** Could a cell starting with this code unit match SPACED_TRIGGER or SMALL_TRIGGER (JS `\s` or a small form)? */
function mayLead(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || (c >= 0xfe62 && c <= 0xfe6b);
}

/**
 * Columns that hold `;` lists of ids we produce or GitHub assigns (not text anyone types):
 * GitHub's `_document_id` may start with `-`, and a `'` inside the list would change the id.
 * Not `repeat_actors`: its names are person ids and ledger actors, which people type.
 */
const LIST_COLUMNS: ReadonlySet<string> = new Set(['github_events', 'ledger_seq', 'gap_codes']);

const BASE_OPTIONS: Options = {
  record_delimiter: 'windows',
  escape_formulas: true,
  // RFC 4180 quotes a field holding any line break; csv-stringify with CRLF records only quotes
  // CRLF, and a spreadsheet starts a new row at a bare LF, whose first cell could be `+1`.
  quoted_match: /[\r\n]/,
  quoted_empty: false,
  bom: false,
  eof: true,
};

/** The options for a file with these columns: the `;` guard everywhere but in LIST_COLUMNS. */
function optionsFor(columns: readonly string[]): Options {
  const lists = new Set(columns.flatMap((name, index) => (LIST_COLUMNS.has(name) ? [index] : [])));
  return { ...BASE_OPTIONS, cast: { string: (value, context) => guardFormula(value, !lists.has(Number(context.column))) } };
}

const CSV_OPTIONS: Options = { ...BASE_OPTIONS, cast: { string: (value) => guardFormula(value) } };

/**
 * Rows stringified per call: each record is escaped on its own and ends with CRLF (`eof`),
 * so batches concatenate to exactly the one-shot text, while only one batch of cells and
 * text is alive at a time (small enough to stay out of V8's large-object space).
 */
const BATCH = 128;

export function toCsv(columns: readonly string[], rows: readonly string[][]): Buffer {
  return Buffer.from(stringify([[...columns], ...rows], optionsFor(columns)), 'utf8');
}

/** The one-cell record an INCOMPLETE CSV starts with, or undefined for complete evidence. */
export function incompleteBanner(report: Pick<Report, 'incomplete'>): string | undefined {
  if (report.incomplete.length === 0) return undefined;
  return `INCOMPLETE EVIDENCE: not every source was read completely, so uses or findings may be missing (${report.incomplete.join(' | ')})`;
}

/** The text of `toCsv(columns, items.map(cells))`, one batch of rows at a time, after the banner if any. */
export function* csvChunks<T>(columns: readonly string[], items: readonly T[], cells: (item: T) => string[], banner?: string): Generator<string> {
  const options = optionsFor(columns);
  if (banner !== undefined) yield stringify([[banner]], CSV_OPTIONS);
  yield stringify([[...columns]], options);
  for (let from = 0; from < items.length; from += BATCH) {
    yield stringify(items.slice(from, from + BATCH).map(cells), options);
  }
}

function identity(row: string[]): string[] {
  return row;
}

export function streamCsv(report: Report, ctx: RenderContext): StreamedFile[] {
  const banner = incompleteBanner(report);
  return [
    { name: 'uses.csv', chunks: () => csvChunks(USES_COLUMNS, sortedUses(report), (use) => useCells(use, report.timezone), banner) },
    { name: 'gaps.csv', chunks: () => csvChunks(GAPS_COLUMNS, sortedFindings(report), (f) => gapCells(f, ctx.template), banner) },
    { name: 'gates.csv', chunks: () => csvChunks(GATES_COLUMNS, gatesRows(report), identity, banner) },
  ];
}

export function renderCsv(report: Report, ctx: RenderContext): OutputFile[] {
  return streamCsv(report, ctx).map(materialise);
}
