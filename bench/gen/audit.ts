/**
 * Synthetic GitHub audit log: one NDJSON file per UTC day under `github/audit/`, entries in
 * GitHub's REST field names (`@timestamp`, `_document_id`, `action`, `actor`, `created_at`, …),
 * mostly everyday noise with ~1.5 % bypass/restore actions, plus an NDJSON export dropped in
 * that overlaps two collected days (duplicates on `_document_id` across segments) and the
 * rule-suite bypasses under `github/rule-suites/`.
 * Streams day by day so a million entries never sit in memory at once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, DOC_ID_ALPHABET, HEX, type Random } from './random.ts';
import { HOUR, LOG_END, LOG_START, ORG, type Plan } from './plan.ts';

const DAY = 24 * HOUR;
/** Share of all lines that are bypass or restore actions (the issue asks for 1–2 %). */
export const BYPASS_SHARE = 0.015;
/** The two UTC days a dropped-in export repeats. */
export const EXPORT_DAYS = ['2026-09-25', '2026-09-26'];
export const EXPORT_FILE = 'export-2026-09-27.ndjson';

/** Everyday audit-log actions; some share a family with bypass actions so the reader's prefilter is exercised. */
const NOISE = [
  'repo.update_member', 'team.add_repository', 'org.invite_member', 'workflows.completed_workflow_run', 'repo.download_zip',
  'integration_installation.repositories_added', 'secret_scanning_alert.resolve', 'hook.config_changed', 'repo.add_topic',
  'repository_vulnerability_alert.resolve', 'team.add_member', 'repo.access', 'org.update_member', 'workflows.created_workflow_run',
  'pull_request.merge', 'pull_request.create', 'repo.change_merge_setting', 'protected_branch.dismiss_stale_reviews',
  'repository_ruleset.view', 'personal_access_token.access_granted', 'environment.update_protection_rule', 'dependabot_alerts.enable',
];
const UNSANCTIONED_ACTIONS = [
  'protected_branch.policy_override', 'protected_branch.policy_override', 'protected_branch.update_admin_enforced',
  'repository_ruleset.update', 'repository_ruleset.destroy', 'protected_branch.update_required_status_checks_enforcement_level',
  'repository_branch_protection_evaluation.disable', 'protected_branch.update_allow_force_pushes_enforcement_level',
];
const AGENTS = ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)', 'GitHub-Hookshot/8e7f1b2', 'terraform-provider-github/6.2.1', 'gh/2.52.0 (linux)'];

type Entry = Record<string, unknown>;

export interface AuditStats {
  files: number;
  /** every line written, export included */
  lines: number;
  /** bypass + restore lines (export duplicates included) */
  bypassLines: number;
  /** lines in the export that repeat a collected entry */
  duplicates: number;
  ruleSuites: number;
  bytes: number;
}

const actorId = (login: string): number => 9_100_000 + ([...login].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) % 900_000);
const repoId = (repo: string): number => 740_000 + ([...repo].reduce((a, c) => a * 17 + c.charCodeAt(0), 3) % 90_000);
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function entry(random: Random, action: string, login: string, at: number, repo: string, branch?: string): Entry {
  const e: Entry = {
    '@timestamp': at, _document_id: random.text(22, DOC_ID_ALPHABET), action, actor: login, actor_id: actorId(login),
    actor_location: { country_code: random.chance(0.9) ? 'US' : 'DE' }, business: 'synthco-inc', business_id: 4410, created_at: at,
    operation_type: action.endsWith('.create') ? 'create' : action.endsWith('.destroy') ? 'remove' : action.endsWith('.access') ? 'access' : 'modify',
    org: ORG, org_id: 88_123_001, repo, repo_id: repoId(repo), user_agent: random.pick(AGENTS),
  };
  if (action === 'protected_branch.policy_override') {
    Object.assign(e, {
      branch: `refs/heads/${branch ?? 'main'}`, before: random.text(40, HEX), after: random.text(40, HEX), overridden_codes: ['review_policy_not_satisfied'],
      reasons: [{ code: 'review_policy_not_satisfied', message: 'At least 1 approving review is required by reviewers with write access.' }],
    });
  } else if (action.startsWith('protected_branch.')) {
    Object.assign(e, { name: branch ?? 'main' });
    if (action.endsWith('_enforcement_level')) e.enforcement_level = 0;
  } else if (action.startsWith('repository_ruleset.')) {
    Object.assign(e, { ruleset_id: 118_034, ruleset_name: 'main protection', ruleset_enforcement: 'disabled', ruleset_old_enforcement: 'active' });
  } else if (action.startsWith('workflows.')) {
    Object.assign(e, { workflow_id: random.int(1000, 9999), workflow_run_id: random.int(1e9, 2e9), head_branch: 'main', event: 'push', conclusion: 'success' });
  }
  return e;
}

function ruleSuite(random: Random, id: number, login: string, at: number, repo: string, branch: string): Entry {
  return {
    id, actor_id: actorId(login), actor_name: login, before_sha: random.text(40, HEX), after_sha: random.text(40, HEX),
    ref: `refs/heads/${branch}`, repository_id: repoId(repo), repository_name: repo.split('/')[1], pushed_at: new Date(at).toISOString(),
    result: 'bypass', evaluation_result: 'fail',
  };
}

