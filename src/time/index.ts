/**
 * Time: the one place that knows luxon. Instants are epoch ms (UTC) everywhere else;
 * zones appear only here (periods, business days, formatting).
 * STUB: signatures are the contract between modules; the implementation lands next.
 */
import type { Period } from '../domain/period.ts';

export interface PeriodArgs {
  quarter?: string; // 2026-Q3
  month?: string; // 2026-07
  from?: string; // 2026-07-01 (inclusive day)
  to?: string; // 2026-09-30 (inclusive day)
}

/** Lay out a period in `zone` as a half-open interval. Throws UsageError on bad input. */
export declare function parsePeriod(args: PeriodArgs, zone: string): Period;
/** Validate a calendar date `YYYY-MM-DD`; returns it. Throws UsageError naming `what`. */
export declare function parseDate(text: string, what: string): string;
/** RFC 3339 with offset (Z allowed) -> epoch ms. Throws UsageError naming `what`. */
export declare function parseInstant(text: string, what: string): number;
/** Lenient instant for outside data: RFC 3339, Jira's `-0400` offsets, epoch ms numbers/strings. undefined if unparseable. */
export declare function toEpochMs(value: unknown): number | undefined;
/** `YYYY-MM-DD` of the instant in `zone`. */
export declare function localDate(instant: number, zone: string): string;
/** 00:00 local of `date` in `zone` (the earliest instant of that day, DST-safe). */
export declare function startOfDay(date: string, zone: string): number;
/** Add `n` calendar days to a `YYYY-MM-DD`. */
export declare function addDays(date: string, n: number): string;
/** Sat/Sun and holidays are not business days. */
export declare function isBusinessDay(date: string, holidays: ReadonlySet<string>): boolean;
/** Due = 00:00 local on the day after the n-th business day following the clock start's local date. */
export declare function slaDueAt(clockStart: number, n: number, zone: string, holidays: ReadonlySet<string>): number;
/** Business days after the start's local date up to and including the completion's local date (0 if same day). */
export declare function businessDaysBetween(start: number, completed: number, zone: string, holidays: ReadonlySet<string>): number;
/** ISO 8601 in `zone` with that instant's offset, never `Z`: `2026-07-06T10:12:33-04:00` (ms only when non-zero). */
export declare function formatLocal(instant: number, zone: string): string;
/** RFC 3339 UTC `2026-07-06T14:12:33Z` (ms only when non-zero). */
export declare function formatUtc(instant: number): string;
/** Calendar months touched by the period, in order, each clipped to the period. */
export declare function monthsOf(period: Period): { month: string; start: number; end: number }[];
/** True iff the IANA zone is known. */
export declare function isValidZone(zone: string): boolean;
