import type { Rule } from './types.ts';
import { at, finding } from './util.ts';

export const unsanctionedBypass: Rule = {
  code: 'UNSANCTIONED_BYPASS',
  severity: 'high',
  title: 'Unsanctioned bypass',
  description:
    'A GitHub bypass event (an audit-log action that bypassed or weakened a protection, or a rule suite with ' +
    'result bypass) that no ledger grant covers (same actor, within reach of the grant scope, inside the grant ' +
    'window widened by the match tolerance) and that no waiver covers.',
  check(use, ctx) {
    if (use.sanctioned) return [];
    const event = use.events[0];
    const what = event ? `${event.action} on ${event.repo}${event.branch ? `@${event.branch}` : ''}` : 'bypass';
    return finding(unsanctionedBypass,
      use.id,
      `${what} by ${use.actor} at ${at(ctx, use.startedAt)} has no covering grant and no waiver`,
    );
  },
};
