/**
 * The gap rules (CONTRACT §7), one file per code, registered here in the §7 table order.
 * Pure: no I/O, no clock, never throws on data.
 */
import { SEVERITIES, type Finding, type GapCode, type Severity, type Use } from '../domain/index.ts';
import { grantTooLong } from './grant-too-long.ts';
import { grantUnused } from './grant-unused.ts';
import { ledgerTampered } from './ledger-tampered.ts';
import { missingIncident } from './missing-incident.ts';
import { missingJustification } from './missing-justification.ts';
import { missingReview } from './missing-review.ts';
import { noFollowUp } from './no-follow-up.ts';
import { notPreauthorized } from './not-preauthorized.ts';
import { protectionNotRestored } from './protection-not-restored.ts';
import { reviewLate } from './review-late.ts';
import { reviewOverdue } from './review-overdue.ts';
import { scopeTooBroad } from './scope-too-broad.ts';
import { selfReview } from './self-review.ts';
import type { Rule, RuleContext } from './types.ts';
import { unsanctionedBypass } from './unsanctioned-bypass.ts';
import { waiverStale } from './waiver-stale.ts';

export type { Rule, RuleContext } from './types.ts';

export const RULES: readonly Rule[] = [
  unsanctionedBypass,
  protectionNotRestored,
  notPreauthorized,
  scopeTooBroad,
  missingReview,
  reviewOverdue,
  selfReview,
  ledgerTampered,
  reviewLate,
  missingJustification,
  missingIncident,
  grantTooLong,
  waiverStale,
  noFollowUp,
  grantUnused,
];

/** The rules an unsanctioned use can carry (CONTRACT §7 "Which rules apply"). */
const UNSANCTIONED_RULES: ReadonlySet<GapCode> = new Set(['UNSANCTIONED_BYPASS', 'PROTECTION_NOT_RESTORED']);
/** Review rules, silenced when MISSING_REVIEW applies. */
const REVIEW_RULES: ReadonlySet<GapCode> = new Set(['REVIEW_OVERDUE', 'SELF_REVIEW', 'REVIEW_LATE', 'NO_FOLLOW_UP']);

export function severityAtLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b);
}

function byCode(a: Finding, b: Finding): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** The findings of one use, with the "which rules apply" gating of §7. */
function checkUse(use: Use, ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (!rule.check) continue;
    if (!use.sanctioned && !UNSANCTIONED_RULES.has(rule.code)) continue;
    if (use.sanctioned && rule.code === 'UNSANCTIONED_BYPASS') continue;
    findings.push(...rule.check(use, ctx));
  }
  if (findings.some((f) => f.code === 'MISSING_REVIEW')) {
    return findings.filter((f) => !REVIEW_RULES.has(f.code));
  }
  return findings;
}

/**
 * Runs every rule. Returns copies of the uses with `gapCodes` filled (sorted, unique), and
 * the findings in use order then code, followed by program-level findings (by subject, code).
 */
export function runRules(ctx: RuleContext): { findings: Finding[]; uses: Use[] } {
  const findings: Finding[] = [];
  const uses = ctx.uses.map((use) => {
    const own = checkUse(use, ctx).sort(byCode);
    findings.push(...own);
    const codes = [...new Set(own.map((f) => f.code))].sort();
    return { ...use, gapCodes: codes };
  });
  const program = RULES.flatMap((rule) => (rule.checkProgram ? rule.checkProgram(ctx) : []));
  program.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) || byCode(a, b));
  findings.push(...program);
  return { findings, uses };
}
