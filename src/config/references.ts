/** Cross-reference checks the schema cannot express (CONTRACT §3: a gate or person referenced but not defined). */
import { githubLogins } from '../domain/config.ts';
import type { ConfigFile } from './schema.ts';
import type { IssuePath } from './locate.ts';
import { nameKey } from '../util/text.ts';

export interface ConfigIssue {
  path: IssuePath;
  message: string;
  fix?: string;
}

export function checkReferences(cfg: ConfigFile): ConfigIssue[] {
  return [...uniqueIds(cfg), ...identities(cfg), ...gates(cfg), ...roster(cfg), ...github(cfg), ...sampling(cfg)];
}

function uniqueIds(cfg: ConfigFile): ConfigIssue[] {
  return [
    // in NFC, as join/identity.ts compares them: `jos\u00e9` and `jose\u0301` are one person
    ...duplicates(cfg.people.map((p) => nameKey(p.id)), (i) => ['people', i, 'id'], 'person id'),
    ...duplicates(cfg.gates.map((g) => g.id), (i) => ['gates', i, 'id'], 'gate id'),
  ];
}

/** Two people with one GitHub login or Jira account would make identity resolution ambiguous. */
function identities(cfg: ConfigFile): ConfigIssue[] {
  const pick = (field: 'github' | 'jira'): { value: string; i: number; path: IssuePath }[] =>
    cfg.people.flatMap((p, i) => {
      const v = p[field];
      if (v === undefined) return [];
      if (typeof v === 'string') return [{ value: v, i, path: ['people', i, field] }];
      return v.map((value, k) => ({ value, i, path: ['people', i, field, k] }));
    });
  const issues: ConfigIssue[] = [];
  for (const field of ['github', 'jira'] as const) {
    const seen = new Map<string, number>();
    for (const { value, i, path } of pick(field)) {
      const key = field === 'github' ? nameKey(value).toLowerCase() : nameKey(value); // GitHub logins are case-insensitive
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else issues.push({ path, message: first === i ? `GitHub login "${value}" is listed twice` : `the same ${field} identity is already mapped at people[${first}]`, fix: 'map each account to one person' });
    }
  }
  issues.push(...crossed(cfg));
  return issues;
}

/**
 * One raw value resolves through ids, then GitHub logins (case-insensitive), then Jira accounts
 * (join/identity.ts). A GitHub login or Jira account that is another person's id (or a Jira
 * account that is another person's GitHub login) would be taken for that other person: an
 * event by eve's login `bob` would be covered by bob's grant. Refused, naming both entries.
 */
function crossed(cfg: ConfigFile): ConfigIssue[] {
  const ids = new Map<string, number>(); // lower-cased: a login matches an id in any case
  const exactIds = new Map<string, number>(); // a Jira account matches an id exactly
  const logins = new Map<string, number>();
  cfg.people.forEach((p, i) => {
    const id = nameKey(p.id);
    if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), i);
    if (!exactIds.has(id)) exactIds.set(id, i);
    for (const login of githubLogins(p)) if (!logins.has(nameKey(login).toLowerCase())) logins.set(nameKey(login).toLowerCase(), i);
  });
  const issues: ConfigIssue[] = [];
  const clash = (i: number, field: 'github' | 'jira', value: string, other: number | undefined, what: string): void => {
    if (other === undefined || other === i) return;
    issues.push({
      path: ['people', i, field],
      message: `${field === 'github' ? 'GitHub login' : 'Jira account'} "${value}" is also ${what} of people[${other}] (${cfg.people[other]?.id}): its events or reviews would be taken for that person's`,
      fix: 'give each person an id that is no other person\'s GitHub login or Jira account (ids are free text, e.g. the work e-mail name)',
    });
  };
  cfg.people.forEach((p, i) => {
    for (const login of githubLogins(p)) clash(i, 'github', login, ids.get(nameKey(login).toLowerCase()), 'the id');
    if (p.jira !== undefined) {
      clash(i, 'jira', p.jira, exactIds.get(nameKey(p.jira)), 'the id');
      clash(i, 'jira', p.jira, logins.get(nameKey(p.jira).toLowerCase()), 'the GitHub login');
    }
  });
  return issues;
}