/** Bypass and restore entries (covered by grants, or not), and bypass rule suites, by UTC day. */
function bypassEvents(random: Random, plan: Plan, budget: number): { byDay: Map<string, Entry[]>; suites: Entry[] } {
  const byDay = new Map<string, Entry[]>();
  const suites: Entry[] = [];
  const push = (e: Entry): void => {
    const day = dayOf(e.created_at as number);
    const list = byDay.get(day);
    if (list) list.push(e);
    else byDay.set(day, [e]);
  };
  const login = new Map(plan.people.map((p) => [p.id, p.github]));
  let left = budget;
  let suiteId = 2_310_000;
  // 85 % of bypass lines belong to grants, spread evenly over them.
  const coveredShare = Math.min(1, (0.85 * budget) / Math.max(1, plan.grants.length));
  for (const g of plan.grants) {
    if (left <= 0) break;
    if (!random.chance(coveredShare)) continue;
    const end = Math.min(g.closedAt ?? g.expiresAt ?? g.at + HOUR, g.expiresAt ?? Infinity);
    const when = g.at + Math.floor(random.next() * Math.max(60_000, end - g.at - 60_000));
    const who = login.get(g.actor)!;
    const kind = random.next();
    if (kind < 0.04) {
      suites.push(ruleSuite(random, suiteId++, who, when, g.gate.repo, g.gate.branch));
    } else if (kind < 0.12) {
      push(entry(random, 'protected_branch.destroy', who, when, g.gate.repo, g.gate.branch));
      // most are restored within the grant; the rest raise PROTECTION_NOT_RESTORED
      if (random.chance(0.8)) push(entry(random, 'protected_branch.create', who, when + 20 * 60_000, g.gate.repo, g.gate.branch));
      left -= 1;
    } else {
      push(entry(random, random.chance(0.9) ? 'protected_branch.policy_override' : 'repository_ruleset.update', who, when, g.gate.repo, g.gate.branch));
    }
    left -= 1;
  }
  // The rest: unsanctioned bypasses by people and bots, on gates and on repos with no gate.
  const actors = [...plan.people.map((p) => p.github), ...plan.bots];
  while (left > 0) {
    const at = LOG_START + Math.floor(random.next() * (LOG_END - LOG_START));
    const gate = random.pick(plan.gates);
    const repo = random.chance(0.8) ? gate.repo : random.pick(plan.otherRepos);
    if (random.chance(0.05)) suites.push(ruleSuite(random, suiteId++, random.pick(actors), at, repo, gate.branch));
    else push(entry(random, random.pick(UNSANCTIONED_ACTIONS), random.pick(actors), at, repo, gate.branch));
    left -= 1;
  }
  return { byDay, suites };
}

export function writeAudit(archiveDir: string, plan: Plan, events: number, seed: string): AuditStats {
  const random = createRandom(`${seed}:audit`);
  const auditDir = join(archiveDir, 'github', 'audit');
  const suitesDir = join(archiveDir, 'github', 'rule-suites');
  mkdirSync(auditDir, { recursive: true });
  mkdirSync(suitesDir, { recursive: true });
  const days = Math.round((LOG_END - LOG_START) / DAY);
  // The export repeats two days: leave room for its lines so the total stays near `events`.
  const collected = Math.round(events / (1 + EXPORT_DAYS.length / days));
  const budget = Math.round(collected * BYPASS_SHARE);
  const { byDay, suites } = bypassEvents(random, plan, budget);
  const bypassCount = [...byDay.values()].reduce((n, list) => n + list.length, 0);
  const noise = Math.max(0, collected - bypassCount);
  const actors = [...plan.people.map((p) => p.github), ...plan.bots];
  const repos = [...new Set(plan.gates.map((g) => g.repo)), ...plan.otherRepos];
  const stats: AuditStats = { files: 0, lines: 0, bypassLines: 0, duplicates: 0, ruleSuites: 0, bytes: 0 };
  const exported: string[] = [];

  for (let d = 0; d < days; d++) {
    const start = LOG_START + d * DAY;
    const day = dayOf(start);
    // noise spread evenly over days, the remainder on the first days
    const count = Math.floor(noise / days) + (d < noise % days ? 1 : 0);
    const bypass = byDay.get(day) ?? [];
    const rows: Entry[] = [...bypass];
    for (let i = 0; i < count; i++) {
      rows.push(entry(random, random.pick(NOISE), random.pick(actors), start + Math.floor(random.next() * DAY), random.pick(repos)));
    }
    rows.sort((a, b) => (a.created_at as number) - (b.created_at as number) || ((a._document_id as string) < (b._document_id as string) ? -1 : 1));
    const lines = rows.map((r) => JSON.stringify(r));
    const text = lines.length ? `${lines.join('\n')}\n` : '';
    writeFileSync(join(auditDir, `${day}.ndjson`), text);
    stats.files += 1;
    stats.lines += lines.length;
    stats.bytes += Buffer.byteLength(text);
    stats.bypassLines += bypass.length;
    if (EXPORT_DAYS.includes(day)) {
      exported.push(...lines);
      stats.bypassLines += bypass.length;
    }
  }
  // GitHub's streaming/export format as NDJSON, dropped in by someone: every line repeats a
  // collected entry, so the reader must count each once.
  const exportText = exported.length ? `${exported.join('\n')}\n` : '';
  writeFileSync(join(auditDir, EXPORT_FILE), exportText);
  stats.files += 1;
  stats.lines += exported.length;
  stats.duplicates = exported.length;
  stats.bytes += Buffer.byteLength(exportText);

  const suitesByDay = new Map<string, Entry[]>();
  for (const s of suites) {
    const day = dayOf(Date.parse(s.pushed_at as string));
    suitesByDay.set(day, [...(suitesByDay.get(day) ?? []), s]);
  }
  for (const [day, list] of suitesByDay) {
    list.sort((a, b) => Date.parse(a.pushed_at as string) - Date.parse(b.pushed_at as string) || (a.id as number) - (b.id as number));
    writeFileSync(join(suitesDir, `${day}.ndjson`), `${list.map((s) => JSON.stringify(s)).join('\n')}\n`);
  }
  stats.ruleSuites = suites.length;
  return stats;
}
