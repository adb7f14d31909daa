/**
 * A small hand-built Report with tricky data, for renderer tests (CSV, JSON, Markdown, PDF).
 * Times are fixed instants; the zone is America/New_York so offsets show (-04:00 in summer).
 *
 * Contents (sorted output order of uses):
 *   g-1     sanctioned, alice, payments-main, review done on time by bob; tricky text fields
 *   gh-doc-9 unsanctioned audit event by mallory (`=cmd|…` style justification is impossible
 *           here, so the tricky cells are on the grant); UNSANCTIONED_BYPASS
 *   g-2     sanctioned, Zoë (non-ASCII), review open & overdue, self-review edge; several findings
 * plus a stale waiver `w-1` (WAIVER_STALE finding) and one waived event.
 */
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/defaults.ts';
import type { Config } from '../../src/domain/config.ts';
import type { AuditEvent } from '../../src/domain/events.ts';
import type { GrantOpened, LedgerVerification, WaiverGranted } from '../../src/domain/ledger.ts';
import type { Period } from '../../src/domain/period.ts';
import type { GateMetrics, Metrics, Report } from '../../src/domain/report.ts';
import type { ReviewTicket } from '../../src/domain/review.ts';
import type { FrameworkTemplate } from '../../src/domain/template.ts';
import type { Finding, Use } from '../../src/domain/use.ts';
import { GAP_CODES } from '../../src/domain/use.ts';

export const ZONE = 'America/New_York';
export const BASE = '/srv/acme';

export function ms(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`fixture: bad instant ${iso}`);
  return t;
}

/** The tricky strings, exported so tests can compare cell by cell. */
export const TRICKY = {
  justification: 'Hotfix, "urgent"\nline two',
  incident: '=cmd|\' /C calc\'!A0',
  approver: '+1 approver',
  followUp: '@x; -2',
  tabbed: '\tleading tab',
  carriage: '\rleading cr',
  nonAscii: 'Zoë Ångström — 支払い停止',
  mdInjection: '</details> [x](javascript:alert(1)) | *bold* _it_ `code`',
} as const;

function event(id: string, actor: string, at: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    kind: 'audit',
    action: 'protected_branch.policy_override',
    actor,
    at: ms(at),
    repo: 'acme/payments',
    branch: 'main',
    source: { file: `${BASE}/archive/github/audit/${at.slice(0, 10)}.ndjson`, line: 3 },
    ...extra,
  };
}

function grant(seq: number, id: string, actor: string, at: string, extra: Partial<GrantOpened> = {}): GrantOpened {
  return {
    type: 'grant.opened',
    seq,
    at: ms(at),
    atRaw: at,
    prev: `sha256:${String(seq).repeat(64).slice(0, 64)}`,
    hash: `sha256:${String(seq + 1).repeat(64).slice(0, 64)}`,
    source: { file: `${BASE}/ledger/breakglass.jsonl`, line: seq + 1 },
    grant: id,
    actor,
    gate: 'payments-main',
    scope: 'gate',
    ...extra,
  };
}

const ticket: ReviewTicket = {
  key: 'BGR-1',
  summary: 'Review g-1',
  created: ms('2026-07-06T15:00:00Z'),
  statusId: '3',
  statusName: 'Done',
  statusCategory: 'done',
  transitions: [
    { at: ms('2026-07-07T14:00:00Z'), historyId: '100', author: 'acc-bob', authorName: 'Bob', fromId: '1', fromName: 'To Do', toId: '3', toName: 'Done', toCategory: 'done' },
  ],
  reviewerChanges: [],
  links: ['OPS-7'],
  url: 'https://acme.atlassian.net/browse/BGR-1',
  source: { file: `${BASE}/archive/jira/issues.ndjson`, line: 1 },
};

