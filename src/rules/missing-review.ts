import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const missingReview: Rule = {
  code: 'MISSING_REVIEW',
  severity: 'high',
  title: 'Missing review',
  description:
    'The grant names no review ticket (the review key is absent or blank), or no Jira issue with that key is in ' +
    'the archive. When this applies, no other review rule is checked for the use.',
  check(use) {
    if (!use.sanctioned || use.review?.status !== 'missing') return [];
    const message = use.reviewKey
      ? `review ${use.reviewKey} of grant ${use.id} is not in the Jira archive`
      : `grant ${use.id} names no review ticket`;
    return finding(missingReview, use.id, message);
  },
};
