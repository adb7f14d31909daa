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
  const iso = isoToEpochMs(value);
  if (iso !== undefined) return iso;
  const text = value.trim();
  if (!EPOCH_MS_RE.test(text)) return undefined;
  const n = Number(text);
  return Math.abs(n) <= MAX_MS ? n : undefined;
}

/**
 * An ISO 8601 instant with an offset (RFC 3339, or Jira's colon-less `-0400`) -> epoch ms;
 * undefined for anything else. Unlike `toEpochMs`, digits alone are refused: Jira writes every
 * time as `2026-07-06T10:12:33.123-0400`, so "1783000000" there is damage, not epoch ms.
 */
export function isoToEpochMs(value: string): number | undefined {
  const text = value.trim();
  return quickIso(text) ?? fromIsoMatch(LENIENT_RE.exec(text));
}

/** `toEpochMs` without its fast path: the reference `quickIso` is tested against. */
export function toEpochMsByPattern(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_MS ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (EPOCH_MS_RE.test(text)) {
    const n = Number(text);
    return Math.abs(n) <= MAX_MS ? n : undefined;
  }
  return fromIsoMatch(LENIENT_RE.exec(text));
}

/**
 * The instant of `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM|±HHMM)` read digit by digit, for the
 * shapes outside data nearly always has (every Jira changelog time, every merged PR): the
 * same number the pattern path gives, without a match array or a Date object (a 50k-issue
 * Jira archive has some 300k of them). undefined when the text is anything else, or out of
 * range, or a year below 100: the pattern path then decides, with its own answer.
 */
export function quickIso(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || n > 40) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return undefined;
  const t = text.charCodeAt(10);
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || (t !== 0x54 && t !== 0x74)) return undefined;
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return undefined;
  if (month > 12 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === DOT) {
    const from = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) {
      // the first three digits are the milliseconds; further digits are truncated
      if (i - from < 3) millis += (text.charCodeAt(i) - ZERO) * (i === from ? 100 : i === from + 1 ? 10 : 1);
      i++;
    }
    if (i === from) return undefined;
  }
  let offset: number;
  const sign = text.charCodeAt(i);
  if ((sign === 0x5a || sign === 0x7a) && i + 1 === n) {
    offset = 0;
  } else if (sign === PLUS || sign === DASH) {
    const oh = digits(text, i + 1, 2);
    const colon = text.charCodeAt(i + 3) === COLON ? 1 : 0;
    const om = digits(text, i + 3 + colon, 2);
    if (oh < 0 || om < 0 || i + 5 + colon !== n || oh > 23 || om > 59) return undefined;
    offset = (sign === DASH ? -1 : 1) * (oh * 60 + om);
  } else {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

const ZERO = 0x30;
const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= 0x39;
}

/** The number written by `count` ASCII digits at `at`, or -1 (also past the end of the text). */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i); // NaN past the end: not a digit
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
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