export function fixtureUses(): Use[] {
  const g1 = grant(0, 'g-1', 'alice', '2026-07-06T14:00:00Z', {
    expiresAt: ms('2026-07-06T16:00:00Z'),
    justification: TRICKY.justification,
    incident: TRICKY.incident,
    approver: TRICKY.approver,
    review: 'BGR-1',
  });
  const g2 = grant(2, 'g-2', 'zoe', '2026-07-20T13:30:00Z', {
    scope: 'repo',
    justification: TRICKY.nonAscii,
    incident: TRICKY.tabbed,
    approver: TRICKY.carriage,
    review: 'BGR-2',
  });
  return [
    // deliberately not in output order: renderers must sort
    {
      id: 'g-2',
      sanctioned: true,
      actor: 'zoe',
      gate: 'payments-main',
      repo: 'acme/payments',
      branch: 'main',
      scope: 'repo',
      startedAt: g2.at,
      justification: g2.justification,
      incident: g2.incident,
      approver: g2.approver,
      reviewKey: 'BGR-2',
      review: { status: 'open', clockStartAt: g2.at, dueAt: ms('2026-07-23T04:00:00Z'), slaMet: false },
      events: [],
      grant: g2,
      ledgerSeqs: [2],
      gapCodes: ['SCOPE_TOO_BROAD', 'GRANT_UNUSED', 'REVIEW_OVERDUE', 'GRANT_TOO_LONG'],
    },
    {
      id: 'gh-doc-9',
      sanctioned: false,
      actor: 'mallory',
      gate: 'payments-main',
      repo: 'acme/payments',
      branch: 'main',
      scope: null,
      startedAt: ms('2026-07-10T09:15:00.250Z'),
      review: null,
      events: [event('doc-9', 'mallory', '2026-07-10T09:15:00.250Z')],
      ledgerSeqs: [],
      gapCodes: ['UNSANCTIONED_BYPASS'],
    },
    {
      id: 'g-1',
      sanctioned: true,
      actor: 'alice',
      gate: 'payments-main',
      repo: 'acme/payments',
      branch: 'main',
      scope: 'gate',
      startedAt: g1.at,
      endedAt: ms('2026-07-06T15:00:00Z'),
      expiresAt: g1.expiresAt,
      justification: g1.justification,
      incident: g1.incident,
      approver: g1.approver,
      reviewKey: 'BGR-1',
      review: {
        status: 'done',
        ticket,
        reviewer: 'bob',
        completedAt: ms('2026-07-07T14:00:00Z'),
        clockStartAt: g1.at,
        dueAt: ms('2026-07-09T04:00:00Z'),
        businessDays: 1,
        slaMet: true,
        followUp: TRICKY.followUp,
      },
      events: [event('doc-2', 'alice-gh', '2026-07-06T14:05:00Z'), event('doc-1', 'alice-gh', '2026-07-06T14:10:00Z')],
      grant: g1,
      closed: {
        type: 'grant.closed',
        seq: 1,
        at: ms('2026-07-06T15:00:00Z'),
        atRaw: '2026-07-06T15:00:00Z',
        prev: `sha256:${'1'.repeat(64)}`,
        hash: `sha256:${'2'.repeat(64)}`,
        source: { file: `${BASE}/ledger/breakglass.jsonl`, line: 2 },
        grant: 'g-1',
        reason: 'done',
      },
      ledgerSeqs: [0, 1],
      gapCodes: [],
    },
  ];
}

export const WAIVER: WaiverGranted = {
  type: 'waiver.granted',
  seq: 3,
  at: ms('2026-06-01T12:00:00Z'),
  atRaw: '2026-06-01T12:00:00Z',
  prev: `sha256:${'3'.repeat(64)}`,
  hash: `sha256:${'4'.repeat(64)}`,
  source: { file: `${BASE}/ledger/breakglass.jsonl`, line: 4 },
  waiver: 'w-1',
  gate: 'payments-main',
  justification: TRICKY.mdInjection,
};

export function fixtureFindings(): Finding[] {
  return [
    { subject: 'g-2', code: 'SCOPE_TOO_BROAD', severity: 'high', message: 'grant scope is repo, not gate' },
    { subject: 'w-1', code: 'WAIVER_STALE', severity: 'medium', message: `waiver open 136 days: ${TRICKY.mdInjection}` },
    { subject: 'gh-doc-9', code: 'UNSANCTIONED_BYPASS', severity: 'high', message: 'bypass by mallory, no grant' },
    { subject: 'g-2', code: 'REVIEW_OVERDUE', severity: 'high', message: 'review BGR-2 open, due 2026-07-23' },
    { subject: 'g-2', code: 'GRANT_UNUSED', severity: 'info', message: 'no GitHub event covered' },
    { subject: 'g-2', code: 'GRANT_TOO_LONG', severity: 'medium', message: '-2: no expiresAt' },
  ];
}

function gateMetrics(gate: string, extra: Partial<GateMetrics> = {}): GateMetrics {
  return {
    gate,
    merges: 8,
    uses: 2,
    unsanctioned: 1,
    glassRate: 0.25,
    unsanctionedRate: 0.125,
    reviewedPct: 50,
    slaMetPct: 200 / 3,
    medianReviewBusinessDays: 1,
    p90ReviewBusinessDays: 1,
    repeatActors: [],
    ...extra,
  };
}

export function fixtureMetrics(): Metrics {
  return {
    gates: [
      gateMetrics('payments-main', { medianReviewBusinessDays: 2.5, repeatActors: ['alice', 'zoe'] }),
      gateMetrics('docs-main', { merges: 0, uses: 0, unsanctioned: 0, glassRate: null, unsanctionedRate: null, reviewedPct: null, slaMetPct: null, medianReviewBusinessDays: null, p90ReviewBusinessDays: null }),
      gateMetrics('*', { medianReviewBusinessDays: 2, repeatActors: ['alice', 'zoe'] }),
    ],
    trend: [
      { month: '2026-07', uses: 3, unsanctioned: 1, merges: 8, glassRate: 0.25 },
      { month: '2026-08', uses: 0, unsanctioned: 0, merges: 0, glassRate: null },
      { month: '2026-09', uses: 0, unsanctioned: 0, merges: 0, glassRate: null },
    ],
    rising: false,
    waiverAges: [{ waiver: 'w-1', gate: 'payments-main', grantedAt: WAIVER.at, ageDays: 136 }],
    findingsBySeverity: { high: 3, medium: 2, low: 0, info: 1 },
  };
}

