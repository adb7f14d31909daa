import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const grantUnused: Rule = {
  code: 'GRANT_UNUSED',
  severity: 'info',
  title: 'Grant unused',
  description: 'A grant that covers no GitHub bypass event. It still counts as a use in the metrics.',
  check(use) {
    if (!use.sanctioned || use.events.length > 0) return [];
    return finding(grantUnused, use.id, `grant ${use.id} covers no GitHub bypass event`);
  },
};
