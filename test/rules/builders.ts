/**
 * Test builders for the pure stages (join, rules, metrics): a small org in America/New_York,
 * ledger entries with seq/line filled, events, tickets, and a clean sanctioned use that
 * triggers no rule, so each table case changes exactly one thing.
 */
import type {
  AuditEvent,
  Config,
  Finding,
  GrantClosed,
  GrantOpened,
  LedgerEntry,
  LedgerRead,
  Period,
  ReviewTicket,
  StatusTransition,
  Use,
  WaiverGranted,
  WaiverRevoked,
} from '../../src/domain/index.ts';
import type { RuleContext } from '../../src/rules/index.ts';

export const ZONE = 'America/New_York';

/** RFC 3339 -> epoch ms */
export function t(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function config(overrides: Partial<Config> = {}): Config {
  return {
    file: '/tmp/glasstrail.config.yaml',
    organization: 'Acme Corp',
    timezone: ZONE,
    holidays: ['2026-07-03', '2026-09-07'],
    review: { slaBusinessDays: 2, clockStart: 'grant-start' },
    matchToleranceMinutes: 5,
    maxGrantHours: 8,
    maxWaiverDays: 30,
    archive: '/tmp/archive',
    ledger: { path: '/tmp/ledger.jsonl', publicKeys: [] },
    people: [
      { id: 'alice', github: 'alice-gh', jira: 'acc-alice' },
      { id: 'bob', github: 'bob-gh', jira: 'acc-bob' },
      { id: 'carol', github: 'carol-gh', jira: 'acc-carol' },
    ],
    gates: [
      { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' },
      { id: 'payments-release', name: 'payments / release', repo: 'acme/payments', branch: 'release' },
      { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main' },
    ],
    roster: [
      { person: 'alice', gates: ['payments-main', 'web-main'], from: '2026-01-01', until: '2026-12-31' },
      { person: 'bob', gates: ['*'], from: '2026-07-01', until: '2026-07-31' },
    ],
    github: { org: 'acme', apiUrl: 'https://api.github.com', bypassActions: [] },
    sampling: { sizes: [] },
    ...overrides,
  };
}

/** 2026-Q3 laid out in America/New_York (EDT, -04:00). */
export const Q3: Period = {
  label: '2026-Q3',
  kind: 'quarter',
  zone: ZONE,
  start: t('2026-07-01T04:00:00Z'),
  end: t('2026-10-01T04:00:00Z'),
  firstDay: '2026-07-01',
  lastDay: '2026-09-30',
};

export function event(id: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id,
    kind: id.startsWith('rs-') ? 'rule-suite' : 'audit',
    action: id.startsWith('rs-') ? 'rule_suite.bypass' : 'protected_branch.policy_override',
    actor: 'alice-gh',
    at: t('2026-07-06T14:30:00Z'),
    repo: 'acme/payments',
    branch: 'main',
    source: { file: 'github/audit/2026-07-06.ndjson', line: 1 },
    ...overrides,
  };
}

type Draft<E extends LedgerEntry> = Omit<E, 'seq' | 'prev' | 'hash' | 'source' | 'atRaw'>;

export function opened(grant: string, overrides: Partial<Draft<GrantOpened>> = {}): Draft<GrantOpened> {
  return {
    type: 'grant.opened',
    grant,
    actor: 'alice',
    gate: 'payments-main',
    scope: 'gate',
    at: t('2026-07-06T14:00:00Z'),
    expiresAt: t('2026-07-06T18:00:00Z'),
    justification: 'hotfix for a failed deploy',
    incident: 'INC-1',
    review: 'BGR-1',
    ...overrides,
  };
}

export function closed(grant: string, at: number): Draft<GrantClosed> {
  return { type: 'grant.closed', grant, at, reason: 'done' };
}

export function waiver(id: string, overrides: Partial<Draft<WaiverGranted>> = {}): Draft<WaiverGranted> {
  return {
    type: 'waiver.granted',
    waiver: id,
    gate: 'payments-main',
    at: t('2026-07-01T14:00:00Z'),
    expiresAt: t('2026-07-31T14:00:00Z'),
    justification: 'migration',
    ...overrides,
  };
}

export function revoked(id: string, at: number): Draft<WaiverRevoked> {
  return { type: 'waiver.revoked', waiver: id, at };
}

/**
 * Entries with seq, line (= seq + 1) and dummy hashes; verification ok unless firstBadLine given.
 * `droppedLines`: lines naming a grant that did not become entries (bad fields), line by grant id.
 */
export function ledger(drafts: Draft<LedgerEntry>[], firstBadLine: number | null = null, droppedLines: Record<string, number> = {}): LedgerRead {
  const entries = drafts.map(
    (draft, seq) =>
      ({
        ...draft,
        seq,
        atRaw: new Date(draft.at).toISOString(),
        prev: `sha256:${String(seq).padStart(64, '0')}`,
        hash: `sha256:${String(seq + 1).padStart(64, '0')}`,
        source: { file: '/tmp/ledger.jsonl', line: seq + 1 },
      }) as LedgerEntry,
  );
  const lastLineOfGrant = new Map<string, number>();
  for (const e of entries) if ('grant' in e) lastLineOfGrant.set(e.grant, e.source.line);
  for (const [grant, line] of Object.entries(droppedLines)) lastLineOfGrant.set(grant, Math.max(line, lastLineOfGrant.get(grant) ?? 0));
  return {
    entries,
    lastLineOfGrant,
    verification: {
      file: '/tmp/ledger.jsonl',
      lines: entries.length,
      entries: entries.length,
      head: entries.at(-1)?.hash ?? null,
      ok: firstBadLine === null,
      firstBadLine,
      problems: [],
      checkpoints: { file: null, count: 0, lastVerified: null },
      unanchored: entries.length,
    },
  };
}

export function done(at: number, author = 'acc-bob', historyId = String(at)): StatusTransition {
  return { at, historyId, author, fromId: '3', toId: '10001', toName: 'Done', toCategory: 'done' };
}

export function reopen(at: number, author = 'acc-bob'): StatusTransition {
  return { at, historyId: String(at), author, fromId: '10001', toId: '3', toName: 'In Progress', toCategory: 'indeterminate' };
}

export function ticket(key: string, overrides: Partial<ReviewTicket> = {}): ReviewTicket {
  return {
    key,
    transitions: [done(t('2026-07-07T15:00:00Z'))],
    reviewerChanges: [],
    links: [],
    followUpText: 'postmortem PM-7',
    source: { file: 'jira/issues.ndjson', line: 1 },
    ...overrides,
  };
}

export function tickets(...list: ReviewTicket[]): Map<string, ReviewTicket> {
  return new Map(list.map((x) => [x.key, x]));
}

/**
 * A sanctioned use that no rule flags: alice, gate scope, 4 h grant, justified, incident,
 * reviewed by bob one business day in (due 2026-07-09 00:00 local), with follow-up, one event.
 */
export function cleanUse(overrides: Partial<Use> = {}): Use {
  const grant = ledger([opened('G-1')]).entries[0] as GrantOpened;
  return {
    id: 'G-1',
    sanctioned: true,
    actor: 'alice',
    gate: 'payments-main',
    repo: 'acme/payments',
    branch: 'main',
    scope: 'gate',
    startedAt: t('2026-07-06T14:00:00Z'),
    expiresAt: t('2026-07-06T18:00:00Z'),
    justification: 'hotfix for a failed deploy',
    incident: 'INC-1',
    reviewKey: 'BGR-1',
    review: {
      status: 'done',
      ticket: ticket('BGR-1'),
      reviewer: 'bob',
      completedAt: t('2026-07-07T15:00:00Z'),
      clockStartAt: t('2026-07-06T14:00:00Z'),
      dueAt: t('2026-07-09T04:00:00Z'),
      businessDays: 1,
      slaMet: true,
      followUp: 'postmortem PM-7',
    },
    events: [event('doc-1')],
    grant,
    ledgerSeqs: [0],
    gapCodes: [],
    ...overrides,
  };
}

/** An unsanctioned use of one event. */
export function rogueUse(ev: AuditEvent = event('doc-9'), overrides: Partial<Use> = {}): Use {
  return {
    id: `gh-${ev.id}`,
    sanctioned: false,
    actor: 'alice',
    gate: 'payments-main',
    repo: ev.repo,
    branch: ev.branch ?? null,
    scope: null,
    startedAt: ev.at,
    review: null,
    events: [ev],
    ledgerSeqs: [],
    gapCodes: [],
    ...overrides,
  };
}

export function ctx(overrides: Partial<RuleContext> = {}): RuleContext {
  const cfg = overrides.config ?? config();
  return {
    config: cfg,
    period: Q3,
    asOf: t('2026-10-15T04:00:00Z'),
    uses: [],
    events: [],
    waivers: [],
    ledger: ledger([]),
    holidays: new Set(cfg.holidays),
    ...overrides,
  };
}

export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}
