import { resolveIdentity } from '../join/identity.ts';
import { localDate } from '../time/index.ts';
import type { Rule } from './types.ts';
import { finding } from './util.ts';

export const notPreauthorized: Rule = {
  code: 'NOT_PREAUTHORIZED',
  severity: 'high',
  title: 'Actor not pre-authorized',
  description:
    "The grant's actor has no roster entry that names the grant's gate (or all gates, \"*\") and whose from/until " +
    "dates (calendar days in the organization's zone, inclusive) include the local date of the grant.",
  check(use, ctx) {
    if (!use.sanctioned || use.gate === null) return [];
    const { config } = ctx;
    const day = localDate(use.startedAt, config.timezone);
    const gate = use.gate;
    const ok = config.roster.some(
      (entry) =>
        resolveIdentity(config, entry.person) === use.actor &&
        (entry.gates.includes(gate) || entry.gates.includes('*')) &&
        entry.from <= day &&
        day <= entry.until,
    );
    if (ok) return [];
    return finding(notPreauthorized, use.id, `${use.actor} has no roster entry for gate ${gate} on ${day}`);
  },
};
