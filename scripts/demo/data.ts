/**
 * The story of the embedded demo org, Kestrel Pay, for 2026-Q3. Every use here is written so that
 * the report shows each gap code at least once, July is clean, and the glass rate rises.
 * Times are local (America/New_York) `YYYY-MM-DD HH:mm`.
 */

export const ORG = 'kestrel';
export const ZONE = 'America/New_York';

export interface DemoPerson {
  id: string;
  github: string;
  jira: string;
  name: string;
}

export const PEOPLE: DemoPerson[] = [
  { id: 'alice', github: 'alice-kp', jira: '5b10ac8d82e05b22cc7d4ef5', name: 'Alice Moreau' },
  { id: 'bob', github: 'bob-kp', jira: '5b10ac8d82e05b22cc7d4ef6', name: 'Bob Okafor' },
  { id: 'carol', github: 'carol-kp', jira: '5b10ac8d82e05b22cc7d4ef7', name: 'Carol Lindqvist' },
  { id: 'dave', github: 'dave-kp', jira: '5b10ac8d82e05b22cc7d4ef8', name: 'Dave Ng' },
  { id: 'erin', github: 'erin-kp', jira: '5b10ac8d82e05b22cc7d4ef9', name: 'Erin Castillo' },
  { id: 'frank', github: 'frank-kp', jira: '5b10ac8d82e05b22cc7d4efa', name: 'Frank Adeyemi' },
  { id: 'grace', github: 'grace-kp', jira: '5b10ac8d82e05b22cc7d4efb', name: 'Grace Yamamoto' },
  { id: 'heidi', github: 'heidi-contractor', jira: '5b10ac8d82e05b22cc7d4efc', name: 'Heidi Brandt' },
];

export const GATES = [
  { id: 'payments-main', name: 'payments / main', repo: 'kestrel/payments', branch: 'main' },
  { id: 'payments-release', name: 'payments / release', repo: 'kestrel/payments', branch: 'release' },
  { id: 'ledger-main', name: 'ledger-service / main', repo: 'kestrel/ledger-service', branch: 'main' },
  { id: 'web-main', name: 'web / main', repo: 'kestrel/web', branch: 'main' },
  { id: 'infra-main', name: 'infra / main', repo: 'kestrel/infra', branch: 'main' },
  { id: 'mobile-main', name: 'mobile / main', repo: 'kestrel/mobile', branch: 'main' },
] as const;

export type GateId = (typeof GATES)[number]['id'];

/** A GitHub event during a grant: minutes after the grant opened. */
export interface DemoEvent {
  action: string;
  after: number;
  /** override the event's repo / branch (default: the grant's gate) */
  repo?: string;
  branch?: string;
  /** a rule-suite bypass instead of an audit entry */
  ruleSuite?: boolean;
}

export interface DemoReview {
  key: string;
  /** absent = the ticket does not exist in Jira */
  exists?: false;
  /** local times of the transitions, in order */
  inReview?: string;
  done?: string;
  reopened?: string;
  doneAgain?: string;
  reviewer?: string;
  followUp?: string;
  links?: string[];
}

export interface DemoGrant {
  id: string;
  actor: string;
  gate: GateId;
  scope?: 'gate' | 'repo' | 'org-admin';
  at: string;
  /** hours until expiresAt; null = no expiresAt */
  hours: number | null;
  /** hours until grant.closed; null = never closed */
  closeAfter: number | null;
  justification: string;
  incident: string;
  approver?: string;
  review?: DemoReview;
  events: DemoEvent[];
  /** edit this entry's justification after it was hashed (the demo's tampering) */
  tamper?: string;
}

const po = (after: number): DemoEvent => ({ action: 'protected_branch.policy_override', after });
const rs = (after: number): DemoEvent => ({ action: 'rule_suite.bypass', after, ruleSuite: true });

