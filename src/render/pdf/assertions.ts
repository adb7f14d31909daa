/**
 * The control assertion of a sound break-glass program — documented, restricted, logged,
 * reviewed — each judged by plain criteria over the findings (pure; unit-tested).
 */
import type { Report } from '../../domain/report.ts';
import type { GapCode } from '../../domain/use.ts';
import { pctCell } from '../format.ts';
import { count } from './format.ts';

export type AssertionKey = 'documented' | 'restricted' | 'logged' | 'reviewed';

export interface Assertion {
  key: AssertionKey;
  title: string;
  /** the criterion in plain words */
  criterion: string;
  /** the numbers behind the verdict */
  figures: string[];
  met: boolean;
  /** codes whose findings make it "not met" */
  codes: readonly GapCode[];
}

export const ASSERTION_CODES: Record<AssertionKey, readonly GapCode[]> = {
  documented: ['MISSING_JUSTIFICATION', 'MISSING_INCIDENT'],
  restricted: ['NOT_PREAUTHORIZED', 'SCOPE_TOO_BROAD', 'UNSANCTIONED_BYPASS'],
  logged: ['UNSANCTIONED_BYPASS'],
  reviewed: ['MISSING_REVIEW', 'REVIEW_OVERDUE', 'SELF_REVIEW', 'REVIEW_LATE'],
};

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
  const total = report.metrics.gates.find((g) => g.gate === '*');
  const ledger = report.ledger;
  const errors = ledger.problems.filter((p) => p.severity === 'error').length;

  return [
    {
      key: 'documented',
      title: 'Documented',
      criterion: 'No use lacks a justification or an incident reference (no MISSING_JUSTIFICATION, no MISSING_INCIDENT).',
      figures: [`Sanctioned uses: ${count(sanctioned)}`, ...codeFigures(counts, ASSERTION_CODES.documented)],
      met: none(ASSERTION_CODES.documented),
      codes: ASSERTION_CODES.documented,
    },
    {
      key: 'restricted',
      title: 'Restricted',
      criterion:
        'Every use was pre-authorized for that gate, scoped to the gate, and covered by a grant or waiver (no NOT_PREAUTHORIZED, no SCOPE_TOO_BROAD, no UNSANCTIONED_BYPASS).',
      figures: codeFigures(counts, ASSERTION_CODES.restricted),
      met: none(ASSERTION_CODES.restricted),
      codes: ASSERTION_CODES.restricted,
    },
    {
      key: 'logged',
      title: 'Logged',
      criterion: 'The ledger verifies (hash chain and checkpoints) and every bypass is in it (no UNSANCTIONED_BYPASS).',
      figures: [
        `Ledger verification: ${ledger.ok ? 'passed' : 'FAILED'} (${count(ledger.entries)} entries, ${count(errors)} errors)`,
        `Unsanctioned uses: ${count(unsanctioned)}`,
      ],
      met: ledger.ok && none(ASSERTION_CODES.logged),
      codes: ASSERTION_CODES.logged,
    },
    {
      key: 'reviewed',
      title: 'Reviewed',
      criterion:
        'Every sanctioned use has a completed review, on time, by someone other than the actor (no MISSING_REVIEW, REVIEW_OVERDUE, SELF_REVIEW or REVIEW_LATE).',
      figures: [
        `Reviews completed: ${count(completed)} of ${count(sanctioned)}${total?.reviewedPct != null ? ` (${pctCell(total.reviewedPct)}%)` : ''}`,
        `SLA met: ${total?.slaMetPct != null ? `${pctCell(total.slaMetPct)}%` : 'n/a (none due)'}`,
        ...codeFigures(counts, ASSERTION_CODES.reviewed),
      ],
      met: none(ASSERTION_CODES.reviewed),
      codes: ASSERTION_CODES.reviewed,
    },
  ];
}
