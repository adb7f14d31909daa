/** How the PDF writes numbers and instants (locale-free, so output is machine-independent). */
import { dirname, isAbsolute, relative, sep } from 'node:path';
import type { Report } from '../../domain/report.ts';
import { formatLocal, formatUtc } from '../../time/index.ts';

/** `12,345` — grouping without Intl, whose output depends on the machine's ICU data. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * ISO 8601 local time with its offset, with spaces instead of `T` so table cells can wrap
 * between date, time and offset: `2026-07-06 10:12:33 -04:00`.
 */
export function local(report: Report, instant: number | undefined | null): string {
  if (instant == null) return '—';
  return formatLocal(instant, report.timezone).replace(/^((?:[+-]\d{6}|\d{4})-\d{2}-\d{2})T([\d:.]+)([+-]\d{2}:\d{2})$/, '$1 $2 $3');
}

/** Local date and minute, for dense table cells: `2026-07-06 10:12`. */
export function localShort(report: Report, instant: number | undefined | null): string {
  if (instant == null) return '—';
  return formatLocal(instant, report.timezone).slice(0, 16).replace('T', ' ');
}

/** `2026-07-06 14:12:33 UTC` */
export function utc(instant: number | undefined | null): string {
  if (instant == null) return '—';
  return formatUtc(instant).replace(/^(\d{4}-\d{2}-\d{2})T([\d:.]+)Z$/, '$1 $2 UTC');
}

/** Local time with the UTC equivalent, for the cover and the population statement. */
export function localAndUtc(report: Report, instant: number | undefined | null): string {
  return instant == null ? '—' : `${local(report, instant)}   (${utc(instant)})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A path relative to the config file's folder: the evidence must not depend on where the checkout lives. */
export function relPath(report: Report, file: string): string {
  if (!isAbsolute(file)) return file;
  return relative(dirname(report.config.file), file).split(sep).join('/') || '.';
}

/**
 * The sentence that says an as-of inside the period cut it short, or undefined: uses, events,
 * ledger entries and merges after as-of have not happened yet (CONTRACT §7), so the figures
 * cover the period only up to then.
 */
export function asOfCut(report: Report): string | undefined {
  if (report.asOf >= report.period.end) return undefined;
  return `The as-of instant (${local(report, report.asOf)}) lies inside the period: only what happened by then is included (uses started, GitHub events, ledger entries and merged pull requests up to as-of), so the figures cover ${local(report, report.period.start)} to ${local(report, report.asOf)}, not the whole period.`;
}
