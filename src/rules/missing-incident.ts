import type { Rule } from './types.ts';
import { blank, finding } from './util.ts';

export const missingIncident: Rule = {
  code: 'MISSING_INCIDENT',
  severity: 'medium',
  title: 'Missing incident',
  description: 'The grant names no incident (URL or id): the field is absent, empty or only whitespace.',
  check(use) {
    if (!use.sanctioned || !blank(use.incident)) return [];
    return finding(missingIncident, use.id, `grant ${use.id} names no incident`);
  },
};