export const GRANTS: DemoGrant[] = [
  // --- July: a clean month -----------------------------------------------------------------
  { id: 'BG-2607-01', actor: 'alice', gate: 'payments-main', at: '2026-07-01 09:40', hours: 4, closeAfter: 1.5,
    justification: 'Hotfix: card authorisation timeouts after PSP certificate rotation', incident: 'INC-4102', approver: 'frank',
    review: { key: 'BGR-101', inReview: '2026-07-01 13:00', done: '2026-07-02 10:15', reviewer: 'erin', links: ['PAY-2231'] },
    events: [po(20)] },
  { id: 'BG-2607-02', actor: 'bob', gate: 'payments-main', at: '2026-07-02 17:05', hours: 4, closeAfter: 2,
    justification: 'Revert faulty fee-rounding release that blocked settlements', incident: 'INC-4115', approver: 'frank',
    review: { key: 'BGR-102', inReview: '2026-07-06 09:30', done: '2026-07-07 16:40', reviewer: 'frank', followUp: 'Add a settlement smoke test to the release pipeline.' },
    events: [{ action: 'protected_branch.update_required_status_checks_enforcement_level', after: 10 }, po(15),
      { action: 'protected_branch.update_required_status_checks_enforcement_level', after: 50 }] },
  { id: 'BG-2607-03', actor: 'carol', gate: 'infra-main', at: '2026-07-09 22:30', hours: 3, closeAfter: 1,
    justification: 'Terraform state lock stuck; emergency NAT gateway fix', incident: 'INC-4120', approver: 'alice',
    review: { key: 'BGR-103', inReview: '2026-07-10 09:00', done: '2026-07-10 15:20', reviewer: 'erin', links: ['INFRA-880'] },
    events: [{ action: 'protected_branch.destroy', after: 5 }, { action: 'protected_branch.create', after: 40 }] },
  { id: 'BG-2607-04', actor: 'grace', gate: 'mobile-main', at: '2026-07-14 11:00', hours: 2, closeAfter: 1,
    justification: 'Ship crash fix for the iOS 19.5 launch crash', incident: 'INC-4131', approver: 'frank',
    review: { key: 'BGR-104', inReview: '2026-07-14 15:00', done: '2026-07-15 11:45', reviewer: 'frank', links: ['MOB-1207'] },
    events: [rs(25)] },
  { id: 'BG-2607-05', actor: 'alice', gate: 'ledger-main', at: '2026-07-16 03:10', hours: 4, closeAfter: 2.5,
    justification: 'Double-posting guard hotfix during the nightly batch', incident: 'INC-4140', approver: 'frank',
    review: { key: 'BGR-105', inReview: '2026-07-16 09:10', done: '2026-07-17 10:05', reviewer: 'erin', links: ['LED-341'] },
    // GitHub's clock ran 3 minutes ahead of the bot's: within matchToleranceMinutes.
    events: [po(-3)] },
  { id: 'BG-2607-06', actor: 'bob', gate: 'payments-release', at: '2026-07-21 16:20', hours: 4, closeAfter: 1,
    justification: 'Backport PCI patch to the release branch', incident: 'INC-4152', approver: 'alice',
    review: { key: 'BGR-106', inReview: '2026-07-22 09:00', done: '2026-07-22 14:30', reviewer: 'erin', followUp: 'Track backports in the release checklist.' },
    events: [po(12)] },
  { id: 'BG-2607-07', actor: 'dave', gate: 'web-main', at: '2026-07-23 10:00', hours: 2, closeAfter: 0.5,
    justification: 'Checkout page outage: roll back CDN configuration', incident: 'INC-4160', approver: 'frank',
    review: { key: 'BGR-107', inReview: '2026-07-23 14:00', done: '2026-07-24 09:30', reviewer: 'frank', links: ['WEB-5120'] },
    events: [po(8)] },
  { id: 'BG-2607-08', actor: 'carol', gate: 'ledger-main', at: '2026-07-28 13:30', hours: 4, closeAfter: 3,
    justification: 'Database failover runbook step requires a direct push', incident: 'INC-4171', approver: 'alice',
    review: { key: 'BGR-108', inReview: '2026-07-29 10:00', done: '2026-07-29 17:10', reviewer: 'erin', links: ['LED-350'] },
    events: [po(30)] },
  // --- August -------------------------------------------------------------------------------
  { id: 'BG-2608-01', actor: 'alice', gate: 'payments-main', at: '2026-08-03 10:15', hours: 4, closeAfter: 1,
    justification: 'Rotate leaked webhook signing secret', incident: 'INC-4190', approver: 'frank',
    review: { key: 'BGR-110', inReview: '2026-08-03 15:00', done: '2026-08-04 11:00', reviewer: 'erin', links: ['SEC-77'] },
    events: [po(18)] },
  { id: 'BG-2608-02', actor: 'bob', gate: 'payments-main', at: '2026-08-05 15:00', hours: 4, closeAfter: 2,
    justification: 'Unblock payout batch: schema migration hotfix', incident: 'INC-4195', approver: 'alice',
    review: { key: 'BGR-111', inReview: '2026-08-05 18:00', done: '2026-08-06 09:20', reviewer: 'bob', links: ['PAY-2290'] },
    events: [rs(20)] },
  { id: 'BG-2608-03', actor: 'grace', gate: 'infra-main', at: '2026-08-07 18:00', hours: 4, closeAfter: 2,
    justification: 'Force-push to drop a commit containing a cloud credential', incident: 'INC-4201', approver: 'alice',
    review: { key: 'BGR-112', inReview: '2026-08-10 10:00', done: '2026-08-12 09:30', reviewer: 'erin', links: ['SEC-79'] },
    events: [{ action: 'protected_branch.update_allow_force_pushes_enforcement_level', after: 10 },
      { action: 'protected_branch.update_allow_force_pushes_enforcement_level', after: 70 }] },
  { id: 'BG-2608-04', actor: 'carol', gate: 'infra-main', at: '2026-08-11 09:00', hours: 4, closeAfter: 1,
    justification: '  ', incident: 'INC-4210', approver: 'alice',
    review: { key: 'BGR-113', inReview: '2026-08-11 13:00', done: '2026-08-12 10:00', reviewer: 'erin', links: ['INFRA-902'] },
    events: [po(22)] },
  { id: 'BG-2608-05', actor: 'alice', gate: 'web-main', at: '2026-08-12 20:00', hours: 4, closeAfter: 1.5,
    justification: 'Roll back A/B test that broke sign-in for Safari users', incident: ' ', approver: 'frank',
    review: { key: 'BGR-114', inReview: '2026-08-13 09:00', done: '2026-08-13 16:00', reviewer: 'frank', links: ['WEB-5188'] },
    events: [po(14)] },
  { id: 'BG-2608-06', actor: 'bob', gate: 'payments-release', at: '2026-08-18 11:00', hours: 4, closeAfter: 1,
    justification: 'Tax-rate table correction for the release branch', incident: 'INC-4222', approver: 'alice',
    review: { key: 'BGR-115', inReview: '2026-08-18 15:00', done: '2026-08-19 10:30', reviewer: 'erin' },
    events: [po(9)] },
  { id: 'BG-2608-07', actor: 'dave', gate: 'web-main', at: '2026-08-20 14:00', hours: 2, closeAfter: 1,
    justification: 'Hotfix for broken password-reset emails', incident: 'INC-4230', approver: 'frank',
    review: { key: 'BGR-116', inReview: '2026-08-20 17:00', done: '2026-08-21 11:00', reviewer: 'erin', links: ['WEB-5201'] },
    events: [po(11)] },
  { id: 'BG-2608-08', actor: 'grace', gate: 'mobile-main', at: '2026-08-24 10:00', hours: 4, closeAfter: null,
    justification: 'Standby for a possible Android release rollback', incident: 'INC-4236', approver: 'frank',
    review: { key: 'BGR-117', inReview: '2026-08-24 16:00', done: '2026-08-25 09:40', reviewer: 'frank', followUp: 'Not used; rollback was not needed.' },
    events: [] },
  { id: 'BG-2608-09', actor: 'alice', gate: 'ledger-main', at: '2026-08-26 02:00', hours: 4, closeAfter: 2,
    justification: 'Reconciliation job deadlock: hotfix lock ordering', incident: 'INC-4240', approver: 'frank',
    review: { key: 'BGR-118', inReview: '2026-08-26 10:00', done: '2026-08-26 15:00', reopened: '2026-08-27 09:00', doneAgain: '2026-08-28 12:00', reviewer: 'erin', links: ['LED-377'] },
    events: [po(35)] },
  { id: 'BG-2608-10', actor: 'carol', gate: 'ledger-main', at: '2026-08-31 16:00', hours: 4, closeAfter: 1,
    justification: 'Month-end close: unblock ledger export', incident: 'INC-4251', approver: 'alice',
    review: { key: 'BGR-119', inReview: '2026-09-01 09:00', done: '2026-09-01 15:00', reviewer: 'erin', links: ['LED-380'] },
    events: [po(25)] },
  // --- September: the rate rises and the gaps pile up ---------------------------------------
  { id: 'BG-2609-01', actor: 'alice', gate: 'payments-main', at: '2026-09-01 09:00', hours: 4, closeAfter: 1,
    justification: 'Card network mandate: emergency BIN table update', incident: 'INC-4260', approver: 'frank',
    review: { key: 'BGR-120', inReview: '2026-09-01 13:00', done: '2026-09-02 10:00', reviewer: 'erin', links: ['PAY-2350'] },
    events: [po(16)] },
  { id: 'BG-2609-02', actor: 'bob', gate: 'payments-main', at: '2026-09-02 13:00', hours: 12, closeAfter: 10,
    justification: 'Incident response: payment retries storm', incident: 'INC-4266', approver: 'alice',
    review: { key: 'BGR-121', inReview: '2026-09-03 09:00', done: '2026-09-03 16:00', reviewer: 'frank', links: ['PAY-2355'] },
    events: [rs(30), rs(300)] },
  { id: 'BG-2609-03', actor: 'carol', gate: 'infra-main', at: '2026-09-04 17:00', hours: null, closeAfter: 3,
    justification: 'DNS failover before the long weekend', incident: 'INC-4270', approver: 'alice',
    review: { key: 'BGR-122', inReview: '2026-09-08 09:00', done: '2026-09-09 16:00', reviewer: 'erin', links: ['INFRA-930'] },
    events: [po(40)] },
  { id: 'BG-2609-04', actor: 'alice', gate: 'infra-main', scope: 'org-admin', at: '2026-09-08 11:00', hours: 4, closeAfter: 2,
    justification: 'Org-wide secret rotation across web and infra', incident: 'INC-4275', approver: 'frank',
    review: { key: 'BGR-123', inReview: '2026-09-08 15:00', done: '2026-09-09 11:00', reviewer: 'frank', links: ['SEC-85'] },
    events: [po(15), { action: 'protected_branch.policy_override', after: 45, repo: 'kestrel/web', branch: 'main' }] },
  { id: 'BG-2609-05', actor: 'grace', gate: 'mobile-main', scope: 'repo', at: '2026-09-09 14:00', hours: 4, closeAfter: 1,
    justification: 'Patch the 9.1 release branch for a store rejection', incident: 'INC-4280', approver: 'frank',
    review: { key: 'BGR-124', inReview: '2026-09-09 17:00', done: '2026-09-10 12:00', reviewer: 'frank', links: ['MOB-1290'] },
    events: [{ action: 'protected_branch.policy_override', after: 20, branch: 'release/9.1' }] },
  { id: 'BG-2609-06', actor: 'bob', gate: 'payments-release', at: '2026-09-10 10:00', hours: 4, closeAfter: 1,
    justification: 'Release-branch hotfix for refund rounding', incident: 'INC-4284', approver: 'alice',
    events: [po(10)] },
  { id: 'BG-2609-07', actor: 'carol', gate: 'ledger-main', at: '2026-09-14 08:30', hours: 4, closeAfter: 2,
    justification: 'Ledger replica lag: apply index hotfix', incident: 'INC-4291', approver: 'alice',
    review: { key: 'BGR-999', exists: false },
    events: [po(27)] },
  { id: 'BG-2609-08', actor: 'heidi', gate: 'web-main', at: '2026-09-15 19:00', hours: 3, closeAfter: 1,
    justification: 'Contractor hotfix for the marketing site banner', incident: 'INC-4295', approver: 'dave',
    review: { key: 'BGR-125', inReview: '2026-09-16 09:00', done: '2026-09-16 14:00', reviewer: 'erin', links: ['WEB-5260'] },
    events: [po(12)] },
  { id: 'BG-2609-09', actor: 'alice', gate: 'web-main', at: '2026-09-17 09:30', hours: 4, closeAfter: 1,
    justification: 'Disable a misconfigured ruleset blocking all merges', incident: 'INC-4301', approver: 'frank',
    review: { key: 'BGR-126', inReview: '2026-09-17 13:00', done: '2026-09-18 10:00', reviewer: 'erin', links: ['PAY-2390'] },
    events: [{ action: 'repository_ruleset.destroy', after: 6 }] },
  { id: 'BG-2609-10', actor: 'bob', gate: 'payments-main', at: '2026-09-21 15:00', hours: 4, closeAfter: 1,
    justification: 'Chargeback webhook outage: direct fix', incident: 'INC-4310', approver: 'alice',
    review: { key: 'BGR-127', inReview: '2026-09-22 10:00', reviewer: 'frank' },
    events: [po(21)] },
  { id: 'BG-2609-11', actor: 'grace', gate: 'infra-main', at: '2026-09-23 12:00', hours: 4, closeAfter: 2,
    justification: 'Zoë Ångström 承認: 支払い停止 hotfix (payments halt in the Tokyo region)', incident: 'INC-4316', approver: 'alice',
    review: { key: 'BGR-128' },
    events: [po(33)] },
  { id: 'BG-2609-12', actor: 'alice', gate: 'ledger-main', at: '2026-09-25 11:00', hours: 4, closeAfter: 1,
    justification: 'Quarter-end: ledger export schema hotfix', incident: 'INC-4320', approver: 'frank',
    review: { key: 'BGR-129', inReview: '2026-09-25 15:00', done: '2026-09-28 10:00', reviewer: 'erin', links: ['LED-402'] },
    events: [po(19)],
    tamper: 'Planned schema change (pre-approved)' },
  { id: 'BG-2609-13', actor: 'carol', gate: 'infra-main', at: '2026-09-28 09:00', hours: 4, closeAfter: 1.5,
    justification: 'Certificate expiry on the internal load balancer', incident: 'INC-4328', approver: 'alice',
    review: { key: 'BGR-130', inReview: '2026-09-28 14:00', done: '2026-09-29 11:00', reviewer: 'frank', links: ['INFRA-951'] },
    events: [po(24)] },
  { id: 'BG-2609-14', actor: 'bob', gate: 'payments-main', at: '2026-09-30 22:30', hours: 3, closeAfter: 1,
    justification: 'Quarter-close settlement file fix (after midnight UTC, still Q3 in New York)', incident: 'INC-4333', approver: 'alice',
    review: { key: 'BGR-131', inReview: '2026-10-01 10:00', done: '2026-10-01 16:00', reviewer: 'erin', links: ['PAY-2411'] },
    events: [po(15)] },
  // --- October: outside the Q3 report ---------------------------------------------------------
  { id: 'BG-2610-01', actor: 'alice', gate: 'payments-main', at: '2026-10-02 10:00', hours: 4, closeAfter: 1,
    justification: 'Fraud rule hotfix', incident: 'INC-4340', approver: 'frank',
    review: { key: 'BGR-132', inReview: '2026-10-02 14:00', done: '2026-10-05 10:00', reviewer: 'erin', links: ['PAY-2420'] },
    events: [po(10)] },
];