export const PERIOD: Period = {
  label: '2026-Q3',
  kind: 'quarter',
  zone: ZONE,
  start: ms('2026-07-01T04:00:00Z'),
  end: ms('2026-10-01T04:00:00Z'),
  firstDay: '2026-07-01',
  lastDay: '2026-09-30',
};

export function fixtureConfig(): Config {
  return {
    file: `${BASE}/glasstrail.config.yaml`,
    organization: TRICKY.nonAscii,
    timezone: ZONE,
    holidays: ['2026-07-03'],
    review: { slaBusinessDays: 2, clockStart: 'grant-start' },
    matchToleranceMinutes: 5,
    maxGrantHours: 8,
    maxWaiverDays: 30,
    archive: `${BASE}/archive`,
    ledger: { path: `${BASE}/ledger/breakglass.jsonl`, publicKeys: [] },
    people: [{ id: 'alice', github: 'alice-gh' }],
    gates: [
      { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' },
      { id: 'docs-main', name: 'docs / main', repo: 'acme/docs', branch: 'main' },
    ],
    roster: [{ person: 'alice', gates: ['payments-main'], from: '2026-01-01', until: '2026-12-31' }],
    github: { org: 'acme', apiUrl: 'https://api.github.com', bypassActions: [...DEFAULT_BYPASS_ACTIONS] },
    jira: { host: 'https://acme.atlassian.net', jql: 'project = BGR', fields: {} },
    sampling: { sizes: [] },
  };
}

function fixtureLedger(): LedgerVerification {
  return {
    file: `${BASE}/ledger/breakglass.jsonl`,
    lines: 4,
    entries: 4,
    head: `sha256:${'4'.repeat(64)}`,
    ok: true,
    firstBadLine: null,
    problems: [],
    checkpoints: { file: null, count: 0, lastVerified: null },
    unanchored: 4,
  };
}

/** Build the fixture report; `overrides` replace top-level fields. */
export function buildReport(overrides: Partial<Report> = {}): Report {
  return {
    tool: { name: 'glasstrail', version: '0.1.0' },
    organization: TRICKY.nonAscii,
    framework: 'soc2',
    generatedAt: ms('2026-10-15T00:00:00Z'),
    asOf: ms('2026-10-15T00:00:00Z'),
    period: PERIOD,
    timezone: ZONE,
    configDigest: 'a'.repeat(64),
    config: fixtureConfig(),
    incomplete: [],
    population: {
      archive: `${BASE}/archive`,
      auditEvents: { files: 3, lines: 10, duplicates: 1, bypassEvents: 3, earliest: ms('2026-06-01T00:00:00Z'), latest: ms('2026-10-14T00:00:00Z') },
      ruleSuites: { files: 0, bypasses: 0, earliest: null, latest: null },
      merges: { gates: 2, prs: 8 },
      jira: { issues: 1, statusCatalogue: true },
      state: { streams: { 'jira.issues': { watermark: '2026-10-14T00:00:00Z' }, 'github.audit': { watermark: '2026-10-14T00:00:00Z' } } },
      notes: ['rule suites reach back about 30 days'],
      coverageGaps: [],
    },
    uses: fixtureUses(),
    waived: [{ eventId: 'doc-5', waiver: 'w-1', gate: 'payments-main', repo: 'acme/payments', actor: 'carol', at: ms('2026-07-15T12:00:00Z') }],
    waivers: [{ waiver: WAIVER, openAtAsOf: true, ageDays: 136 }],
    findings: fixtureFindings(),
    metrics: fixtureMetrics(),
    ledger: fixtureLedger(),
    inputs: [
      { path: 'ledger/breakglass.jsonl', sha256: 'b'.repeat(64), bytes: 1234 },
      { path: 'archive/github/audit/2026-07-06.ndjson', sha256: 'c'.repeat(64), bytes: 567 },
    ],
    ...overrides,
  };
}

/** A minimal valid template for renderer tests that should not depend on the shipped YAML. */
export function fixtureTemplate(): FrameworkTemplate {
  const controls = Object.fromEntries(GAP_CODES.map((c) => [c, ['CC8.1']])) as FrameworkTemplate['controls'];
  controls.SELF_REVIEW = ['CC8.1', 'CC6.3'];
  controls.SCOPE_TOO_BROAD = ['CC6.3'];
  return {
    id: 'soc2',
    framework: 'SOC 2',
    title: 'Emergency change (break-glass) evidence',
    primaryControl: 'CC8.1',
    controlTerm: 'criterion',
    controls,
    controlNames: { 'CC8.1': 'Change management', 'CC6.3': 'Least privilege' },
    narrative: { intro: 'i', documented: 'd', restricted: 'r', logged: 'l', reviewed: 'v', method: 'm' },
  };
}
