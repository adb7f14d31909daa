import { describe, expect, it } from 'vitest';
import type { AuditEvent, Use, WaiverState } from '../domain/index.ts';
import { cleanUse, config, ctx, DAY, event, HOUR, ledger, rogueUse, t, waiver } from '../../test/rules/builders.ts';
import { protectionNotRestored } from './protection-not-restored.ts';
import { unsanctionedBypass } from './unsanctioned-bypass.ts';
import { waiverStale } from './waiver-stale.ts';
import type { WaiverGranted } from '../domain/index.ts';

describe('UNSANCTIONED_BYPASS', () => {
  it.each<[string, Use, string[]]>([
    ['unsanctioned audit event', rogueUse(event('doc-9')), ['gh-doc-9:UNSANCTIONED_BYPASS:high']],
    ['unsanctioned rule suite', rogueUse(event('rs-42')), ['gh-rs-42:UNSANCTIONED_BYPASS:high']],
    ['sanctioned use', cleanUse(), []],
  ])('%s', (_name, use, expected) => {
    const got = (unsanctionedBypass.check?.(use, ctx()) ?? []).map((f) => `${f.subject}:${f.code}:${f.severity}`);
    expect(got).toEqual(expected);
  });
  it('says what, where, who and when', () => {
    const [f] = unsanctionedBypass.check?.(rogueUse(event('doc-9')), ctx()) ?? [];
    expect(f?.message).toBe(
      'protected_branch.policy_override on acme/payments@main by alice at 2026-07-06T10:30:00-04:00 has no covering grant and no waiver',
    );
  });
});

