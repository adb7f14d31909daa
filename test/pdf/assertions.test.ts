import { describe, expect, it } from 'vitest';
import { GAP_CODES, type GapCode } from '../../src/domain/use.ts';
import { ASSERTION_CODES, assertions, type AssertionKey, type Verdict } from '../../src/render/pdf/assertions.ts';
import { buildReport } from '../render/report-fixture.ts';

function verdicts(codes: GapCode[], ledgerOk = true): Record<AssertionKey, Verdict> {
  const base = buildReport();
  const report = buildReport({
    findings: codes.map((code) => ({ subject: 'g-1', code, severity: 'high', message: code })),
    ledger: { ...base.ledger, ok: ledgerOk },
  });
  return Object.fromEntries(assertions(report).map((a) => [a.key, a.verdict])) as Record<AssertionKey, Verdict>;
}

const ALL_MET: Record<AssertionKey, Verdict> = { documented: 'met', restricted: 'met', logged: 'met', reviewed: 'met' };

describe('control assertion', () => {
  it.each<[string, GapCode[], boolean, Record<AssertionKey, Verdict>]>([
    ['no findings', [], true, ALL_MET],
    ['an unused grant is context only', ['GRANT_UNUSED'], true, ALL_MET],
    ['missing justification', ['MISSING_JUSTIFICATION'], true, { ...ALL_MET, documented: 'not met' }],
    ['missing incident', ['MISSING_INCIDENT'], true, { ...ALL_MET, documented: 'not met' }],
    ['not pre-authorized', ['NOT_PREAUTHORIZED'], true, { ...ALL_MET, restricted: 'not met' }],
    ['scope too broad', ['SCOPE_TOO_BROAD'], true, { ...ALL_MET, restricted: 'not met' }],
    ['grant too long (the narrative: a bounded duration)', ['GRANT_TOO_LONG'], true, { ...ALL_MET, restricted: 'not met' }],
    ['protection not restored', ['PROTECTION_NOT_RESTORED'], true, { ...ALL_MET, restricted: 'not met' }],
    ['stale waiver', ['WAIVER_STALE'], true, { ...ALL_MET, restricted: 'not met' }],
    ['unsanctioned bypass', ['UNSANCTIONED_BYPASS'], true, { ...ALL_MET, restricted: 'not met', logged: 'not met' }],
    ['ledger fails verification', [], false, { ...ALL_MET, logged: 'not met' }],
    ['ledger tampered', ['LEDGER_TAMPERED'], true, { ...ALL_MET, logged: 'not met' }],
    ['missing review', ['MISSING_REVIEW'], true, { ...ALL_MET, reviewed: 'not met' }],
    ['overdue review', ['REVIEW_OVERDUE'], true, { ...ALL_MET, reviewed: 'not met' }],
    ['self review', ['SELF_REVIEW'], true, { ...ALL_MET, reviewed: 'not met' }],
    ['late review', ['REVIEW_LATE'], true, { ...ALL_MET, reviewed: 'not met' }],
    ['no follow-up (the narrative: completed reviews without a follow-up)', ['NO_FOLLOW_UP'], true, { ...ALL_MET, reviewed: 'not met' }],
  ])('%s', (_name, codes, ledgerOk, expected) => {
    expect(verdicts(codes, ledgerOk)).toEqual(expected);
  });

  it('every gap code but GRANT_UNUSED breaks some part', () => {
    const covered = new Set(Object.values(ASSERTION_CODES).flat());
    expect(GAP_CODES.filter((c) => !covered.has(c))).toEqual(['GRANT_UNUSED']);
  });

  it('an open review not yet due at as-of makes "reviewed" pending, never met', () => {
    // g-2's review is open and due 2026-07-23T04:00Z; as-of the day before
    const report = buildReport({ asOf: Date.parse('2026-07-22T00:00:00Z'), findings: [] });
    const reviewed = assertions(report).find((a) => a.key === 'reviewed')!;
    expect(reviewed.verdict).toBe('pending');
    expect(reviewed.figures).toContain('Open, not yet due: 1');
    // once due, REVIEW_OVERDUE decides
    expect(assertions(buildReport({ findings: [] })).find((a) => a.key === 'reviewed')!.verdict).toBe('met');
  });

  it('states the numbers behind each verdict', () => {
    const [documented, restricted, logged, reviewed] = assertions(buildReport());
    expect(documented?.figures).toContain('Sanctioned uses: 2');
    expect(restricted?.figures).toEqual(['NOT_PREAUTHORIZED: 0', 'SCOPE_TOO_BROAD: 1', 'GRANT_TOO_LONG: 1', 'UNSANCTIONED_BYPASS: 1', 'PROTECTION_NOT_RESTORED: 0', 'WAIVER_STALE: 1']);
    // the fixture's ledger has no checkpoint: a pass that rests on the chain alone says so
    expect(logged?.figures).toEqual(['Ledger verification: passed (4 entries, 0 errors)', 'Not anchored by a verified checkpoint: 4 entries', 'Unsanctioned uses: 1']);
    const anchored = buildReport();
    anchored.ledger = { ...anchored.ledger, unanchored: 0, checkpoints: { file: 'ledger/checkpoints.jsonl', count: 1, lastVerified: { size: 4, head: anchored.ledger.head ?? '', at: '2026-09-30T04:00:00Z', keyId: `sha256:${'9'.repeat(64)}`, line: 1 } } };
    expect(assertions(anchored).find((a) => a.key === 'logged')?.figures).toEqual(['Ledger verification: passed (4 entries, 0 errors)', 'Unsanctioned uses: 1']);
    expect(reviewed?.figures.slice(0, 2)).toEqual(['Reviews completed: 1 of 2 (50.0%)', 'SLA met: 66.7%']);
  });
});

