import { resolveIdentity } from '../join/identity.ts';
import { localDate } from '../time/index.ts';
import type { Config } from '../domain/index.ts';
import type { Rule } from './types.ts';
import { finding } from './util.ts';

type RosterEntry = Config['roster'][number];

// Roster entries by resolved person id, built once per config: every grant asks.
const rosterIndexes = new WeakMap<Config, Map<string, RosterEntry[]>>();

function rosterOf(config: Config, person: string): readonly RosterEntry[] {
  let index = rosterIndexes.get(config);
  if (!index) {
    index = new Map();
    for (const entry of config.roster) {
      const id = resolveIdentity(config, entry.person);
      const list = index.get(id);
      if (list) list.push(entry);
      else index.set(id, [entry]);
    }
    rosterIndexes.set(config, index);
  }
  return index.get(person) ?? [];
}

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
    const ok = rosterOf(config, use.actor).some(
      (entry) =>
        (entry.gates.includes(gate) || entry.gates.includes('*')) &&
        entry.from <= day &&
        day <= entry.until,
    );
    if (ok) return [];
    return finding(notPreauthorized, use.id, `${use.actor} has no roster entry for gate ${gate} on ${day}`);
  },
};
