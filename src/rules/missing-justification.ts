import type { Rule } from './types.ts';
import { blank, finding } from './util.ts';

export const missingJustification: Rule = {
  code: 'MISSING_JUSTIFICATION',
  severity: 'medium',
  title: 'Missing justification',
  description: 'The grant\'s justification is absent, empty or only whitespace.',
  check(use) {
    if (!use.sanctioned || !blank(use.justification)) return [];
    return finding(missingJustification, use.id, `grant ${use.id} has no justification`);
  },
};