/** Bypass events nobody wrote a grant for. */
export const UNSANCTIONED: (DemoEvent & { actor: string; at: string; repo: string; branch?: string })[] = [
  { actor: 'heidi-contractor', at: '2026-08-14 02:13', action: 'protected_branch.policy_override', after: 0, repo: 'kestrel/web', branch: 'main' },
  { actor: 'dave-kp', at: '2026-09-12 16:45', action: 'protected_branch.policy_override', after: 0, repo: 'kestrel/docs', branch: 'main' },
  { actor: 'bob-kp', at: '2026-09-19 23:10', action: 'rule_suite.bypass', after: 0, ruleSuite: true, repo: 'kestrel/payments', branch: 'main' },
  { actor: 'grace-kp', at: '2026-09-26 07:55', action: 'protected_branch.destroy', after: 0, repo: 'kestrel/infra', branch: 'main' },
];

/** Waivers: standing exceptions for bots. */
export const WAIVERS = [
  { id: 'WV-01', gate: 'mobile-main' as GateId, actor: 'release-bot', at: '2026-08-01 09:00', expires: '2026-12-31 23:59',
    justification: 'Release automation pushes version bumps during store submission', revoked: null as string | null },
  { id: 'WV-02', gate: 'infra-main' as GateId, actor: 'terraform-bot', at: '2026-09-01 08:00', expires: '2026-09-30 23:59',
    justification: 'Terraform provider migration: bot applies generated changes', revoked: '2026-09-03 18:00' },
];

