import { businessDaysBetween } from '../time/index.ts';
import type { Rule } from './types.ts';
import { at, finding, plural } from './util.ts';

export const reviewLate: Rule = {
  code: 'REVIEW_LATE',
  severity: 'medium',
  title: 'Review late',
  description: 'The review was completed on or after its due time (on time means completed strictly before due).',
  check(use, ctx) {
    const review = use.review;
    if (!use.sanctioned || review?.status !== 'done') return [];
    const { completedAt, dueAt } = review;
    if (completedAt === undefined || dueAt === undefined || completedAt < dueAt) return [];
    // Due is the start of the day after the last allowed business day, so count from that last day.
    const late = businessDaysBetween(dueAt - 1, completedAt, ctx.config.timezone, ctx.holidays);
    const suffix = late > 0 ? ` (${plural(late, 'business day')} late)` : '';
    return finding(reviewLate,
      use.id,
      `review ${use.reviewKey ?? ''} completed ${at(ctx, completedAt)}, due ${at(ctx, dueAt)}${suffix}`,
    );
  },
};
