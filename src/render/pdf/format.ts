/** How the PDF writes numbers and instants (locale-free, so output is machine-independent). */
import type { Report } from '../../domain/report.ts';
import { formatLocal, formatUtc } from '../../time/index.ts';

/** `12,345` — grouping without Intl, whose output depends on the machine's ICU data. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function local(report: Report, instant: number | undefined | null): string {
  return instant == null ? '—' : formatLocal(instant, report.timezone);
}

export function utc(instant: number | undefined | null): string {
  return instant == null ? '—' : formatUtc(instant);
}

/** Local time with the UTC equivalent, for the cover and the population statement. */
export function localAndUtc(report: Report, instant: number | undefined | null): string {
  return instant == null ? '—' : `${local(report, instant)}   (${utc(instant)})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