/** Bot bypasses: some inside a waiver window (waived), one after WV-02 was revoked (unsanctioned). */
export const BOT_EVENTS = [
  { actor: 'release-bot', at: '2026-08-06 12:00', repo: 'kestrel/mobile', branch: 'main', ruleSuite: true },
  { actor: 'release-bot', at: '2026-08-20 12:00', repo: 'kestrel/mobile', branch: 'main', ruleSuite: true },
  { actor: 'release-bot', at: '2026-09-17 12:00', repo: 'kestrel/mobile', branch: 'main', ruleSuite: true },
  { actor: 'terraform-bot', at: '2026-09-02 03:00', repo: 'kestrel/infra', branch: 'main', ruleSuite: false },
  { actor: 'terraform-bot', at: '2026-09-04 03:00', repo: 'kestrel/infra', branch: 'main', ruleSuite: false },
];

/** Merged PRs per gate per month (Jul, Aug, Sep): falling throughput, so the glass rate rises. */
export const MERGES: Record<GateId, [number, number, number]> = {
  'payments-main': [62, 55, 41],
  'payments-release': [14, 12, 9],
  'ledger-main': [38, 35, 30],
  'web-main': [95, 90, 84],
  'infra-main': [44, 40, 33],
  'mobile-main': [27, 25, 22],
};
