/** Business days: Sat, Sun and the org's holidays are not business days (CONTRACT §7 SLA). */
import { UsageError } from '../errors.ts';
import { addDays, weekday } from './dates.ts';
import { localDate, startOfDay } from './zone.ts';

/** Sat/Sun and holidays are not business days. */
export function isBusinessDay(date: string, holidays: ReadonlySet<string>): boolean {
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !holidays.has(date);
}

/** The n-th business day strictly after `date` (n = 0 → `date` itself). */
export function nthBusinessDayAfter(date: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n) || n < 0) throw new UsageError('BAD_SLA', `business day count must be a whole number >= 0, got ${n}`);
  let day = date;
  for (let found = 0; found < n; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day, holidays)) found++;
  }
  return day;
}

/**
 * Both answers below depend only on local dates, and a report asks about the same few dozen
 * dates tens of thousands of times (a 50k-use quarter): they are remembered per holiday set.
 */
const memo = new WeakMap<ReadonlySet<string>, Map<string, number>>();

function remembered(holidays: ReadonlySet<string>, key: string, compute: () => number): number {
  let cache = memo.get(holidays);
  if (!cache) {
    cache = new Map();
    memo.set(holidays, cache);
  }
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

/** Due = 00:00 local on the day after the n-th business day following the clock start's local date. */
export function slaDueAt(clockStart: number, n: number, zone: string, holidays: ReadonlySet<string>): number {
  const first = localDate(clockStart, zone);
  return remembered(holidays, `due|${zone}|${first}|${n}`, () => startOfDay(addDays(nthBusinessDayAfter(first, n, holidays), 1), zone));
}

/** Business days after the start's local date up to and including the completion's local date (0 if same day). */
export function businessDaysBetween(start: number, completed: number, zone: string, holidays: ReadonlySet<string>): number {
  const first = localDate(start, zone);
  const last = localDate(completed, zone);
  return remembered(holidays, `days|${first}|${last}`, () => {
    let count = 0;
    for (let day = addDays(first, 1); day <= last; day = addDays(day, 1)) {
      if (isBusinessDay(day, holidays)) count++;
    }
    return count;
  });
}
