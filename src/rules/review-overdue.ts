import type { Rule } from './types.ts';
import { at, finding } from './util.ts';

export const reviewOverdue: Rule = {
  code: 'REVIEW_OVERDUE',
  severity: 'high',
  title: 'Review overdue',
  description:
    'The review is not completed at as-of and its due time has passed. Due is 00:00 local on the day after the ' +
    'N-th business day following the SLA clock start (grant start, or grant end with clockStart: grant-end).',
  check(use, ctx) {
    const review = use.review;
    if (!use.sanctioned || review?.status !== 'open' || review.dueAt === undefined) return [];
    if (review.dueAt > ctx.asOf) return [];
    return finding(reviewOverdue,
      use.id,
      `review ${use.reviewKey ?? ''} still open at ${at(ctx, ctx.asOf)}, due ${at(ctx, review.dueAt)}`,
    );
  },
};
