import { describe, expect, it } from 'vitest';
import type { Review, Use } from '../domain/index.ts';
import { cleanUse, ctx, rogueUse, t } from '../../test/rules/builders.ts';
import { missingReview } from './missing-review.ts';
import { noFollowUp } from './no-follow-up.ts';
import { reviewLate } from './review-late.ts';
import { reviewOverdue } from './review-overdue.ts';
import { selfReview } from './self-review.ts';
import type { Rule } from './types.ts';

const DUE = t('2026-07-09T04:00:00Z'); // Thu 2026-07-09 00:00 local
const AS_OF = t('2026-07-20T04:00:00Z');

function withReview(review: Partial<Review> | null, overrides: Partial<Use> = {}): Use {
  const base = cleanUse(overrides);
  return { ...base, review: review === null ? null : { ...(base.review as Review), ...review } };
}
const OPEN: Partial<Review> = { status: 'open', completedAt: undefined, businessDays: undefined, slaMet: undefined };

function run(rule: Rule, use: Use, asOf = AS_OF): string[] {
  return (rule.check?.(use, ctx({ asOf })) ?? []).map((f) => `${f.subject}:${f.code}`);
}

describe('MISSING_REVIEW', () => {
  it.each<[string, Use, boolean]>([
    ['review done', cleanUse(), false],
    ['review open', withReview(OPEN), false],
    ['no key', withReview({ status: 'missing', ticket: undefined }, { reviewKey: undefined }), true],
    ['key without a ticket', withReview({ status: 'missing', ticket: undefined }), true],
  ])('%s', (_name, use, flagged) => {
    expect(run(missingReview, use)).toEqual(flagged ? ['G-1:MISSING_REVIEW'] : []);
  });
  it('names the key it could not find', () => {
    const [f] = missingReview.check?.(withReview({ status: 'missing', ticket: undefined }), ctx()) ?? [];
    expect(f?.message).toBe('review BGR-1 of grant G-1 is not in the Jira archive');
  });
  it('not on unsanctioned uses', () => {
    expect(run(missingReview, rogueUse())).toEqual([]);
  });
});

describe('REVIEW_OVERDUE', () => {
  it.each<[string, Use, number, boolean]>([
    ['open and due before as-of', withReview(OPEN), AS_OF, true],
    ['open and due exactly at as-of', withReview(OPEN), DUE, true],
    ['open and due 1 ms after as-of', withReview(OPEN), DUE - 1, false],
    ['done (late) is not overdue', withReview({ completedAt: DUE + 1, slaMet: false }), AS_OF, false],
    ['missing review is not overdue (MISSING_REVIEW instead)', withReview({ ...OPEN, status: 'missing' }), AS_OF, false],
  ])('%s', (_name, use, asOf, flagged) => {
    expect(run(reviewOverdue, use, asOf)).toEqual(flagged ? ['G-1:REVIEW_OVERDUE'] : []);
  });
});

describe('REVIEW_LATE', () => {
  it.each<[string, number, boolean]>([
    ['completed a day early', t('2026-07-07T15:00:00Z'), false],
    ['completed 1 ms before due', DUE - 1, false],
    ['completed exactly at due', DUE, true],
    ['completed the day after', t('2026-07-09T15:00:00Z'), true],
  ])('%s', (_name, completedAt, flagged) => {
    expect(run(reviewLate, withReview({ completedAt }))).toEqual(flagged ? ['G-1:REVIEW_LATE'] : []);
  });
  it('open reviews are not late', () => {
    expect(run(reviewLate, withReview(OPEN))).toEqual([]);
  });
  it('states completion, due and business days late in local time', () => {
    const [f] = reviewLate.check?.(withReview({ completedAt: t('2026-07-09T15:00:00Z') }), ctx()) ?? [];
    expect(f?.message).toBe(
      'review BGR-1 completed 2026-07-09T11:00:00-04:00, due 2026-07-09T00:00:00-04:00 (1 business day late)',
    );
  });
  it('counts business days late over a weekend', () => {
    // due Thu 07-09 00:00; completed Mon 07-13 -> Thu, Fri, Mon = 3 business days late
    const [f] = reviewLate.check?.(withReview({ completedAt: t('2026-07-13T15:00:00Z') }), ctx()) ?? [];
    expect(f?.message).toMatch(/\(3 business days late\)$/);
  });
});

describe('SELF_REVIEW', () => {
  it.each<[string, Use, boolean]>([
    ['reviewer is someone else', cleanUse(), false],
    ['reviewer is the actor', withReview({ reviewer: 'alice' }), true],
    ['open review whose reviewer is the actor', withReview({ ...OPEN, reviewer: 'alice' }), true],
    ['no reviewer known', withReview({ reviewer: undefined }), false],
    ['missing review', withReview({ status: 'missing', reviewer: 'alice' }), false],
  ])('%s', (_name, use, flagged) => {
    expect(run(selfReview, use)).toEqual(flagged ? ['G-1:SELF_REVIEW'] : []);
  });
});

describe('NO_FOLLOW_UP', () => {
  it.each<[string, Use, boolean]>([
    ['done with follow-up', cleanUse(), false],
    ['done without follow-up', withReview({ followUp: undefined }), true],
    ['open without follow-up (not judged yet)', withReview({ ...OPEN, followUp: undefined }), false],
  ])('%s', (_name, use, flagged) => {
    expect(run(noFollowUp, use)).toEqual(flagged ? ['G-1:NO_FOLLOW_UP'] : []);
  });
});
