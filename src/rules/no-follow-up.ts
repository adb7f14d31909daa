import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const noFollowUp: Rule = {
  code: 'NO_FOLLOW_UP',
  severity: 'low',
  title: 'No follow-up',
  description:
    'The review is completed but records no follow-up: the configured follow-up field is blank and the issue has ' +
    'no issue links.',
  check(use) {
    if (!use.sanctioned || use.review?.status !== 'done' || use.review.followUp !== undefined) return [];
    return finding(noFollowUp, use.id, `review ${use.reviewKey ?? ''} of grant ${use.id} is done with no follow-up`);
  },
};
