import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { dateOrInstant } from './collect.ts';

describe('dateOrInstant (collect --since / --until)', () => {
  it('a DATE is a whole day in the zone; an instant is itself', () => {
    expect(dateOrInstant('2026-07-01', '--since', 'America/New_York', 'start')).toBe(Date.parse('2026-07-01T04:00:00Z'));
    expect(dateOrInstant('2026-07-01', '--until', 'America/New_York', 'end')).toBe(Date.parse('2026-07-02T04:00:00Z'));
    expect(dateOrInstant('2026-07-01T09:00:00-04:00', '--since', 'UTC', 'start')).toBe(Date.parse('2026-07-01T13:00:00Z'));
  });

  it('anything else names both forms it takes', () => {
    const error = (() => {
      try {
        dateOrInstant('yesterday', '--since', 'UTC', 'start');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).describe()).toBe(
      '--since: --since "yesterday" is neither a DATE (YYYY-MM-DD) nor an RFC 3339 instant\n  fix: write --since as a day, e.g. 2026-07-01 (a whole day in the configured timezone), or an instant, e.g. 2026-07-01T09:00:00-04:00',
    );
  });
});
