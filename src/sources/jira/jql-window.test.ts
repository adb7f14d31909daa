import { describe, expect, it } from 'vitest';
import { inWindow, jqlDate, windowJql } from './jql-window.ts';

describe('jqlDate: instants as wall-clock minutes in the API user zone', () => {
  it.each([
    { instant: '2026-07-01T00:00:00Z', zone: 'Pacific/Auckland', round: 'floor', expected: '2026-07-01 12:00' },
    { instant: '2026-07-01T00:00:30Z', zone: 'Pacific/Auckland', round: 'floor', expected: '2026-07-01 12:00' },
    { instant: '2026-07-01T00:00:30Z', zone: 'Pacific/Auckland', round: 'ceil', expected: '2026-07-01 12:01' },
    { instant: '2026-07-01T00:00:00Z', zone: 'Pacific/Auckland', round: 'ceil', expected: '2026-07-01 12:00' },
    { instant: '2026-07-01T03:00:00Z', zone: 'America/Los_Angeles', round: 'floor', expected: '2026-06-30 20:00' },
    // DST: 2026-11-01 01:30 happens twice in Los Angeles; both instants print the same wall clock,
    // which is why the JQL window is widened and the exact cut is done in UTC.
    { instant: '2026-11-01T08:30:00Z', zone: 'America/Los_Angeles', round: 'floor', expected: '2026-11-01 01:30' },
    { instant: '2026-11-01T09:30:00Z', zone: 'America/Los_Angeles', round: 'floor', expected: '2026-11-01 01:30' },
    { instant: '2026-12-31T23:59:59.999Z', zone: 'UTC', round: 'ceil', expected: '2027-01-01 00:00' },
  ] as const)('$instant in $zone ($round) → $expected', ({ instant, zone, round, expected }) => {
    expect(jqlDate(Date.parse(instant), zone, round)).toBe(expected);
  });
});

describe('windowJql', () => {
  it('wraps the configured JQL and widens by a day each side', () => {
    expect(windowJql('project = BGR OR project = OPS', Date.parse('2026-07-01T00:00:00Z'), Date.parse('2026-07-02T00:00:30Z'), 'America/Los_Angeles')).toBe(
      '(project = BGR OR project = OPS) AND updated >= "2026-06-29 17:00" AND updated <= "2026-07-02 17:01" ORDER BY updated ASC, key ASC',
    );
  });
});

describe('inWindow: the exact cut, inclusive at both ends', () => {
  it.each([
    { updated: 999, expected: false },
    { updated: 1000, expected: true },
    { updated: 2000, expected: true },
    { updated: 2001, expected: false },
  ])('$updated → $expected', ({ updated, expected }) => {
    expect(inWindow(updated, 1000, 2000)).toBe(expected);
  });
});
