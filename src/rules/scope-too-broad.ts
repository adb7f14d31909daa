import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const scopeTooBroad: Rule = {
  code: 'SCOPE_TOO_BROAD',
  severity: 'high',
  title: 'Grant scope too broad',
  description: 'The grant\'s scope is repo or org-admin instead of gate: it reached further than the one protected branch.',
  check(use) {
    if (!use.sanctioned || use.scope === 'gate') return [];
    return finding(scopeTooBroad, use.id, `grant ${use.id} has scope ${use.scope ?? '(none)'}, not gate`);
  },
};
