/**
 * The break-glass program as configured for the report: gates, the identity map, the roster of
 * pre-authorized people, the audit-log actions counted as bypasses and the Jira status categories
 * the config supplies. evidence.json (`program`) and the PDF's appendix page are built from here,
 * so both state the same program. Email addresses are left out: the evidence names people by id,
 * login and Jira account, and an address is personal data the auditor does not need.
 */
import { countedBypassActions, DEFAULT_BYPASS_ACTIONS } from '../config/defaults.ts';
import { type Config, githubLogins } from '../domain/config.ts';
import type { Json } from './json-sections.ts';
import { compareIds } from '../util/text.ts';

/** True when the counted actions are glasstrail's default list (same actions, any order). */
export function isDefaultBypassList(config: Config): boolean {
  const actions = new Set(countedBypassActions(config));
  return actions.size === DEFAULT_BYPASS_ACTIONS.length && DEFAULT_BYPASS_ACTIONS.every((a) => actions.has(a));
}

/** Status id → category entries, ids in numeric order (they are digits; the config's map order is not ours to keep). */
export function statusCategoryEntries(config: Config): [string, string][] {
  const given = config.jira?.statusCategories ?? {};
  return Object.keys(given)
    .sort(compareIds)
    .map((id) => [id, given[id] ?? '']);
}

/**
 * evidence.json `program`. Gates, people and roster entries in config order; lists are always
 * lists (empty when the config gives none), a missing scalar is `null`, as elsewhere in the file.
 */
export function programJson(config: Config): Json {
  const categories: { [id: string]: Json } = {};
  for (const [id, category] of statusCategoryEntries(config)) categories[id] = category;
  return {
    gates: config.gates.map((g) => ({
      id: g.id,
      name: g.name,
      repo: g.repo,
      branch: g.branch,
      formerRepos: [...(g.formerRepos ?? [])],
    })),
    people: config.people.map((p) => ({
      id: p.id,
      github: [...githubLogins(p)],
      jira: p.jira ?? null,
    })),
    roster: config.roster.map((r) => ({
      person: r.person,
      gates: [...r.gates],
      from: r.from,
      until: r.until,
    })),
    bypassActions: [...countedBypassActions(config)],
    statusCategories: categories,
  };
}
