/**
 * Calendar dates `YYYY-MM-DD` as plain values. No zone is involved: the arithmetic runs on
 * the proleptic Gregorian calendar via UTC fields, so the process TZ can never leak in.
 */

import { UsageError } from '../errors.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Split a `YYYY-MM-DD` into numbers; undefined when the text is not a real calendar date. */
export function dateParts(text: string): DateParts | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isCalendarDate(text: string): boolean {
  return dateParts(text) !== undefined;
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDateParts(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `YYYY-MM-DD` of a UTC-midnight epoch value (internal helper for date arithmetic). */
function fromUtcMidnight(ms: number): string {
  const d = new Date(ms);
  return formatDateParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function toUtcMidnight(date: string): number {
  const p = dateParts(date);
  if (!p) throw new UsageError('BAD_DATE', `not a calendar date: ${JSON.stringify(date)}`, { fix: 'write YYYY-MM-DD' });
  const d = new Date(0);
  // setUTCFullYear keeps years 0..99 literal (Date.UTC would map them to 19xx).
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  return d.getTime();
}

/** Add `n` calendar days to a `YYYY-MM-DD`. */
export function addDays(date: string, n: number): string {
  return fromUtcMidnight(toUtcMidnight(date) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toUtcMidnight(date)).getUTCDay();
}

/** Calendar month `YYYY-MM` following `YYYY-MM`. */
export function nextMonth(year: number, month: number): { year: number; month: number } {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
