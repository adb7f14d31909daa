import type { AuditEvent, Config, Use } from '../domain/index.ts';
import { repoFamily } from '../join/identity.ts';
import type { Rule, RuleContext } from './types.ts';
import { at, finding } from './util.ts';

const HOUR_MS = 3_600_000;

/** The action that undoes each destroy/disable action. */
const RESTORES: Record<string, string> = {
  'protected_branch.destroy': 'protected_branch.create',
  'repository_ruleset.destroy': 'repository_ruleset.create',
  'repository_branch_protection_evaluation.disable': 'repository_branch_protection_evaluation.enable',
};

/**
 * CONTRACT §8: a re-create or enable "for that repo+branch". Same repo (case-insensitive, as
 * GitHub treats names; under its current name or a former one a gate lists in formerRepos, since
 * audit entries keep the name of their day and a repo renamed in between is still the repo); the branch, and for rulesets the name, must match when both events give
 * one; when either is silent we cannot tell them apart and accept the restore. Never the ruleset
 * id: GitHub gives a re-created ruleset a new id, so matching on it would never see a restore.
 */
function restores(config: Config, removal: AuditEvent, candidate: AuditEvent): boolean {
  if (candidate.action !== RESTORES[removal.action]) return false;
  if (repoFamily(config, candidate.repo) !== repoFamily(config, removal.repo)) return false;
  if (removal.branch && candidate.branch && removal.branch !== candidate.branch) return false;
  if (removal.rulesetName && candidate.rulesetName && removal.rulesetName !== candidate.rulesetName) return false;
  return true;
}

/**
 * Deadline for the restore: the grant's end (close, else expiry) + tolerance for a sanctioned
 * use; 24 h after the event for an unsanctioned one. A grant with no end has no deadline of its
 * own, so it is judged at as-of (not as-of + tolerance, which would never be due).
 */
function deadlineOf(use: Use, event: AuditEvent, ctx: RuleContext): number {
  if (!use.sanctioned) return event.at + 24 * HOUR_MS;
  const end = use.endedAt ?? use.expiresAt;
  if (end === undefined) return ctx.asOf;
  return end + ctx.config.matchToleranceMinutes * 60_000;
}

/**
 * Restore events by action and repo (repoFamily), each list sorted by time: a removal looks only
 * at its own repo's restores after it, instead of scanning every event (which was quadratic in
 * the size of the audit log). Built once per config and event list.
 */
const restoreIndexes = new WeakMap<Config, WeakMap<readonly AuditEvent[], Map<string, AuditEvent[]>>>();

function restoreIndex(config: Config, events: readonly AuditEvent[]): Map<string, AuditEvent[]> {
  let byEvents = restoreIndexes.get(config);
  if (!byEvents) {
    byEvents = new WeakMap();
    restoreIndexes.set(config, byEvents);
  }
  let index = byEvents.get(events);
  if (index) return index;
  index = new Map();
  const restoring = new Set(Object.values(RESTORES));
  for (const event of events) {
    if (!restoring.has(event.action)) continue;
    const key = `${event.action}\n${repoFamily(config, event.repo)}`;
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  for (const list of index.values()) list.sort((a, b) => a.at - b.at);
  byEvents.set(events, index);
  return index;
}

/** A restore of `removal` with `removal.at < at <= deadline`. */
function restoredBy(config: Config, removal: AuditEvent, deadline: number, events: readonly AuditEvent[]): boolean {
  const list = restoreIndex(config, events).get(`${RESTORES[removal.action]}\n${repoFamily(config, removal.repo)}`);
  if (!list) return false;
  // first candidate strictly after the removal
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at > removal.at) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo; i < list.length && list[i]!.at <= deadline; i++) {
    if (restores(config, removal, list[i]!)) return true;
  }
  return false;
}

export const protectionNotRestored: Rule = {
  code: 'PROTECTION_NOT_RESTORED',
  severity: 'high',
  title: 'Protection not restored',
  description:
    'A protected_branch.destroy, repository_ruleset.destroy or repository_branch_protection_evaluation.disable ' +
    'event with no matching re-create or enable (protected_branch.create for the same repo and branch, ' +
    'repository_ruleset.create for the same repo and ruleset name (not id: a re-created ruleset gets a new one), ' +
    'repository_branch_protection_evaluation.enable for ' +
    'the same repo) after it and before the grant end plus the match tolerance; for an unsanctioned use, within ' +
    '24 hours. A repo renamed or transferred is the same repo under the names its gates list in formerRepos. ' +
    'Only judged once that deadline has passed at as-of; a restore after as-of has not happened.',
  check(use, ctx) {
    const missing: string[] = [];
    for (const event of use.events) {
      if (!(event.action in RESTORES)) continue;
      const deadline = deadlineOf(use, event, ctx);
      // Still inside its window at as-of: not (yet) a gap. Judging only passed deadlines also
      // caps the restore window at as-of (a restore after as-of has not happened).
      if (deadline > ctx.asOf) continue;
      if (!restoredBy(ctx.config, event, deadline, ctx.events)) {
        const where = `${event.repo}${event.branch ? `@${event.branch}` : ''}`;
        missing.push(`${event.action} on ${where} at ${at(ctx, event.at)} not restored by ${at(ctx, deadline)}`);
      }
    }
    if (missing.length === 0) return [];
    return finding(protectionNotRestored, use.id, missing.join('; '));
  },
};
