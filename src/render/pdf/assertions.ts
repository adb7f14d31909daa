/**
 * The control assertion of a sound break-glass program — documented, restricted, logged,
 * reviewed — each judged by plain criteria over the findings (pure; unit-tested).
 */
import type { Report } from '../../domain/report.ts';
import type { GapCode } from '../../domain/use.ts';
import { STREAM_NAMES } from '../../domain/collect.ts';
import { pctCell } from '../format.ts';
import { count, plural } from './format.ts';

export type AssertionKey = 'documented' | 'restricted' | 'logged' | 'reviewed';

/**
 * `pending`: no finding of the part, but it cannot be called met yet (a review still open and
 * not due at as-of may still end late or be done by the actor).
 * `unverified`: no finding of the part, but a source it is judged on was not read in full
 * (INCOMPLETE) or the archive does not hold all of the period (a coverage gap): the findings it
 * would have are not all visible, so it cannot be called met.
 */
export type Verdict = 'met' | 'not met' | 'pending' | 'unverified';

export interface Assertion {
  key: AssertionKey;
  title: string;
  /** the criterion in plain words */
  criterion: string;
  /** the numbers behind the verdict */
  figures: string[];
  verdict: Verdict;
  /** codes whose findings make it "not met" */
  codes: readonly GapCode[];
}

/**
 * Which findings break which part, as the templates' narratives describe each part. Every gap
 * code but GRANT_UNUSED (context only) belongs to at least one (assertions.test.ts checks it).
 */
export const ASSERTION_CODES: Record<AssertionKey, readonly GapCode[]> = {
  documented: ['MISSING_JUSTIFICATION', 'MISSING_INCIDENT'],
  restricted: ['NOT_PREAUTHORIZED', 'SCOPE_TOO_BROAD', 'GRANT_TOO_LONG', 'UNSANCTIONED_BYPASS', 'PROTECTION_NOT_RESTORED', 'WAIVER_STALE'],
  logged: ['UNSANCTIONED_BYPASS', 'LEDGER_TAMPERED'],
  reviewed: ['MISSING_REVIEW', 'REVIEW_OVERDUE', 'SELF_REVIEW', 'REVIEW_LATE', 'NO_FOLLOW_UP'],
};

export const VERDICT_LABEL: Record<Verdict, string> = { met: 'Met', 'not met': 'Not met', pending: 'Pending', unverified: 'Unverified' };

/**
 * The parts judged on each archive stream (coverage gaps name their stream in brackets). The
 * ledger is always read in full (else there is no evidence), so "documented" never depends on a
 * gap; the merged pull requests feed only the glass rate.
 */
const STREAM_PARTS: Readonly<Record<string, readonly AssertionKey[]>> = {
  'github.audit': ['restricted', 'logged'],
  'github.rule-suites': ['restricted', 'logged'],
  'jira.issues': ['reviewed'],
};

/** Why each part cannot be seen in full: the coverage gaps of its streams, and INCOMPLETE. */
function blindSpots(report: Report): Map<AssertionKey, string[]> {
  const blind = new Map<AssertionKey, string[]>();
  const add = (key: AssertionKey, why: string) => {
    const list = blind.get(key) ?? [];
    if (!list.includes(why)) list.push(why);
    blind.set(key, list);
  };
  if (report.incomplete.length > 0) for (const key of ['restricted', 'logged', 'reviewed'] as const) add(key, 'INCOMPLETE: a source was not read in full');
  // no source configured: nothing was collected, so its coverage is unknown (no gap is stated)
  if (!report.config.github) for (const key of ['restricted', 'logged'] as const) add(key, 'No GitHub source in the config');
  if (!report.config.jira) add('reviewed', 'No Jira source in the config');
  for (const gap of report.population.coverageGaps) {
    for (const [stream, keys] of Object.entries(STREAM_PARTS)) {
      if (gap.includes(`(${stream})`)) for (const key of keys) add(key, `Coverage gap: ${STREAM_NAMES[stream] ?? stream}`);
    }
  }
  return blind;
}