describe('PROTECTION_NOT_RESTORED', () => {
  const at = t('2026-07-06T14:30:00Z');
  const destroy = event('d-1', { action: 'protected_branch.destroy', at });
  const rsDestroy = event('d-2', { action: 'repository_ruleset.destroy', at, branch: undefined, rulesetId: '1', rulesetName: 'core' });
  const disable = event('d-3', { action: 'repository_branch_protection_evaluation.disable', at, branch: undefined });
  const create = (over: Partial<AuditEvent>) => event('r-1', { action: 'protected_branch.create', ...over });
  // grant G-1: 14:00Z .. expires 18:00Z, tolerance 5 min -> deadline 18:05Z
  const grantUse = (e: AuditEvent, over: Partial<Use> = {}) => cleanUse({ events: [e], ...over });
  const asOf = t('2026-07-20T00:00:00Z');

  it.each<[string, Use, AuditEvent[], number, boolean]>([
    ['restored inside the grant', grantUse(destroy), [create({ at: at + HOUR })], asOf, false],
    ['restored within tolerance after expiry', grantUse(destroy), [create({ at: t('2026-07-06T18:04:00Z') })], asOf, false],
    ['restored after expiry + tolerance', grantUse(destroy), [create({ at: t('2026-07-06T18:06:00Z') })], asOf, true],
    ['never restored', grantUse(destroy), [], asOf, true],
    ['restore before the destroy does not count', grantUse(destroy), [create({ at: at - HOUR })], asOf, true],
    ['restore on another branch', grantUse(destroy), [create({ at: at + HOUR, branch: 'release' })], asOf, true],
    ['restore on another repo', grantUse(destroy), [create({ at: at + HOUR, repo: 'acme/web' })], asOf, true],
    ['restore in a repo spelled in another case', grantUse(destroy), [create({ at: at + HOUR, repo: 'Acme/Payments' })], asOf, false],
    ['the close ends the grant early', grantUse(destroy, { endedAt: at + HOUR }), [create({ at: at + 2 * HOUR })], asOf, true],
    ['deadline not reached at as-of: not judged yet', grantUse(destroy), [], t('2026-07-06T18:00:00Z'), false],
    [
      'deadline passed, restore only after as-of',
      grantUse(destroy, { endedAt: at + HOUR }),
      [create({ at: t('2026-07-06T16:30:00Z') })],
      t('2026-07-06T16:00:00Z'),
      true,
    ],
    ['endless grant judged at as-of', grantUse(destroy, { expiresAt: undefined }), [], asOf, true],
    ['endless grant, restored before as-of', grantUse(destroy, { expiresAt: undefined }), [create({ at: at + DAY })], asOf, false],
    ['unsanctioned, restored within 24 h', rogueUse(destroy), [create({ at: at + 23 * HOUR })], asOf, false],
    ['unsanctioned, restored after 24 h', rogueUse(destroy), [create({ at: at + 25 * HOUR })], asOf, true],
    // GitHub gives a re-created ruleset a new id: the name (when both events give one) decides
    ['ruleset re-created with the same name and a new id', grantUse(rsDestroy), [event('r-2', { action: 'repository_ruleset.create', at: at + HOUR, rulesetId: '2', rulesetName: 'core' })], asOf, false],
    ['ruleset re-created under another name', grantUse(rsDestroy), [event('r-2', { action: 'repository_ruleset.create', at: at + HOUR, rulesetId: '2', rulesetName: 'other' })], asOf, true],
    ['ruleset create with a new id and no name', grantUse(rsDestroy), [event('r-2', { action: 'repository_ruleset.create', at: at + HOUR, rulesetId: '2' })], asOf, false],
    ['ruleset create without id or name', grantUse(rsDestroy), [event('r-2', { action: 'repository_ruleset.create', at: at + HOUR, rulesetId: undefined })], asOf, false],
    ['evaluation re-enabled', grantUse(disable), [event('r-3', { action: 'repository_branch_protection_evaluation.enable', at: at + HOUR })], asOf, false],
    ['evaluation enabled only by a wrong action', grantUse(disable), [create({ at: at + HOUR })], asOf, true],
    ['a policy override needs no restore', grantUse(event('doc-1')), [], asOf, false],
  ])('%s', (_name, use, restores, asOfCase, flagged) => {
    const found = protectionNotRestored.check?.(use, ctx({ asOf: asOfCase, events: [...use.events, ...restores] })) ?? [];
    expect(found.map((f) => `${f.subject}:${f.code}`)).toEqual(flagged ? [`${use.id}:PROTECTION_NOT_RESTORED`] : []);
  });

  // acme/payments was kestrel/payments until a transfer during the grant: the destroy is logged
  // under the old name, the re-create under the new one
  const renamed = config({
    gates: [
      { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main', formerRepos: ['kestrel/payments'] },
      { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main' },
    ],
  });
  const oldName = event('d-4', { action: 'protected_branch.destroy', at, repo: 'kestrel/payments' });
  it.each<[string, AuditEvent, AuditEvent, boolean]>([
    ['destroyed under the former name, re-created under the current one', oldName, create({ at: at + HOUR }), false],
    ['destroyed under the current name, re-created under the former one', destroy, create({ at: at + HOUR, repo: 'Kestrel/Payments' }), false],
    ['re-created in another repo', oldName, create({ at: at + HOUR, repo: 'acme/web' }), true],
    ['re-created under the former name on another branch', oldName, create({ at: at + HOUR, repo: 'acme/payments', branch: 'release' }), true],
  ])('formerRepos: %s', (_name, removal, restore, flagged) => {
    const use = grantUse(removal);
    const found = protectionNotRestored.check?.(use, ctx({ config: renamed, asOf, events: [removal, restore] })) ?? [];
    expect(found.map((f) => f.code)).toEqual(flagged ? ['PROTECTION_NOT_RESTORED'] : []);
  });
});

describe('WAIVER_STALE', () => {
  const asOf = t('2026-09-01T14:00:00Z');
  function state(id: string, at: number, openAtAsOf: boolean): WaiverState {
    const w = ledger([waiver(id, { at, expiresAt: undefined })]).entries[0] as WaiverGranted;
    return { waiver: w, openAtAsOf, ...(openAtAsOf ? { ageDays: Math.floor((asOf - at) / DAY) } : {}) };
  }
  it.each<[string, WaiverState, boolean]>([
    ['open 10 days', state('W-1', asOf - 10 * DAY, true), false],
    ['open exactly 30 days', state('W-1', asOf - 30 * DAY, true), false],
    ['open 30 days and 1 hour', state('W-1', asOf - 30 * DAY - HOUR, true), true],
    ['open 45 days', state('W-1', asOf - 45 * DAY, true), true],
    ['45 days old but closed', state('W-1', asOf - 45 * DAY, false), false],
  ])('%s', (_name, s, flagged) => {
    const found = waiverStale.checkProgram?.(ctx({ asOf, waivers: [s] })) ?? [];
    expect(found.map((f) => `${f.subject}:${f.code}:${f.severity}`)).toEqual(flagged ? ['W-1:WAIVER_STALE:medium'] : []);
  });
  it('says by how much a waiver is over the limit, never "30 days (limit 30 days)"', () => {
    const message = (age: number) => waiverStale.checkProgram?.(ctx({ asOf, waivers: [state('W-1', asOf - age, true)] }))?.[0]?.message ?? '';
    expect(message(30 * DAY + HOUR)).toMatch(/, 30 days at as-of, 1 h over the limit of 30 days$/);
    expect(message(30 * DAY + 1000)).toMatch(/, 30 days at as-of, less than a minute over the limit of 30 days$/);
    expect(message(45 * DAY)).toMatch(/, 45 days at as-of, 15 days over the limit of 30 days$/);
    expect(message(31 * DAY + 5 * 60_000)).toMatch(/, 31 days at as-of, 1 day over the limit of 30 days$/);
  });

  it('a waiver granted after the period is not judged in that period', () => {
    const late = t('2026-12-01T00:00:00Z');
    const w = ledger([waiver('W-9', { at: t('2026-10-05T00:00:00Z'), expiresAt: undefined })]).entries[0] as WaiverGranted;
    const s = { waiver: w, openAtAsOf: true, ageDays: 57 };
    expect(waiverStale.checkProgram?.(ctx({ asOf: late, waivers: [s] })) ?? []).toEqual([]);
    const early = ledger([waiver('W-8', { at: t('2026-09-20T00:00:00Z'), expiresAt: undefined })]).entries[0] as WaiverGranted;
    const found = waiverStale.checkProgram?.(ctx({ asOf: late, waivers: [{ waiver: early, openAtAsOf: true, ageDays: 72 }] })) ?? [];
    expect(found.map((f) => f.subject)).toEqual(['W-8']);
  });
});
