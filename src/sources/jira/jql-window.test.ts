import { describe, expect, it } from 'vitest';
import { inWindow, isIssueKey, jqlDate, keysWindowJql, outsideJql, windowJql } from './jql-window.ts';

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
      '(project = BGR OR project = OPS) AND updated >= "2026-06-29 17:00" AND updated <= "2026-07-02 17:01" ORDER BY key ASC',
    );
  });

  it('folds archived review keys outside the JQL into the same search', () => {
    const since = Date.parse('2026-07-01T00:00:00Z');
    const until = Date.parse('2026-07-02T00:00:30Z');
    expect(windowJql('project = BGR', since, until, 'UTC', ['OPS-7', 'SEC-12'])).toBe(
      '((project = BGR) OR key in ("OPS-7", "SEC-12")) AND updated >= "2026-06-30 00:00" AND updated <= "2026-07-03 00:01" ORDER BY key ASC',
    );
    expect(keysWindowJql(['OPS-7'], since, until, 'UTC')).toBe('key in ("OPS-7") AND updated >= "2026-06-30 00:00" AND updated <= "2026-07-03 00:01" ORDER BY key ASC');
    expect(outsideJql('project = BGR', ['BGR-1', 'OPS-7'])).toBe('key in ("BGR-1", "OPS-7") AND NOT (project = BGR) ORDER BY key ASC');
  });

  it.each([
    { key: 'OPS-7', ok: true },
    { key: 'A_B2-10', ok: true },
    { key: 'OPS-0', ok: false },
    { key: '7-OPS', ok: false },
    { key: 'OPS-1") OR project = X OR key in ("A-1', ok: false },
  ])('isIssueKey($key) = $ok, and a non-key never reaches the JQL', ({ key, ok }) => {
    expect(isIssueKey(key)).toBe(ok);
    if (!ok) expect(() => windowJql('project = BGR', 0, 1, 'UTC', [key])).toThrow('not an issue key');
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
