/** Zones: the only place instants meet wall-clock time. Never relies on the process TZ or luxon's default zone. */
import { DateTime, IANAZone } from 'luxon';
import { UsageError } from '../errors.ts';
import { addDays, dateParts, pad } from './dates.ts';

/** True iff the IANA zone is known. Fixed offsets like `+05:00` are not IANA zones. */
export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '' || /^[+-]/.test(zone)) return false;
  // IANAZone.isValidZone builds an Intl.DateTimeFormat per call: cached, because every
  // formatted time in a 10k-use report asks (it was half the PDF's render time).
  let known = zoneValidity.get(zone);
  if (known === undefined) {
    known = IANAZone.isValidZone(zone);
    zoneValidity.set(zone, known);
  }
  return known;
}

const zoneValidity = new Map<string, boolean>();

/**
 * A valid zone as it is conventionally spelled: `america/new_york` → `America/New_York`,
 * `utc` → `UTC`. Only the letter case changes; an alias stays the name given (ICU would turn
 * `Asia/Kolkata` into `Asia/Calcutta`, and `US/Eastern` into another zone's name).
 */
export function canonicalZone(zone: string): string {
  if (!isValidZone(zone)) return zone;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

function inZone(instant: number, zone: string): DateTime {
  if (!Number.isFinite(instant)) throw new UsageError('BAD_INSTANT', `not a valid instant: ${String(instant)}`);
  if (!isValidZone(zone)) throw badZone(zone);
  const dt = DateTime.fromMillis(instant, { zone });
  if (!dt.isValid) throw new UsageError('BAD_INSTANT', `instant ${instant} is out of range (${dt.invalidReason ?? 'invalid'})`);
  return dt;
}

/** Wall-clock fields of an instant in a zone, the same numbers luxon's DateTime would hold. */
interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** minutes east of UTC (luxon's `offset`) */
  offset: number;
}

/*
 * Offsets per 15-minute UTC bucket. luxon asks Intl.DateTimeFormat#formatToParts for the
 * offset of every DateTime it builds; a large report formats millions of instants, and that
 * call was a fifth of the report's CPU time. The offset of a real zone only changes at its
 * transitions (hours apart at the very least), so an offset that holds at both ends of a
 * bucket holds inside it; a bucket with a transition inside is marked and every instant in
 * it is asked of the zone exactly. Fields are then derived as luxon's own tsToObj does
 * (instant + offset through Date#getUTC*), so the results are the same numbers.
 */
const BUCKET_MS = 15 * 60_000;
/** Instants this far inside the ECMAScript Date range take the fast path; the rest go through luxon (and its errors). */
const FAST_LIMIT = 8.64e15 - 86_400_000;
const MAX_BUCKETS = 200_000;

interface ZoneOffsets {
  /** luxon's zone object for this name (IANA, or its fixed UTC instance for `UTC`) */
  zone: DateTime['zone'];
  /** bucket index -> offset in minutes, or NaN when the bucket holds a transition */
  buckets: Map<number, number>;
}

const zoneOffsets = new Map<string, ZoneOffsets>();

function offsetsOf(zone: string): ZoneOffsets {
  let entry = zoneOffsets.get(zone);
  if (!entry) {
    // The zone object luxon itself resolves the name to, so offsets come from the same code.
    entry = { zone: DateTime.fromMillis(0, { zone }).zone, buckets: new Map() };
    zoneOffsets.set(zone, entry);
  }
  return entry;
}

/**
 * The offset luxon would use for `instant` in `zone` (minutes east of UTC), in whole minutes.
 * Local mean time before a zone's first standard offset is not whole minutes (New York
 * -4:56:02, Monrovia -0:44:30 until 1972): its fraction made `-04:56.03333333333336` of the
 * offset text of a Go zero time (`0001-01-01T00:00:00Z`) as an expiresAt. ISO 8601 and RFC 3339
 * offsets have no seconds, so the wall time is written at the nearest whole-minute offset, which
 * still names the exact instant.
 */
function offsetAt(instant: number, zone: string): number {
  const entry = offsetsOf(zone);
  const bucket = Math.floor(instant / BUCKET_MS);
  let offset = entry.buckets.get(bucket);
  if (offset === undefined) {
    const start = bucket * BUCKET_MS;
    const first = Math.round(entry.zone.offset(start));
    const last = Math.round(entry.zone.offset(start + BUCKET_MS - 1));
    offset = first === last ? first : Number.NaN;
    if (entry.buckets.size >= MAX_BUCKETS) entry.buckets.clear();
    entry.buckets.set(bucket, offset);
  }
  return Number.isNaN(offset) ? Math.round(entry.zone.offset(instant)) : offset;
}

function localFields(instant: number, zone: string): LocalFields {
  if (!Number.isFinite(instant)) throw new UsageError('BAD_INSTANT', `not a valid instant: ${String(instant)}`);
  if (!isValidZone(zone)) throw badZone(zone);
  if (Math.abs(instant) > FAST_LIMIT) {
    const dt = inZone(instant, zone);
    return { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second, millisecond: dt.millisecond, offset: dt.offset };
  }
  const offset = offsetAt(instant, zone);
  // luxon's tsToObj, to the letter: the same float arithmetic gives the same fields.
  const d = new Date(instant + offset * 60 * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offset,
  };
}

export function badZone(zone: string): UsageError {
  return new UsageError('BAD_ZONE', `unknown time zone ${JSON.stringify(zone)}`, {
    key: '--tz',
    fix: 'use an IANA zone name such as America/New_York or UTC',
  });
}

/** `YYYY-MM-DD` of the instant in `zone`. */
export function localDate(instant: number, zone: string): string {
  const dt = localFields(instant, zone);
  return `${pad(dt.year, 4)}-${pad(dt.month, 2)}-${pad(dt.day, 2)}`;
}

/**
 * 00:00 local of `date` in `zone`: the earliest instant whose local date is `date`.
 * Where midnight does not exist (spring-forward at 00:00, e.g. America/Santiago, America/Havana)
 * luxon shifts forward to the first existing wall time, which is what we want; we still verify
 * and fall back to a search so an ambiguous or odd transition can never give a later instant.
 */
export function startOfDay(date: string, zone: string): number {
  const key = `${zone}\n${date}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  const start = computeStartOfDay(date, zone);
  if (dayStarts.size >= MAX_DAY_STARTS) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}

// SLA deadlines ask for the same few hundred day starts over and over (one per grant).
const dayStarts = new Map<string, number>();
const MAX_DAY_STARTS = 100_000;

function computeStartOfDay(date: string, zone: string): number {
  const p = dateParts(date);
  if (!p) throw new UsageError('BAD_DATE', `not a calendar date: ${JSON.stringify(date)}`, { fix: 'write YYYY-MM-DD' });
  if (!isValidZone(zone)) throw badZone(zone);
  const guess = DateTime.fromObject({ year: p.year, month: p.month, day: p.day }, { zone });
  if (guess.isValid) {
    const t = guess.toMillis();
    if (localDate(t, zone) === date && localDate(t - 1, zone) < date) return t;
  }
  return searchDayStart(date, zone);
}

/** Binary search for the first instant whose local date is >= `date` (local date grows with time). */
function searchDayStart(date: string, zone: string): number {
  const p = dateParts(date)!;
  const utcMidnight = Date.UTC(p.year, p.month - 1, p.day);
  // Real offsets lie within ±15 h; widen to be safe.
  let lo = utcMidnight - 36 * 3_600_000; // local date < date here
  let hi = utcMidnight + 36 * 3_600_000; // local date >= date here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(mid, zone) >= date) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** ISO 8601 in `zone` with that instant's offset, never `Z`: `2026-07-06T10:12:33-04:00` (ms only when non-zero). */
export function formatLocal(instant: number, zone: string): string {
  if (instant > ISO_FROM && instant < ISO_TO && isValidZone(zone)) {
    // Years 0000–9999: Date's own ISO text of the shifted instant is the same digits, made
    // natively (every time in a 50k-use evidence.json and uses.csv passes here).
    const offset = offsetAt(instant, zone);
    const iso = new Date(instant + offset * 60 * 1000).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
    return (iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1)) + offsetText(offset);
  }
  return formatLocalFields(instant, zone);
}

/** `formatLocal` field by field: for any year, and the reference its fast path is tested against. */
export function formatLocalFields(instant: number, zone: string): string {
  const dt = localFields(instant, zone);
  const ms = dt.millisecond ? `.${pad(dt.millisecond, 3)}` : '';
  return (
    `${yearText(dt.year)}-${pad(dt.month, 2)}-${pad(dt.day, 2)}` +
    `T${pad(dt.hour, 2)}:${pad(dt.minute, 2)}:${pad(dt.second, 2)}${ms}` +
    offsetText(dt.offset)
  );
}

/**
 * Years 0000–9999 in four digits; any other as ISO 8601's expanded year, a sign and six digits,
 * as Date#toISOString writes it (and Date.parse reads it back). A far-future expiresAt such as
 * 9999-12-31T23:59:59Z is in year 10000 east of UTC: `10000-01-01T00:59:59+01:00` was no ISO
 * 8601 a parser reads, and the evidence schema refused it.
 */
function yearText(year: number): string {
  return year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
}

// Instants whose local time is surely within years 0000–9999 (a day of margin for any offset).
const ISO_FROM = -62_167_219_200_000 + 86_400_000; // 0000-01-01T00:00Z (Date.UTC would read year 0 as 1900)
const ISO_TO = 253_402_300_800_000 - 86_400_000; // 10000-01-01T00:00Z
const offsetTexts = new Map<number, string>();

/** `+hh:mm` / `-hh:mm` of an offset in minutes east of UTC. */
function offsetText(offset: number): string {
  let text = offsetTexts.get(offset);
  if (text === undefined) {
    const abs = Math.abs(offset);
    text = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
    offsetTexts.set(offset, text);
  }
  return text;
}

/** RFC 3339 UTC `2026-07-06T14:12:33Z` (ms only when non-zero). */
export function formatUtc(instant: number): string {
  if (!Number.isFinite(instant)) throw new UsageError('BAD_INSTANT', `not a valid instant: ${String(instant)}`);
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new UsageError('BAD_INSTANT', `instant ${instant} is out of range`);
  return d.toISOString().replace('.000Z', 'Z');
}

/** The instant 00:00 local of the day after `date`, i.e. the exclusive end of that day. */
export function endOfDayExclusive(date: string, zone: string): number {
  return startOfDay(addDays(date, 1), zone);
}
