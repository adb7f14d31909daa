import type { AuditEvent, Config, Gate } from '../domain/index.ts';
import { gateRepos, githubLogins } from '../domain/config.ts';
import { nameKey } from '../util/text.ts';

interface IdentityIndex {
  byId: Map<string, string>;
  byGithub: Map<string, string>;
  byJira: Map<string, string>;
}

interface GateIndex {
  /** lower-cased `owner/name` -> gates of that repo, config order */
  byRepo: Map<string, Gate[]>;
}

// Built once per config object: joins resolve identities for every event and grant.
const identityCache = new WeakMap<Config, IdentityIndex>();
const gateCache = new WeakMap<Config, GateIndex>();

function identityIndex(config: Config): IdentityIndex {
  const cached = identityCache.get(config);
  if (cached) return cached;
  const index: IdentityIndex = { byId: new Map(), byGithub: new Map(), byJira: new Map() };
  // Keys in NFC (nameKey): the config and the ledger may spell one name in two normal forms.
  for (const person of config.people) {
    const id = nameKey(person.id);
    if (!index.byId.has(id)) index.byId.set(id, person.id);
    // GitHub logins are case-insensitive (`Alice-GH` and `alice-gh` are one account). A renamed
    // account lists its old logins too: audit entries keep the login of their day.
    for (const login of githubLogins(person).map((value) => nameKey(value).toLowerCase())) {
      if (!index.byGithub.has(login)) index.byGithub.set(login, person.id);
    }
    const jira = person.jira === undefined ? undefined : nameKey(person.jira);
    if (jira && !index.byJira.has(jira)) index.byJira.set(jira, person.id);
  }
  identityCache.set(config, index);
  return index;
}

/**
 * A ledger actor, GitHub login or Jira account id -> person id via `people` (CONTRACT §7).
 * A person id wins over a GitHub login, which wins over a Jira account id, so one raw value
 * never resolves to two people. With no entry the raw value is the identity. Values are
 * compared in NFC: a ledger actor `jose\u0301` is the person `jos\u00e9` (both print as josé), or
 * SELF_REVIEW would miss their own review and NOT_PREAUTHORIZED name a person the roster holds.
 */
export function resolveIdentity(config: Config, raw: string): string {
  const index = identityIndex(config);
  const key = nameKey(raw);
  return index.byId.get(key) ?? index.byGithub.get(key.toLowerCase()) ?? index.byJira.get(key) ?? key;
}

function gateIndex(config: Config): GateIndex {
  const cached = gateCache.get(config);
  if (cached) return cached;
  const byRepo = new Map<string, Gate[]>();
  for (const gate of config.gates) {
    // a renamed or transferred repo: events under a former name are the gate's too
    for (const repo of gateRepos(gate)) {
      const key = repo.toLowerCase();
      const list = byRepo.get(key) ?? [];
      if (!list.includes(gate)) list.push(gate);
      byRepo.set(key, list);
    }
  }
  const index = { byRepo };
  gateCache.set(config, index);
  return index;
}

/** Whether an event's repo is a gate's repo, under its current name or a former one. */
export function onGateRepo(gate: Pick<Gate, 'repo' | 'formerRepos'>, repo: string): boolean {
  return gateRepos(gate).some((name) => sameRepo(name, repo));
}

/**
 * The name one repo goes by across renames and transfers, lower-cased: `repo` itself when it is
 * a gate's current repo (or no gate's), else the current repo of the first gate that lists it in
 * formerRepos. A protection destroyed under the old name and re-created under the new one is one
 * repo's.
 */
export function repoFamily(config: Config, repo: string): string {
  const gates = gateIndex(config).byRepo.get(repo.toLowerCase()) ?? [];
  if (gates.length === 0 || gates.some((gate) => sameRepo(gate.repo, repo))) return repo.toLowerCase();
  return gates[0]!.repo.toLowerCase();
}

/** The configured gate by id, if any. */
export function gateById(config: Config, id: string): Gate | undefined {
  return config.gates.find((gate) => gate.id === id);
}

export function stripRef(branch: string): string {
  return branch.startsWith('refs/heads/') ? branch.slice('refs/heads/'.length) : branch;
}

/**
 * CONTRACT §7: an event maps to a gate by repo (case-insensitive, as GitHub treats it) and
 * branch (case-sensitive, as git does); with no branch, to the repo's only gate; a branch
 * that is no gate, or a repo with several gates and no branch, maps to none.
 */
export function gateOfEvent(config: Config, event: AuditEvent): Gate | null {
  const gates = gateIndex(config).byRepo.get(event.repo.toLowerCase());
  if (!gates) return null;
  const branch = event.branch ? stripRef(event.branch) : '';
  if (branch === '') return gates.length === 1 ? (gates[0] ?? null) : null;
  return gates.find((gate) => stripRef(gate.branch) === branch) ?? null;
}

export function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
