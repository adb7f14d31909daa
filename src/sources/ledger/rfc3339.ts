/**
 * Strict RFC 3339 for ledger and checkpoint timestamps. `Date.parse` is too lenient for a
 * tamper-evident format (it accepts `2026-07-06`, `July 6`, missing offsets), and `src/time`
 * is owned elsewhere, so the ledger carries its own small, exact parser.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** RFC 3339 with offset (`Z` or `±hh:mm`) → epoch ms; undefined when not exactly that. Leap seconds are refused. */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  // Hot path (every ledger line): plain `+` on the captured digits, no arrays or Date objects.
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = m[7];
  // Three digits are exact as an integer (checked for all 1000 values against the general
  // formula, which stays for other lengths so no stored instant changes meaning).
  const ms = fraction === undefined ? 0 : fraction.length === 4 ? +fraction.slice(1) : Math.floor(Number(`0${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = +m[10]!;
    const om = +m[11]!;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0–99 to 1900–1999, so those go through setUTCFullYear.
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offsetMinutes * 60_000;
}

/** `2026-07-06T14:12:33Z`, with `.mmm` only when the milliseconds are non-zero. */
export function formatRfc3339Utc(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}
