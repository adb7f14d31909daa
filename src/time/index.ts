/**
 * Time: the one place that knows luxon. Instants are epoch ms (UTC) everywhere else;
 * zones appear only here (periods, business days, formatting).
 * Nothing here reads the process TZ or luxon's default zone: every call names its zone.
 */
export type { PeriodArgs } from './period.ts';
export { parsePeriod, monthsOf } from './period.ts';
export { isoToEpochMs, parseDate, parseInstant, toEpochMs } from './parse.ts';
export { localDate, startOfDay, formatLocal, formatUtc, isValidZone, canonicalZone } from './zone.ts';
export { addDays, isCalendarDate } from './dates.ts';
export { isBusinessDay, slaDueAt, businessDaysBetween, nthBusinessDayAfter } from './business-days.ts';
