import fc from 'fast-check';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatLocal, formatLocalFields, localDate, startOfDay } from './zone.ts';

// The offset cache must give exactly what a luxon DateTime per instant gave (the code it replaced),
// at the zone's offset rounded to whole minutes (local mean time is not whole minutes: see offsetAt).
function luxonLocal(instant: number, zone: string): string {
  const offset = Math.round(DateTime.fromMillis(instant, { zone }).offset);
  const dt = DateTime.fromMillis(instant, { zone: FixedOffsetZone.instance(offset) });
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  const ms = dt.millisecond ? `.${p(dt.millisecond, 3)}` : '';
  const abs = Math.abs(dt.offset);
  return (
    `${p(dt.year, 4)}-${p(dt.month, 2)}-${p(dt.day, 2)}T${p(dt.hour, 2)}:${p(dt.minute, 2)}:${p(dt.second, 2)}${ms}` +
    `${dt.offset < 0 ? '-' : '+'}${p(Math.floor(abs / 60), 2)}:${p(abs % 60, 2)}`
  );
}

const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Apia', 'UTC', 'Europe/Dublin'];

describe('formatLocal and localDate with cached offsets', () => {
  it.each([
    // every second around New York's 2026 transitions (spring forward, fall back)
    ['America/New_York', Date.UTC(2026, 2, 8, 6, 45), Date.UTC(2026, 2, 8, 7, 15)],
    ['America/New_York', Date.UTC(2026, 10, 1, 5, 45), Date.UTC(2026, 10, 1, 6, 15)],
    // Lord Howe shifts by 30 minutes
    ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 45), Date.UTC(2026, 3, 4, 15, 15)],
  ])('matches luxon second by second across a transition in %s', (zone, from, to) => {
    for (let t = from; t <= to; t += 1000) {
      expect(formatLocal(t, zone)).toBe(luxonLocal(t, zone));
    }
  });

  it('gives the offset change at the exact millisecond', () => {
    const change = Date.UTC(2026, 2, 8, 7); // 02:00 EST -> 03:00 EDT
    expect(formatLocal(change - 1, 'America/New_York')).toBe('2026-03-08T01:59:59.999-05:00');
    expect(formatLocal(change, 'America/New_York')).toBe('2026-03-08T03:00:00-04:00');
  });

  it('matches luxon for random instants and zones, local midnight included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, instant) => {
          expect(formatLocal(instant, zone)).toBe(luxonLocal(instant, zone));
          expect(localDate(instant, zone)).toBe(luxonLocal(instant, zone).slice(0, 10));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('startOfDay gives the same instant when asked again (memoised)', () => {
    const first = startOfDay('2026-11-01', 'America/New_York');
    expect(first).toBe(Date.UTC(2026, 10, 1, 4));
    expect(startOfDay('2026-11-01', 'America/New_York')).toBe(first);
    expect(startOfDay('2026-11-01', 'Europe/London')).toBe(Date.UTC(2026, 10, 1));
    expect(() => startOfDay('2026-02-30', 'America/New_York')).toThrow(/calendar date/);
    expect(() => startOfDay('2026-02-03', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('formatLocal fast path', () => {
  it('gives the field-by-field text for any instant of years 0000–9999, in zones with odd offsets too', () => {
    const zones = ['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Monrovia', 'Europe/Amsterdam'];
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), fc.constantFrom(...zones), (instant, zone) => {
        expect(formatLocal(instant, zone)).toBe(formatLocalFields(instant, zone));
        const whole = instant - (((instant % 1000) + 1000) % 1000);
        expect(formatLocal(whole, zone)).toBe(formatLocalFields(whole, zone));
      }),
      { numRuns: 5000 },
    );
    expect(formatLocal(Date.UTC(2026, 6, 6, 14, 12, 33), 'America/New_York')).toBe('2026-07-06T10:12:33-04:00');
  });

  it('writes local mean time (an offset of minutes and seconds) at the nearest whole-minute offset, naming the same instant', () => {
    // a Go zero time as a ledger expiresAt: New York's LMT is -4:56:02, Amsterdam's +0:17:30, Monrovia's -0:44:30 until 1972
    const cases: [number, string, string][] = [
      [Date.parse('0001-01-01T00:00:00Z'), 'America/New_York', '0000-12-31T19:04:00-04:56'],
      [Date.parse('1800-01-01T00:00:00Z'), 'Europe/Amsterdam', '1800-01-01T00:18:00+00:18'],
      [Date.parse('1970-01-01T00:00:00Z'), 'Africa/Monrovia', '1969-12-31T23:16:00-00:44'],
    ];
    for (const [instant, zone, text] of cases) {
      expect(formatLocal(instant, zone)).toBe(text);
      expect(formatLocalFields(instant, zone)).toBe(text);
      expect(Date.parse(text)).toBe(instant);
    }
  });

  it('writes a local year outside 0000–9999 as a sign and six digits, which Date.parse reads back', () => {
    const cases: [number, string, string][] = [
      [Date.parse('9999-12-31T23:59:59Z'), 'Europe/Berlin', '+010000-01-01T00:59:59+01:00'],
      [Date.parse('0000-01-01T00:00:00Z'), 'America/New_York', '-000001-12-31T19:04:00-04:56'],
      [Date.parse('9999-12-31T23:59:59Z'), 'America/New_York', '9999-12-31T18:59:59-05:00'],
    ];
    for (const [instant, zone, text] of cases) {
      expect(formatLocal(instant, zone)).toBe(text);
      expect(Date.parse(text)).toBe(instant);
    }
  });
});