describe('control assertion when the sources do not cover the period', () => {
  const byKey = (report: ReturnType<typeof buildReport>) => Object.fromEntries(assertions(report).map((a) => [a.key, a])) as Record<AssertionKey, ReturnType<typeof assertions>[number]>;
  const base = buildReport({ findings: [] });
  const gap = (stream: string) => `the thing (${stream}): collected from 2026-07-20T00:00:00-04:00 only, after the period starts (2026-07-01T00:00:00-04:00); what came before cannot be seen`;
  const withGaps = (...streams: string[]) => buildReport({ findings: [], population: { ...base.population, coverageGaps: streams.map(gap) } });

  it('an audit-log gap leaves "restricted" and "logged" unverified, never met: a bypass in the gap cannot be seen', () => {
    const parts = byKey(withGaps('github.audit'));
    expect(Object.fromEntries(Object.entries(parts).map(([k, a]) => [k, a.verdict]))).toEqual({ ...ALL_MET, restricted: 'unverified', logged: 'unverified' });
    expect(parts.restricted.figures).toContain('Coverage gap: GitHub audit log');
  });

  it('a rule-suite gap likewise; a Jira gap leaves "reviewed" unverified; a merges gap changes no part', () => {
    expect(Object.fromEntries(assertions(withGaps('github.rule-suites')).map((a) => [a.key, a.verdict]))).toEqual({ ...ALL_MET, restricted: 'unverified', logged: 'unverified' });
    expect(Object.fromEntries(assertions(withGaps('jira.issues')).map((a) => [a.key, a.verdict]))).toEqual({ ...ALL_MET, reviewed: 'unverified' });
    expect(Object.fromEntries(assertions(withGaps('github.merges')).map((a) => [a.key, a.verdict]))).toEqual(ALL_MET);
  });

  it('INCOMPLETE evidence leaves every part judged on GitHub or Jira unverified; the ledger-only part stands', () => {
    const report = buildReport({ findings: [], incomplete: ['GET /orgs/acme/audit-log: cannot reach GitHub'] });
    expect(Object.fromEntries(assertions(report).map((a) => [a.key, a.verdict]))).toEqual({ documented: 'met', restricted: 'unverified', logged: 'unverified', reviewed: 'unverified' });
  });

  it('a finding that was seen still makes the part not met', () => {
    const report = buildReport({ findings: [{ subject: 'g-1', code: 'UNSANCTIONED_BYPASS', severity: 'high', message: 'x' }], population: { ...base.population, coverageGaps: [gap('github.audit')] } });
    expect(byKey(report).restricted.verdict).toBe('not met');
  });
});

describe('control assertion without a GitHub or Jira source in the config', () => {
  it('a ledger-only config leaves "restricted" and "logged" unverified (no bypass event was collected) and "reviewed" too', () => {
    const base = buildReport({ findings: [] });
    const report = buildReport({ findings: [], config: { ...base.config, github: undefined, jira: undefined } });
    const parts = Object.fromEntries(assertions(report).map((a) => [a.key, a])) as Record<AssertionKey, ReturnType<typeof assertions>[number]>;
    expect(Object.fromEntries(Object.entries(parts).map(([k, a]) => [k, a.verdict]))).toEqual({ documented: 'met', restricted: 'unverified', logged: 'unverified', reviewed: 'unverified' });
    expect(parts.logged.figures).toContain('No GitHub source in the config');
    expect(parts.reviewed.figures).toContain('No Jira source in the config');
  });
});
