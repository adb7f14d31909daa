import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const selfReview: Rule = {
  code: 'SELF_REVIEW',
  severity: 'high',
  title: 'Self-review',
  description:
    'The reviewer (the configured reviewer field, else the author of the transition that completed the review) ' +
    'resolves to the same person as the grant actor.',
  check(use) {
    const review = use.review;
    if (!use.sanctioned || !review || review.status === 'missing' || review.reviewer === undefined) return [];
    if (review.reviewer !== use.actor) return [];
    return finding(selfReview, use.id, `review ${use.reviewKey ?? ''} of grant ${use.id} was reviewed by its actor ${use.actor}`);
  },
};
