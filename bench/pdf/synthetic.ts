/**
 * A synthetic Report with `n` uses, built on the renderer fixture: for the PDF benchmark and
 * for tests that need tables spanning many pages. Deterministic (no randomness, no clock).
 */
import type { Report } from '../../src/domain/report.ts';
import type { Finding, GapCode, Use } from '../../src/domain/use.ts';
import { buildReport, ms } from '../../test/render/report-fixture.ts';

const ACTORS = ['alice', 'bob', 'carol', 'dmitri', 'zoe', 'Zoë Ångström', '支払い担当'];
const GATES = ['payments-main', 'docs-main'];
const CODES: [GapCode, Finding['severity']][] = [
  ['REVIEW_LATE', 'medium'],
  ['MISSING_INCIDENT', 'medium'],
  ['NO_FOLLOW_UP', 'low'],
  ['GRANT_UNUSED', 'info'],
  ['SELF_REVIEW', 'high'],
];

export function syntheticReport(n: number, overrides: Partial<Report> = {}): Report {
  const base = buildReport();
  const start = base.period.start;
  const span = base.period.end - start;
  const uses: Use[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const sanctioned = i % 10 !== 7;
    const id = sanctioned ? `grant-${String(i).padStart(6, '0')}` : `gh-doc${String(i).padStart(8, '0')}AbCdEf`;
    const at = start + Math.floor((span * i) / Math.max(1, n));
    const actor = ACTORS[i % ACTORS.length] ?? 'alice';
    const gapCodes: GapCode[] = [];
    if (!sanctioned) {
      gapCodes.push('UNSANCTIONED_BYPASS');
      findings.push({ subject: id, code: 'UNSANCTIONED_BYPASS', severity: 'high', message: `bypass by ${actor} with no covering grant` });
    } else {
      const [code, severity] = CODES[i % CODES.length] ?? CODES[0]!;
      if (i % 3 === 0) {
        gapCodes.push(code);
        findings.push({ subject: id, code, severity, message: `${code.toLowerCase().replace(/_/g, ' ')} on ${id}` });
      }
    }
    uses.push({
      id,
      sanctioned,
      actor,
      gate: GATES[i % GATES.length] ?? null,
      repo: 'acme/payments',
      branch: 'main',
      scope: sanctioned ? 'gate' : null,
      startedAt: at,
      endedAt: sanctioned ? at + 3_600_000 : undefined,
      expiresAt: sanctioned ? at + 7_200_000 : undefined,
      justification: sanctioned ? `incident response ${i}` : undefined,
      incident: sanctioned ? `INC-${i}` : undefined,
      reviewKey: sanctioned ? `BGR-${i}` : undefined,
      review: sanctioned
        ? {
            status: 'done',
            reviewer: 'bob',
            completedAt: at + 86_400_000,
            clockStartAt: at,
            dueAt: at + 3 * 86_400_000,
            businessDays: 1,
            slaMet: true,
            followUp: 'OPS-1',
          }
        : null,
      events: [],
      ledgerSeqs: sanctioned ? [i] : [],
      gapCodes,
    });
  }
  return {
    ...base,
    uses,
    findings,
    generatedAt: ms('2026-10-15T00:00:00Z'),
    metrics: {
      ...base.metrics,
      findingsBySeverity: {
        high: findings.filter((f) => f.severity === 'high').length,
        medium: findings.filter((f) => f.severity === 'medium').length,
        low: findings.filter((f) => f.severity === 'low').length,
        info: findings.filter((f) => f.severity === 'info').length,
      },
    },
    ...overrides,
  };
}
