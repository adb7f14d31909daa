import { describe, expect, it } from 'vitest';
import type { Review, Use, WaiverGranted } from '../domain/index.ts';
import { cleanUse, ctx, DAY, event, ledger, rogueUse, t, waiver } from '../../test/rules/builders.ts';
import { runRules } from './index.ts';

const asOf = t('2026-10-15T04:00:00Z');

function reviewed(review: Partial<Review>, overrides: Partial<Use> = {}): Use {
  const base = cleanUse(overrides);
  return { ...base, review: { ...(base.review as Review), ...review } };
}

describe('runRules', () => {
  it('a clean use gets no finding', () => {
    const { findings, uses } = runRules(ctx({ uses: [cleanUse()] }));
    expect(findings).toEqual([]);
    expect(uses[0]?.gapCodes).toEqual([]);
  });

  it('an unsanctioned use carries only UNSANCTIONED_BYPASS and PROTECTION_NOT_RESTORED', () => {
    const destroy = event('doc-7', { action: 'protected_branch.destroy', actor: 'carol-gh' });
    // a rogue use that would trip grant rules if they applied (no justification, no review, broad scope)
    const use = rogueUse(destroy, { actor: 'carol', scope: 'org-admin' });
    const { uses, findings } = runRules(ctx({ uses: [use], events: [destroy], asOf }));
    expect(uses[0]?.gapCodes).toEqual(['PROTECTION_NOT_RESTORED', 'UNSANCTIONED_BYPASS']);
    expect(findings.map((f) => f.code)).toEqual(['PROTECTION_NOT_RESTORED', 'UNSANCTIONED_BYPASS']);
  });

  it('MISSING_REVIEW silences the other review rules', () => {
    // would be SELF_REVIEW, REVIEW_LATE and NO_FOLLOW_UP if the review counted
    const use = reviewed({
      status: 'missing',
      reviewer: 'alice',
      completedAt: t('2026-07-10T15:00:00Z'),
      slaMet: false,
      followUp: undefined,
    });
    expect(runRules(ctx({ uses: [use], asOf })).uses[0]?.gapCodes).toEqual(['MISSING_REVIEW']);
  });

  it('several findings on one use: sorted, unique codes', () => {
    const use = reviewed(
      { reviewer: 'alice', completedAt: t('2026-07-10T15:00:00Z'), slaMet: false, followUp: undefined },
      { scope: 'repo', justification: ' ', incident: undefined, expiresAt: undefined, actor: 'alice', events: [] },
    );
    const { uses, findings } = runRules(ctx({ uses: [use], asOf }));
    const expected = [
      'GRANT_TOO_LONG',
      'GRANT_UNUSED',
      'MISSING_INCIDENT',
      'MISSING_JUSTIFICATION',
      'NO_FOLLOW_UP',
      'REVIEW_LATE',
      'SCOPE_TOO_BROAD',
      'SELF_REVIEW',
    ];
    expect(uses[0]?.gapCodes).toEqual(expected);
    expect(findings.map((f) => f.code)).toEqual(expected);
    expect(findings.every((f) => f.subject === 'G-1')).toBe(true);
  });

  it('findings follow use order, then program-level findings; input uses are not mutated', () => {
    const a = cleanUse({ id: 'G-1', scope: 'repo' });
    const b = rogueUse(event('doc-2'));
    const w = ledger([waiver('W-1', { at: asOf - 40 * DAY, expiresAt: undefined })]).entries[0] as WaiverGranted;
    const { findings, uses } = runRules(
      ctx({ uses: [a, b], asOf, waivers: [{ waiver: w, openAtAsOf: true, ageDays: 40 }] }),
    );
    expect(findings.map((f) => `${f.subject}:${f.code}`)).toEqual([
      'G-1:SCOPE_TOO_BROAD',
      'gh-doc-2:UNSANCTIONED_BYPASS',
      'W-1:WAIVER_STALE',
    ]);
    expect(uses.map((u) => u.gapCodes)).toEqual([['SCOPE_TOO_BROAD'], ['UNSANCTIONED_BYPASS']]);
    expect(a.gapCodes).toEqual([]);
  });

  it('LEDGER_TAMPERED joins the other findings of a use', () => {
    const use = cleanUse();
    const { uses } = runRules(ctx({ uses: [use], ledger: ledger([], 1) }));
    expect(uses[0]?.gapCodes).toEqual(['LEDGER_TAMPERED']);
  });
});