export function countByCode(report: Report): Map<GapCode, number> {
  const counts = new Map<GapCode, number>();
  for (const f of report.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

function codeFigures(counts: Map<GapCode, number>, codes: readonly GapCode[]): string[] {
  return codes.map((c) => `${c}: ${count(counts.get(c) ?? 0)}`);
}

export function assertions(report: Report): Assertion[] {
  const counts = countByCode(report);
  const none = (codes: readonly GapCode[]) => codes.every((c) => (counts.get(c) ?? 0) === 0);
  const sanctioned = report.uses.filter((u) => u.sanctioned).length;
  const unsanctioned = report.uses.length - sanctioned;
  const completed = report.uses.filter((u) => u.review?.status === 'done').length;
  // open and not yet due at as-of: no finding yet, and no verdict either
  const notYetDue = report.uses.filter((u) => u.sanctioned && u.review?.status === 'open' && !(u.review.dueAt !== undefined && u.review.dueAt <= report.asOf)).length;
  const blind = blindSpots(report);
  const verdict = (clean: boolean, pending = false): Verdict => (!clean ? 'not met' : pending ? 'pending' : 'met');
  const total = report.metrics.gates.find((g) => g.gate === '*');
  const ledger = report.ledger;
  const errors = ledger.problems.filter((p) => p.severity === 'error').length;

  const parts: Assertion[] = [
    {
      key: 'documented',
      title: 'Documented',
      criterion: 'No use lacks a justification or an incident reference (no MISSING_JUSTIFICATION, no MISSING_INCIDENT).',
      figures: [`Sanctioned uses: ${count(sanctioned)}`, ...codeFigures(counts, ASSERTION_CODES.documented)],
      verdict: verdict(none(ASSERTION_CODES.documented)),
      codes: ASSERTION_CODES.documented,
    },
    {
      key: 'restricted',
      title: 'Restricted',
      criterion:
        'Every use was pre-authorized for that gate, scoped to the gate, bounded in time and covered by a grant or a current waiver, and every removed protection was restored (no NOT_PREAUTHORIZED, SCOPE_TOO_BROAD, GRANT_TOO_LONG, UNSANCTIONED_BYPASS, PROTECTION_NOT_RESTORED or WAIVER_STALE).',
      figures: codeFigures(counts, ASSERTION_CODES.restricted),
      verdict: verdict(none(ASSERTION_CODES.restricted)),
      codes: ASSERTION_CODES.restricted,
    },
    {
      key: 'logged',
      title: 'Logged',
      criterion: 'The ledger verifies (hash chain and checkpoints) and every bypass is in it (no UNSANCTIONED_BYPASS, no LEDGER_TAMPERED).',
      figures: [
        `Ledger verification: ${ledger.ok ? 'passed' : 'FAILED'} (${plural(ledger.entries, 'entry', 'entries')}, ${plural(errors, 'error')})`,
        ...(ledger.unanchored > 0 ? [`Not anchored by a verified checkpoint: ${plural(ledger.unanchored, 'entry', 'entries')}`] : []),
        `Unsanctioned uses: ${count(unsanctioned)}`,
      ],
      verdict: verdict(ledger.ok && none(ASSERTION_CODES.logged)),
      codes: ASSERTION_CODES.logged,
    },
    {
      key: 'reviewed',
      title: 'Reviewed',
      criterion:
        'Every sanctioned use has a completed review, on time, by someone other than the actor, with a follow-up recorded (no MISSING_REVIEW, REVIEW_OVERDUE, SELF_REVIEW, REVIEW_LATE or NO_FOLLOW_UP). Pending while a review is open and not yet due.',
      figures: [
        `Reviews completed: ${count(completed)} of ${count(sanctioned)}${total?.reviewedPct != null ? ` (${pctCell(total.reviewedPct)}%)` : ''}`,
        ...(notYetDue > 0 ? [`Open, not yet due: ${count(notYetDue)}`] : []),
        `SLA met: ${total?.slaMetPct != null ? `${pctCell(total.slaMetPct)}%` : 'n/a (none due)'}`,
        ...codeFigures(counts, ASSERTION_CODES.reviewed),
      ],
      verdict: verdict(none(ASSERTION_CODES.reviewed), notYetDue > 0),
      codes: ASSERTION_CODES.reviewed,
    },
  ];
  // a finding seen is a finding; but no finding seen, where part of the sources is missing, is no "met"
  return parts.map((a) => {
    const why = blind.get(a.key);
    if (!why) return a;
    return { ...a, figures: [...a.figures, ...why], verdict: a.verdict === 'not met' ? a.verdict : 'unverified' };
  });
}
