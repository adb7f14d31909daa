/** Reporting periods: quarter, month or inclusive day range, laid out in a zone as half-open [start, end). */
import type { Period } from '../domain/period.ts';
import { UsageError } from '../errors.ts';
import { addDays, dateParts, daysInMonth, formatDateParts, nextMonth, pad } from './dates.ts';
import { parseDate } from './parse.ts';
import { badZone, isValidZone, localDate, startOfDay } from './zone.ts';

export interface PeriodArgs {
  quarter?: string; // 2026-Q3
  month?: string; // 2026-07
  from?: string; // 2026-07-01 (inclusive day)
  to?: string; // 2026-09-30 (inclusive day)
}

const QUARTER_RE = /^(\d{4})-[Qq]([1-4])$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PERIOD_FIX = 'give exactly one of --quarter 2026-Q3, --month 2026-07, or --from 2026-07-01 --to 2026-09-30';

/** Lay out a period in `zone` as a half-open interval. Throws UsageError on bad input. */
export function parsePeriod(args: PeriodArgs, zone: string): Period {
  if (!isValidZone(zone)) throw badZone(zone);
  const given = [args.quarter !== undefined, args.month !== undefined, args.from !== undefined || args.to !== undefined];
  const count = given.filter(Boolean).length;
  if (count !== 1) {
    throw new UsageError('BAD_PERIOD', count === 0 ? 'no period given' : 'more than one period given', { fix: PERIOD_FIX });
  }
  if (args.quarter !== undefined) return quarterPeriod(args.quarter, zone);
  if (args.month !== undefined) return monthPeriod(args.month, zone);
  return rangePeriod(args.from, args.to, zone);
}

function quarterPeriod(text: string, zone: string): Period {
  const m = QUARTER_RE.exec(text);
  if (!m) {
    throw new UsageError('BAD_PERIOD', `--quarter ${JSON.stringify(text)} is not a quarter`, {
      key: '--quarter',
      fix: 'write --quarter YYYY-QN with N from 1 to 4, e.g. 2026-Q3',
    });
  }
  const year = Number(m[1]);
  const q = Number(m[2]);
  const firstMonth = (q - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  return layout(
    `${pad(year, 4)}-Q${q}`,
    'quarter',
    formatDateParts(year, firstMonth, 1),
    formatDateParts(year, lastMonth, daysInMonth(year, lastMonth)),
    zone,
  );
}

function monthPeriod(text: string, zone: string): Period {
  const m = MONTH_RE.exec(text);
  if (!m) {
    throw new UsageError('BAD_PERIOD', `--month ${JSON.stringify(text)} is not a month`, {
      key: '--month',
      fix: 'write --month YYYY-MM, e.g. 2026-07',
    });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  return layout(text, 'month', formatDateParts(year, month, 1), formatDateParts(year, month, daysInMonth(year, month)), zone);
}

function rangePeriod(from: string | undefined, to: string | undefined, zone: string): Period {
  if (from === undefined || to === undefined) {
    const missing = from === undefined ? '--from' : '--to';
    throw new UsageError('BAD_PERIOD', `${missing} is missing`, { key: missing, fix: 'give both --from DATE and --to DATE (inclusive days)' });
  }
  const first = parseDate(from, '--from');
  const last = parseDate(to, '--to');
  if (first > last) {
    throw new UsageError('BAD_PERIOD', `--from ${first} is after --to ${last}`, {
      key: '--from',
      fix: 'swap the dates; both days are inclusive',
    });
  }
  return layout(`${first}_${last}`, 'range', first, last, zone);
}

/** Years a period may lie in: business-day and SLA arithmetic past it leaves 4-digit dates. */
const LAST_YEAR = 9000;
const FIRST_YEAR = 1970;

function layout(label: string, kind: Period['kind'], firstDay: string, lastDay: string, zone: string): Period {
  const years = [Number(firstDay.slice(0, 4)), Number(lastDay.slice(0, 4))];
  if (years.some((y) => y < FIRST_YEAR || y > LAST_YEAR)) {
    const flag = kind === 'quarter' ? '--quarter' : kind === 'month' ? '--month' : years[0]! < FIRST_YEAR || years[0]! > LAST_YEAR ? '--from' : '--to';
    throw new UsageError('BAD_PERIOD', `${flag}: the period ${label} lies outside the years ${FIRST_YEAR}–${LAST_YEAR}`, {
      key: flag,
      fix: 'give a period in the years the evidence is about, e.g. --quarter 2026-Q3',
    });
  }
  return { label, kind, zone, start: startOfDay(firstDay, zone), end: startOfDay(addDays(lastDay, 1), zone), firstDay, lastDay };
}

/** Calendar months touched by the period, in order, each clipped to the period. */
export function monthsOf(period: Period): { month: string; start: number; end: number }[] {
  const out: { month: string; start: number; end: number }[] = [];
  if (!(period.end > period.start)) return out;
  const first = dateParts(localDate(period.start, period.zone))!;
  let ym = { year: first.year, month: first.month };
  for (;;) {
    const monthStart = startOfDay(formatDateParts(ym.year, ym.month, 1), period.zone);
    if (monthStart >= period.end) break;
    const nx = nextMonth(ym.year, ym.month);
    const monthEnd = startOfDay(formatDateParts(nx.year, nx.month, 1), period.zone);
    out.push({
      month: `${pad(ym.year, 4)}-${pad(ym.month, 2)}`,
      start: Math.max(monthStart, period.start),
      end: Math.min(monthEnd, period.end),
    });
    ym = nx;
  }
  return out;
}
