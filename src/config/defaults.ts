/** Defaults the contract fixes (CONTRACT §7 bypass actions, §9 sample sizes). */
import type { Config, SampleSizeStep } from '../domain/config.ts';

/** Audit-log actions that show a protection was bypassed or weakened (CONTRACT §7). Rule suites with result `bypass` come on top. */
export const DEFAULT_BYPASS_ACTIONS: readonly string[] = Object.freeze([
  'protected_branch.policy_override',
  'protected_branch.destroy',
  'protected_branch.update_admin_enforced',
  'protected_branch.update_allow_force_pushes_enforcement_level',
  'protected_branch.update_pull_request_reviews_enforcement_level',
  'protected_branch.update_required_status_checks_enforcement_level',
  'repository_ruleset.destroy',
  'repository_ruleset.update',
  'repository_branch_protection_evaluation.disable',
]);

/**
 * `sample --size auto` table (CONTRACT §9): P ≤ 1 → P; ≤ 4 → 2; ≤ 12 → 3; ≤ 52 → 10; ≤ 250 → 25; else 40.
 * A convention, not a standard. `size: null` = the whole population; `maxPopulation: null` = any larger population.
 */
export const DEFAULT_SAMPLE_SIZES: readonly SampleSizeStep[] = Object.freeze([
  { maxPopulation: 1, size: null },
  { maxPopulation: 4, size: 2 },
  { maxPopulation: 12, size: 3 },
  { maxPopulation: 52, size: 10 },
  { maxPopulation: 250, size: 25 },
  { maxPopulation: null, size: 40 },
]);

/**
 * The audit-log actions a report counts as bypasses: `github.bypassActions` (its default filled in
 * when the config has a `github:` block), or the default list without one.
 */
export function countedBypassActions(config: Pick<Config, 'github'>): readonly string[] {
  return config.github?.bypassActions ?? DEFAULT_BYPASS_ACTIONS;
}

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
