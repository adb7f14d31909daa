import { describe, expect, it } from 'vitest';
import type { GrantClosed, GrantOpened, Use } from '../domain/index.ts';
import {
  cleanUse,
  config,
  ctx,
  event,
  HOUR,
  ledger,
  opened,
  closed,
  rogueUse,
  t,
} from '../../test/rules/builders.ts';
import { grantTooLong } from './grant-too-long.ts';
import { grantUnused } from './grant-unused.ts';
import { ledgerTampered } from './ledger-tampered.ts';
import { missingIncident } from './missing-incident.ts';
import { missingJustification } from './missing-justification.ts';
import { notPreauthorized } from './not-preauthorized.ts';
import { scopeTooBroad } from './scope-too-broad.ts';
import type { Rule, RuleContext } from './types.ts';

function run(rule: Rule, use: Use, context: RuleContext = ctx()): string[] {
  return (rule.check?.(use, context) ?? []).map((f) => `${f.subject}:${f.code}:${f.severity}`);
}

describe('NOT_PREAUTHORIZED', () => {
  const c = config();
  it.each<[string, Partial<Use>, boolean]>([
    ['alice on a roster gate', {}, false],
    ['alice on a gate she is not rostered for', { gate: 'payments-release' }, true],
    ['bob with "*" inside his window', { actor: 'bob' }, false],
    // 2026-08-01 00:30 local is 04:30Z: bob's roster ends 2026-07-31 (local dates)
    ['bob on the day after his window ends (local date)', { actor: 'bob', startedAt: t('2026-08-01T04:30:00Z') }, true],
    // 2026-07-31 23:30 local is 2026-08-01T03:30Z: still July 31 in New York
    ['bob late on his last day (UTC already next day)', { actor: 'bob', startedAt: t('2026-08-01T03:30:00Z') }, false],
    ['bob on his first day, 00:10 local', { actor: 'bob', startedAt: t('2026-07-01T04:10:00Z') }, false],
    ['bob just before his first day (local)', { actor: 'bob', startedAt: t('2026-07-01T03:50:00Z') }, true],
    ['carol has no roster entry', { actor: 'carol' }, true],
    ['unmapped login has no roster entry', { actor: 'mallory-gh' }, true],
  ])('%s', (_name, overrides, flagged) => {
    const result = run(notPreauthorized, cleanUse(overrides), ctx({ config: c }));
    expect(result).toEqual(flagged ? ['G-1:NOT_PREAUTHORIZED:high'] : []);
  });

  it('matches roster persons through the identity map (roster names a GitHub login)', () => {
    const c2 = config({ roster: [{ person: 'carol-gh', gates: ['payments-main'], from: '2026-01-01', until: '2026-12-31' }] });
    expect(run(notPreauthorized, cleanUse({ actor: 'carol' }), ctx({ config: c2 }))).toEqual([]);
  });

  it('does not judge unsanctioned uses', () => {
    expect(run(notPreauthorized, rogueUse(event('x'), { actor: 'carol' }))).toEqual([]);
  });
});

describe('SCOPE_TOO_BROAD', () => {
  it.each<[Use['scope'], boolean]>([
    ['gate', false],
    ['repo', true],
    ['org-admin', true],
  ])('scope %s', (scope, flagged) => {
    expect(run(scopeTooBroad, cleanUse({ scope }))).toEqual(flagged ? ['G-1:SCOPE_TOO_BROAD:high'] : []);
  });
  it('ignores unsanctioned uses (scope null)', () => {
    expect(run(scopeTooBroad, rogueUse())).toEqual([]);
  });
});

describe('MISSING_JUSTIFICATION / MISSING_INCIDENT', () => {
  it.each<[string, string | undefined, boolean]>([
    ['present', 'deploy broke checkout', false],
    ['absent', undefined, true],
    ['empty', '', true],
    ['blank', ' \t\n', true],
  ])('justification %s', (_name, value, flagged) => {
    const use = cleanUse();
    if (value === undefined) delete use.justification;
    else use.justification = value;
    expect(run(missingJustification, use)).toEqual(flagged ? ['G-1:MISSING_JUSTIFICATION:medium'] : []);
  });
  it.each<[string, string | undefined, boolean]>([
    ['present', 'https://status.acme.example/INC-1', false],
    ['absent', undefined, true],
    ['empty', '', true],
    ['blank', '   ', true],
  ])('incident %s', (_name, value, flagged) => {
    const use = cleanUse();
    if (value === undefined) delete use.incident;
    else use.incident = value;
    expect(run(missingIncident, use)).toEqual(flagged ? ['G-1:MISSING_INCIDENT:medium'] : []);
  });
  it('never fires on unsanctioned uses', () => {
    expect(run(missingJustification, rogueUse())).toEqual([]);
    expect(run(missingIncident, rogueUse())).toEqual([]);
  });
});