function gates(cfg: ConfigFile): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  const branchOf = (i: number): string => (cfg.gates[i]?.branch ?? '').replace(/^refs\/heads\//, '');
  const claim = (i: number, repo: string, path: IssuePath, former: boolean): void => {
    const where = `${repo.toLowerCase()}@${branchOf(i)}`;
    const first = seen.get(where);
    if (first === undefined) seen.set(where, i);
    else {
      const message = first === i ? `${repo} is listed twice for this gate` : `gates[${first}] already covers ${repo}@${branchOf(i)}${former ? ' (a former name here)' : ''}`;
      issues.push({ path, message, fix: 'define each repo/branch once: a former name belongs to the gate whose repo it became' });
    }
  };
  cfg.gates.forEach((g, i) => {
    if (g.id === '*') issues.push({ path: ['gates', i, 'id'], message: '"*" is reserved (it means all gates in the roster)', fix: 'pick another gate id' });
    claim(i, g.repo, ['gates', i, 'branch'], false);
  });
  // Former names (formerRepos) map events to their gate like its repo does. They are claimed after
  // every current repo, so a clash is named at the former name, whichever gate comes first.
  cfg.gates.forEach((g, i) => (g.formerRepos ?? []).forEach((repo, k) => claim(i, repo, ['gates', i, 'formerRepos', k], true)));
  return issues;
}

function roster(cfg: ConfigFile): ConfigIssue[] {
  const people = new Set(cfg.people.map((p) => nameKey(p.id)));
  const gateIds = new Set(cfg.gates.map((g) => g.id));
  const issues: ConfigIssue[] = [];
  cfg.roster.forEach((r, i) => {
    if (!people.has(nameKey(r.person))) {
      issues.push({ path: ['roster', i, 'person'], message: `person "${r.person}" is not defined`, fix: 'add it under people, or use a defined person id' });
    }
    r.gates.forEach((g, k) => {
      if (g !== '*' && !gateIds.has(g)) {
        issues.push({ path: ['roster', i, 'gates', k], message: `gate "${g}" is not defined`, fix: 'add it under gates, use a defined gate id, or "*" for all gates' });
      }
    });
    if (r.from > r.until) {
      issues.push({ path: ['roster', i, 'until'], message: `until ${r.until} is before from ${r.from}`, fix: 'both days are inclusive; swap them' });
    }
  });
  return issues;
}

function github(cfg: ConfigFile): ConfigIssue[] {
  if (!cfg.github || cfg.github.org || cfg.github.enterprise) return [];
  return [{ path: ['github'], message: 'github needs an org or an enterprise', fix: 'add github.org (and/or github.enterprise)' }];
}

function sampling(cfg: ConfigFile): ConfigIssue[] {
  const sizes = cfg.sampling.sizes;
  const issues: ConfigIssue[] = [];
  sizes.forEach((s, i) => {
    const last = i === sizes.length - 1;
    if (s.maxPopulation === null && !last) {
      issues.push({ path: ['sampling', 'sizes', i, 'maxPopulation'], message: 'only the last step may have maxPopulation: null', fix: 'order the steps by maxPopulation' });
    } else if (s.maxPopulation !== null && last) {
      issues.push({ path: ['sampling', 'sizes', i, 'maxPopulation'], message: 'the last step must have maxPopulation: null (any larger population)', fix: 'add a final step { maxPopulation: null, size: N }' });
    }
    const prev = sizes[i - 1]?.maxPopulation;
    if (i > 0 && s.maxPopulation !== null && typeof prev === 'number' && s.maxPopulation <= prev) {
      issues.push({ path: ['sampling', 'sizes', i, 'maxPopulation'], message: 'maxPopulation must grow from step to step', fix: 'order the steps by maxPopulation' });
    }
  });
  return issues;
}

function duplicates(values: string[], at: (i: number) => IssuePath, what: string): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  values.forEach((v, i) => {
    const first = seen.get(v);
    if (first === undefined) seen.set(v, i);
    else issues.push({ path: at(i), message: `duplicate ${what} "${v}" (first defined at index ${first})`, fix: `give every ${what.split(' ')[0]} a unique id` });
  });
  return issues;
}
