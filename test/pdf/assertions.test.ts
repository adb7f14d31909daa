import { describe, expect, it } from 'vitest';
import type { GapCode } from '../../src/domain/use.ts';
import { assertions, type AssertionKey } from '../../src/render/pdf/assertions.ts';
import { buildReport } from '../render/report-fixture.ts';

function verdicts(codes: GapCode[], ledgerOk = true): Record<AssertionKey, boolean> {
  const base = buildReport();
  const report = buildReport({
    findings: codes.map((code) => ({ subject: 'g-1', code, severity: 'high', message: code })),
    ledger: { ...base.ledger, ok: ledgerOk },
  });
  return Object.fromEntries(assertions(report).map((a) => [a.key, a.met])) as Record<AssertionKey, boolean>;
}

const ALL_MET = { documented: true, restricted: true, logged: true, reviewed: true };

describe('control assertion', () => {
  it.each<[string, GapCode[], boolean, Record<AssertionKey, boolean>]>([
    ['no findings', [], true, ALL_MET],
    ['info and low findings do not matter', ['GRANT_UNUSED', 'NO_FOLLOW_UP', 'GRANT_TOO_LONG'], true, ALL_MET],
    ['missing justification', ['MISSING_JUSTIFICATION'], true, { ...ALL_MET, documented: false }],
    ['missing incident', ['MISSING_INCIDENT'], true, { ...ALL_MET, documented: false }],
    ['not pre-authorized', ['NOT_PREAUTHORIZED'], true, { ...ALL_MET, restricted: false }],
    ['scope too broad', ['SCOPE_TOO_BROAD'], true, { ...ALL_MET, restricted: false }],
    ['unsanctioned bypass', ['UNSANCTIONED_BYPASS'], true, { ...ALL_MET, restricted: false, logged: false }],
    ['ledger fails verification', [], false, { ...ALL_MET, logged: false }],
    ['missing review', ['MISSING_REVIEW'], true, { ...ALL_MET, reviewed: false }],
    ['overdue review', ['REVIEW_OVERDUE'], true, { ...ALL_MET, reviewed: false }],
    ['self review', ['SELF_REVIEW'], true, { ...ALL_MET, reviewed: false }],
    ['late review', ['REVIEW_LATE'], true, { ...ALL_MET, reviewed: false }],
  ])('%s', (_name, codes, ledgerOk, expected) => {
    expect(verdicts(codes, ledgerOk)).toEqual(expected);
  });

  it('states the numbers behind each verdict', () => {
    const [documented, restricted, logged, reviewed] = assertions(buildReport());
    expect(documented?.figures).toContain('Sanctioned uses: 2');
    expect(restricted?.figures).toEqual(['NOT_PREAUTHORIZED: 0', 'SCOPE_TOO_BROAD: 1', 'UNSANCTIONED_BYPASS: 1']);
    expect(logged?.figures).toEqual(['Ledger verification: passed (4 entries, 0 errors)', 'Unsanctioned uses: 1']);
    expect(reviewed?.figures.slice(0, 2)).toEqual(['Reviews completed: 1 of 2 (50.0%)', 'SLA met: 66.7%']);
  });
});
