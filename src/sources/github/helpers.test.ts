import { describe, expect, it } from 'vitest';
import { auditPhrase } from './audit.ts';
import { isoSecond, nextLink, searchTime } from './context.ts';
import { brief } from './errors.ts';
import { mergeSearchQuery } from './merges.ts';
import { timePeriodFor } from './rule-suites.ts';

const NOW = Date.parse('2026-07-20T12:00:00Z');
const HOUR = 3_600_000;

describe('timePeriodFor', () => {
  it.each([
    [HOUR / 2, 'hour'],
    [HOUR, 'hour'],
    [HOUR + 1, 'day'],
    [24 * HOUR, 'day'],
    [3 * 24 * HOUR, 'week'],
    [7 * 24 * HOUR + 1, 'month'],
    [90 * 24 * HOUR, 'month'],
  ])('%i ms back → %s', (back, period) => {
    expect(timePeriodFor(NOW - back, NOW)).toBe(period);
  });
});

describe('nextLink', () => {
  it.each([
    ['<https://api.github.com/orgs/a/audit-log?after=MS4x&before=>; rel="next"', 'https://api.github.com/orgs/a/audit-log?after=MS4x&before='],
    ['<https://x/p?page=1>; rel="prev", <https://x/p?page=3>; rel="next", <https://x/p?page=9>; rel="last"', 'https://x/p?page=3'],
    ['<https://x/p?page=1>; rel="first"', undefined],
    [undefined, undefined],
  ])('%s', (header, url) => {
    expect(nextLink(header)).toBe(url);
  });
});

describe('search strings', () => {
  it('builds the audit phrase with OR-ed actions and one created range, deduplicated', () => {
    const phrase = auditPhrase(['a.b', 'c.d', 'a.b'], NOW - HOUR + 123, NOW);
    expect(phrase).toBe('action:a.b action:c.d created:2026-07-20T11:00:00+00:00..2026-07-20T12:00:00+00:00');
  });

  it('builds the merged-PR search per gate', () => {
    const gate = { id: 'g', name: 'g', repo: 'acme/payments', branch: 'release/1.x' };
    expect(mergeSearchQuery(gate, NOW - HOUR, NOW)).toBe(
      'repo:acme/payments is:pr is:merged base:release/1.x merged:2026-07-20T11:00:00+00:00..2026-07-20T12:00:00+00:00',
    );
  });

  it('formats whole seconds in UTC', () => {
    expect(isoSecond(Date.parse('2026-07-20T12:00:00.999Z'))).toBe('2026-07-20T12:00:00Z');
  });

  it('writes search bounds with the documented +00:00 offset, whole seconds', () => {
    expect(searchTime(Date.parse('2026-07-20T12:00:00.999Z'))).toBe('2026-07-20T12:00:00+00:00');
    expect(searchTime(Date.parse('2026-12-31T23:59:59Z'))).toBe('2026-12-31T23:59:59+00:00');
  });
});

describe('brief (an error message fit for the evidence)', () => {
  it.each([
    ['a JSON message stays as it is', 'Must have admin rights to Repository. - https://docs.github.com/rest', 'Must have admin rights to Repository. - https://docs.github.com/rest'],
    ['an HTML page keeps its text', '<!DOCTYPE html>\n<html><head><title>Unicorn! · GitHub</title><style>body { color: red }</style></head>\n<body><p>No server is currently available to service your request.</p></body></html>', 'Unicorn! · GitHub No server is currently available to service your request.'],
    ['a comparison is not markup', 'expected a < b and c > d', 'expected a < b and c > d'],
    ['line breaks fold into one line', 'first\r\n  second', 'first second'],
    ['a link in angle brackets is not markup', 'Resource not accessible <https://docs.github.com/rest>', 'Resource not accessible <https://docs.github.com/rest>'],
  ])('%s', (_name, message, expected) => {
    expect(brief(message)).toBe(expected);
  });

  it('never cuts an emoji in half', () => {
    const cut = brief(`${'x'.repeat(298)}🚀🚀`);
    expect(cut).toBe(`${'x'.repeat(298)}…`);
  });

  it('cuts a long message at 300 characters', () => {
    const cut = brief('x'.repeat(1_000));
    expect(cut).toHaveLength(300);
    expect(cut.endsWith('…')).toBe(true);
  });
});