describe('GRANT_TOO_LONG', () => {
  const start = t('2026-07-06T14:00:00Z');
  it.each<[string, number | undefined, boolean]>([
    ['4 h', start + 4 * HOUR, false],
    ['exactly 8 h', start + 8 * HOUR, false],
    ['8 h and 1 s', start + 8 * HOUR + 1000, true],
    ['24 h', start + 24 * HOUR, true],
    ['no expiry', undefined, true],
  ])('%s', (_name, expiresAt, flagged) => {
    const use = cleanUse();
    if (expiresAt === undefined) delete use.expiresAt;
    else use.expiresAt = expiresAt;
    expect(run(grantTooLong, use)).toEqual(flagged ? ['G-1:GRANT_TOO_LONG:medium'] : []);
  });
  it('judges the requested window, not the actual close', () => {
    const use = cleanUse({ expiresAt: start + 12 * HOUR, endedAt: start + HOUR });
    expect(run(grantTooLong, use)).toEqual(['G-1:GRANT_TOO_LONG:medium']);
  });
  it('says the hours in the message', () => {
    const [f] = grantTooLong.check?.(cleanUse({ expiresAt: start + 12 * HOUR }), ctx()) ?? [];
    expect(f?.message).toBe('grant G-1 was issued for 12 h, more than 8 h');
  });
});

describe('GRANT_UNUSED', () => {
  it.each<[string, Partial<Use>, boolean]>([
    ['one covered event', {}, false],
    ['no covered event', { events: [] }, true],
  ])('%s', (_name, overrides, flagged) => {
    expect(run(grantUnused, cleanUse(overrides))).toEqual(flagged ? ['G-1:GRANT_UNUSED:info'] : []);
  });
  it('an unsanctioned use is never unused', () => {
    expect(run(grantUnused, rogueUse(event('x'), { events: [] }))).toEqual([]);
  });
});

describe('LEDGER_TAMPERED', () => {
  // lines: 1 = G-1 opened, 2 = G-1 closed, 3 = G-2 opened
  const read = ledger([opened('G-1'), closed('G-1', t('2026-07-06T15:00:00Z')), opened('G-2')]);
  const [o1, c1, o2] = read.entries as [GrantOpened, GrantClosed, GrantOpened];
  const useG1 = cleanUse({ grant: o1, closed: c1, ledgerSeqs: [0, 1] });
  const useG2 = cleanUse({ id: 'G-2', grant: o2, ledgerSeqs: [2] });
  it.each<[string, number | null, Use, boolean]>([
    ['chain intact', null, useG1, false],
    ['break after both lines of the use', 3, useG1, false],
    ['break on the close line', 2, useG1, true],
    ['break before the opened line', 1, useG1, true],
    ['break on the line of the use', 3, useG2, true],
  ])('%s', (_name, firstBad, use, flagged) => {
    const context = ctx({ ledger: ledger([opened('G-1'), closed('G-1', t('2026-07-06T15:00:00Z')), opened('G-2')], firstBad) });
    expect(run(ledgerTampered, use, context)).toEqual(flagged ? [`${use.id}:LEDGER_TAMPERED:high`] : []);
  });
  it('unsanctioned uses have no ledger entry', () => {
    expect(run(ledgerTampered, rogueUse(), ctx({ ledger: ledger([], 1) }))).toEqual([]);
  });
  // G-1 open (line 1), a close of G-1 that failed as a bad field (line 4, so not an entry), G-2 (line 3)
  it.each<[string, number, Record<string, number>, Use, boolean]>([
    ['its own close line failed and was dropped', 4, { 'G-1': 4 }, cleanUse({ grant: o1, ledgerSeqs: [0] }), true],
    ['a dropped line of another grant', 4, { 'G-9': 4 }, cleanUse({ grant: o1, ledgerSeqs: [0] }), false],
    ['a repeated close after the break, ignored by the join', 5, { 'G-2': 5 }, useG2, true],
  ])('%s', (_name, firstBad, dropped, use, flagged) => {
    const context = ctx({ ledger: ledger([opened('G-1'), closed('G-1', t('2026-07-06T15:00:00Z')), opened('G-2')], firstBad, dropped) });
    expect(run(ledgerTampered, use, context)).toEqual(flagged ? [`${use.id}:LEDGER_TAMPERED:high`] : []);
  });
});
