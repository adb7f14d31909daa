/** Parsing dates and instants from users (strict, UsageError) and from outside data (lenient, undefined). */
import { UsageError } from '../errors.ts';
import { daysInMonth, isCalendarDate } from './dates.ts';

/** Validate a calendar date `YYYY-MM-DD`; returns it. Throws UsageError naming `what`. */
export function parseDate(text: string, what: string): string {
  if (typeof text === 'string' && isCalendarDate(text)) return text;
  throw new UsageError('BAD_DATE', `${what} ${JSON.stringify(text)} is not a calendar date`, {
    key: what,
    fix: `write ${what} YYYY-MM-DD, e.g. 2026-07-01`,
  });
}

// RFC 3339 date-time; the offset is required (`Z` or `±hh:mm`). Groups: date, time, fraction, offset.
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;
// Jira writes offsets without the colon: `2026-07-06T10:12:33.123-0400`.
const LENIENT_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;
const EPOCH_MS_RE = /^-?\d{1,16}$/;
const MAX_MS = 8.64e15; // ECMAScript Date range

/** RFC 3339 with offset (Z allowed) -> epoch ms. Throws UsageError naming `what`. */
export function parseInstant(text: string, what: string): number {
  const ms = typeof text === 'string' ? fromIsoMatch(RFC3339_RE.exec(text.trim())) : undefined;
  if (ms !== undefined) return ms;
  throw new UsageError('BAD_INSTANT', `${what} ${JSON.stringify(text)} is not an RFC 3339 instant`, {
    key: what,
    fix: `write ${what} with a date, time and offset, e.g. 2026-10-15T00:00:00Z or 2026-10-15T09:00:00-04:00`,
  });
}

/** Lenient instant for outside data: RFC 3339, Jira's `-0400` offsets, epoch ms numbers/strings. undefined if unparseable. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_MS ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH_MS_RE.test(text)) {
    const n = Number(text);
    return Math.abs(n) <= MAX_MS ? n : undefined;
  }
  return fromIsoMatch(LENIENT_RE.exec(text));
}

function fromIsoMatch(m: RegExpExecArray | null): number | undefined {
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // Leap seconds (:60) are not representable in epoch ms; reject rather than guess.
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0; // extra digits are truncated
  const offsetMin = parseOffset(m[8]!);
  if (offsetMin === undefined) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  const ms = d.getTime() - offsetMin * 60_000;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_MS ? ms : undefined;
}

function parseOffset(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const digits = text.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const min = Number(digits.slice(2, 4));
  if (h > 23 || min > 59) return undefined;
  return (text[0] === '-' ? -1 : 1) * (h * 60 + min);
}
