/**
 * Builds the embedded demo org in fixtures/demo/ from scripts/demo/data.ts.
 * Deterministic: a seeded PRNG and a fixed Ed25519 seed, so rerunning gives byte-identical files
 * (test/demo-fixture.test.ts checks that the committed fixture is what this script writes).
 *
 *   node scripts/demo/make.ts [OUTDIR]
 */
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import canonicalize from 'canonicalize';
import { DateTime } from 'luxon';
import { COLLECTED_FILE, sha256Of } from '../../src/archive/write.ts';
import {
  BOT_EVENTS, GATES, GRANTS, MERGES, ORG, PEOPLE, UNSANCTIONED, WAIVERS, ZONE,
  type DemoGrant, type GateId,
} from './data.ts';

const out = resolve(process.argv[2] ?? 'fixtures/demo');

// ---- deterministic helpers -----------------------------------------------------------------
let seed = 0x6b657374; // "kest"
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const docId = (): string => Array.from({ length: 22 }, () => pick([...B64])).join('');
const hex = (n: number): string => Array.from({ length: n }, () => pick([...'0123456789abcdef'])).join('');

const local = (text: string): DateTime => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: ZONE });
const ms = (text: string): number => local(text).toMillis();
const utcIso = (epoch: number): string => DateTime.fromMillis(epoch, { zone: 'utc' }).toISO({ suppressMilliseconds: true })!;
const jiraTime = (epoch: number): string => DateTime.fromMillis(epoch, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
const person = (id: string) => PEOPLE.find((p) => p.id === id)!;
const gate = (id: GateId) => GATES.find((g) => g.id === id)!;
const loginOf = (id: string): string => PEOPLE.find((p) => p.id === id)?.github ?? id;

/** The archive's inventory (state.json `files`), as collect keeps it: the files collect would write. */
const inventory: Record<string, string> = {};

function write(rel: string, data: string | Buffer): void {
  const path = join(out, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  const key = rel.startsWith('archive/') ? rel.slice('archive/'.length) : undefined;
  if (key !== undefined && COLLECTED_FILE.test(key)) inventory[key] = sha256Of(data);
}
const ndjson = (rows: readonly unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

// ---- ledger ------------------------------------------------------------------------------------
const GENESIS = `sha256:${'0'.repeat(64)}`;
const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

interface Pending { at: number; body: Record<string, unknown>; tamper?: string }
const pending: Pending[] = [];
for (const g of GRANTS) {
  const at = ms(g.at);
  pending.push({
    at,
    tamper: g.tamper,
    body: {
      type: 'grant.opened', at: utcIso(at), grant: g.id, actor: g.actor, gate: g.gate, scope: g.scope ?? 'gate',
      ...(g.hours === null ? {} : { expiresAt: utcIso(at + g.hours * 3_600_000) }),
      justification: g.justification, incident: g.incident, review: g.review?.key ?? '', approver: g.approver ?? '',
    },
  });
  if (g.closeAfter !== null) {
    const end = at + g.closeAfter * 3_600_000;
    pending.push({ at: end, body: { type: 'grant.closed', at: utcIso(end), grant: g.id, reason: 'work finished' } });
  }
}
for (const w of WAIVERS) {
  pending.push({
    at: ms(w.at),
    body: { type: 'waiver.granted', at: utcIso(ms(w.at)), waiver: w.id, gate: w.gate, actor: w.actor, expiresAt: utcIso(ms(w.expires)), justification: w.justification },
  });
  if (w.revoked) pending.push({ at: ms(w.revoked), body: { type: 'waiver.revoked', at: utcIso(ms(w.revoked)), waiver: w.id } });
}
pending.sort((a, b) => a.at - b.at);

const ledgerLines: string[] = [];
const heads: string[] = [];
let prev = GENESIS;
pending.forEach((p, seq) => {
  const entry: Record<string, unknown> = { schema: 'glasstrail.ledger/v1', seq, ...p.body, prev };
  const hash = `sha256:${sha256(canonicalize(entry)!)}`;
  const stored: Record<string, unknown> = { ...entry, hash };
  // The demo's tampering: someone "tidied up" a justification after the entry was written.
  if (p.tamper) stored.justification = p.tamper;
  ledgerLines.push(JSON.stringify(stored));
  heads.push(hash);
  prev = hash;
});
write('ledger/breakglass.jsonl', ledgerLines.join('\n') + '\n');

// Checkpoints signed with a fixed demo key (Ed25519 is deterministic). The private key is not
// shipped: it is derived from this fixed seed only here.
const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update('glasstrail demo ledger key').digest()]);
const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
const publicKey = createPublicKey(privateKey);
const spki = publicKey.export({ format: 'der', type: 'spki' });
const keyId = `sha256:${sha256(spki)}`;
write('keys/ledger.pub.pem', publicKey.export({ format: 'pem', type: 'spki' }) as string);
const checkpointAt = ['2026-08-01 00:05', '2026-09-01 00:05'];
const checkpoints = checkpointAt.map((when) => {
  const size = pending.filter((p) => p.at < ms(when)).length;
  const body = { schema: 'glasstrail.checkpoint/v1', size, head: heads[size - 1], at: utcIso(ms(when)), keyId };
  return JSON.stringify({ ...body, sig: sign(null, Buffer.from(canonicalize(body)!), privateKey).toString('base64') });
});
write('ledger/checkpoints.jsonl', checkpoints.join('\n') + '\n');

// ---- GitHub audit log ----------------------------------------------------------------------
const repoIds: Record<string, number> = {};
const repoId = (repo: string): number => (repoIds[repo] ??= 740_100 + Object.keys(repoIds).length);
const actorId = (login: string): number => 9_100_000 + [...login].reduce((a, c) => a * 31 + c.charCodeAt(0), 7) % 900_000;

function auditEntry(action: string, login: string, at: number, repo: string, branch?: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    '@timestamp': at, _document_id: docId(), action, actor: login, actor_id: actorId(login),
    actor_location: { country_code: 'US' }, business: 'kestrel-pay', business_id: 4410, created_at: at,
    operation_type: action.endsWith('.create') ? 'create' : action.endsWith('.destroy') ? 'remove' : 'modify',
    org: ORG, org_id: 88_123_001, repo, repo_id: repoId(repo), user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)',
  };
  if (action === 'protected_branch.policy_override') {
    Object.assign(base, {
      branch: `refs/heads/${branch ?? 'main'}`, before: hex(40), after: hex(40), overridden_codes: ['review_policy_not_satisfied'],
      reasons: [{ code: 'review_policy_not_satisfied', message: 'At least 1 approving review is required by reviewers with write access.' }],
    });
  } else if (action.startsWith('protected_branch.')) {
    Object.assign(base, { name: branch ?? 'main' });
    if (action.endsWith('_enforcement_level')) Object.assign(base, { enforcement_level: 0 });
  } else if (action.startsWith('repository_ruleset.')) {
    Object.assign(base, { ruleset_id: 118_034, ruleset_name: 'main protection', ruleset_enforcement: 'disabled', ruleset_old_enforcement: 'active' });
  }
  return base;
}

const audit: Record<string, unknown>[] = [];
const ruleSuites: Record<string, unknown>[] = [];
let ruleSuiteId = 2_310_000;
function ruleSuite(login: string, at: number, repo: string, branch: string, result: 'bypass' | 'pass' | 'fail'): void {
  ruleSuites.push({
    id: ruleSuiteId++, actor_id: actorId(login), actor_name: login, before_sha: hex(40), after_sha: hex(40),
    ref: `refs/heads/${branch}`, repository_id: repoId(repo), repository_name: repo.split('/')[1], pushed_at: utcIso(at),
    result, evaluation_result: result === 'pass' ? 'pass' : 'fail',
  });
}

function grantEvents(g: DemoGrant): void {
  const at = ms(g.at);
  const gt = gate(g.gate);
  for (const e of g.events) {
    const when = at + e.after * 60_000 + Math.floor(random() * 50_000);
    const repo = e.repo ?? gt.repo;
    const branch = e.branch ?? gt.branch;
    if (e.ruleSuite) ruleSuite(loginOf(g.actor), when, repo, branch, 'bypass');
    else audit.push(auditEntry(e.action, loginOf(g.actor), when, repo, branch));
  }
}
GRANTS.forEach(grantEvents);
for (const u of UNSANCTIONED) {
  const when = ms(u.at) + 17_000;
  if (u.ruleSuite) ruleSuite(u.actor, when, u.repo, u.branch ?? 'main', 'bypass');
  else audit.push(auditEntry(u.action, u.actor, when, u.repo, u.branch));
}
for (const b of BOT_EVENTS) {
  if (b.ruleSuite) ruleSuite(b.actor, ms(b.at), b.repo, b.branch, 'bypass');
  else audit.push(auditEntry('protected_branch.policy_override', b.actor, ms(b.at), b.repo, b.branch));
}

// Noise: the everyday audit log, none of it a bypass.
const NOISE = ['repo.update_member', 'team.add_repository', 'org.invite_member', 'workflows.completed_workflow_run',
  'repo.download_zip', 'integration_installation.repositories_added', 'secret_scanning_alert.resolve', 'hook.config_changed',
  'repo.add_topic', 'repository_vulnerability_alert.resolve', 'team.add_member', 'repo.access', 'org.update_member'];
const REPOS = [...new Set(GATES.map((g) => g.repo)), 'kestrel/docs', 'kestrel/design-system', 'kestrel/data-pipeline'];
const qStart = ms('2026-07-01 00:00');
const qEnd = ms('2026-10-15 00:00');
const logins = [...PEOPLE.map((p) => p.github), 'release-bot', 'terraform-bot', 'dependabot[bot]'];
for (let i = 0; i < 1400; i++) {
  const at = qStart + Math.floor(random() * (qEnd - qStart));
  audit.push(auditEntry(pick(NOISE), pick(logins), at, pick(REPOS)));
}
// Routine (non-emergency) protection changes on repos with no gate: re-creations that restore nothing.
audit.push(auditEntry('protected_branch.create', 'alice-kp', ms('2026-07-20 10:00'), 'kestrel/design-system', 'main'));
audit.push(auditEntry('repository_ruleset.create', 'carol-kp', ms('2026-08-18 10:00'), 'kestrel/data-pipeline'));
// Rule suites that passed or failed are not stored by collect (bypass only), so none here.

const dayOf = (epoch: number): string => DateTime.fromMillis(epoch, { zone: 'utc' }).toFormat('yyyy-MM-dd');
function segments(rows: Record<string, unknown>[], dir: string, timeOf: (r: Record<string, unknown>) => number, keyOf: (r: Record<string, unknown>) => string): void {
  const byDay = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const day = dayOf(timeOf(r));
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  for (const [day, list] of [...byDay].sort()) {
    list.sort((a, b) => timeOf(a) - timeOf(b) || (keyOf(a) < keyOf(b) ? -1 : 1));
    write(`archive/${dir}/${day}.ndjson`, ndjson(list));
  }
}
segments(audit, 'github/audit', (r) => r.created_at as number, (r) => r._document_id as string);
segments(ruleSuites.filter((r) => r.result === 'bypass'), 'github/rule-suites', (r) => Date.parse(r.pushed_at as string), (r) => String(r.id));

// A UI export someone dropped in: a JSON array, gzipped, overlapping the collected log
// (its entries are duplicates on _document_id and must be counted once).
const exported = audit.filter((r) => (r.created_at as number) >= ms('2026-09-25 00:00') && (r.created_at as number) < ms('2026-09-27 00:00'));
write('archive/github/audit/export-2026-09-27.json.gz', gzipSync(Buffer.from(JSON.stringify(exported, null, 1)), { level: 9 }));

// ---- merges ---------------------------------------------------------------------------------
let prNumber = 18_000;
for (const g of GATES) {
  const rows: Record<string, unknown>[] = [];
  MERGES[g.id].forEach((count, i) => {
    const start = ms(`2026-0${7 + i}-01 00:00`);
    const end = ms(i === 2 ? '2026-10-01 00:00' : `2026-0${8 + i}-01 00:00`);
    for (let k = 0; k < count; k++) {
      const at = start + Math.floor(random() * (end - start));
      rows.push({ number: prNumber++, mergedAt: utcIso(at), mergedBy: pick(PEOPLE.slice(0, 7)).github, baseRef: g.branch, url: '' });
    }
  });
  rows.sort((a, b) => Date.parse(a.mergedAt as string) - Date.parse(b.mergedAt as string));
  for (const r of rows) r.url = `https://github.com/${g.repo}/pull/${r.number}`;
  write(`archive/github/merges/${g.id}.ndjson`, ndjson(rows));
}

// ---- Jira -------------------------------------------------------------------------------------
const STATUSES = [
  { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new', name: 'To Do' } },
  { id: '3', name: 'In Review', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
  { id: '10001', name: 'Done', statusCategory: { id: 3, key: 'done', name: 'Done' } },
  { id: '10002', name: 'Reopened', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
];
const status = (name: string) => STATUSES.find((s) => s.name === name)!;
const user = (id: string) => ({ accountId: person(id).jira, displayName: person(id).name, active: true, accountType: 'atlassian' });
const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

let issueId = 10_400;
let historyId = 50_100;
const issues: Record<string, unknown>[] = [];
for (const g of GRANTS) {
  const r = g.review;
  if (!r || r.exists === false) continue;
  const created = ms(g.at) + 25 * 60_000;
  const steps: [string, string, string][] = [];
  if (r.inReview) steps.push([r.inReview, 'To Do', 'In Review']);
  if (r.done) steps.push([r.done, 'In Review', 'Done']);
  if (r.reopened) steps.push([r.reopened, 'Done', 'Reopened']);
  if (r.doneAgain) steps.push([r.doneAgain, 'Reopened', 'Done']);
  const histories = steps.map(([when, from, to]) => ({
    id: String(historyId++),
    author: user(to === 'Done' ? (r.reviewer ?? 'erin') : 'frank'),
    created: jiraTime(ms(when)),
    items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: status(from).id, fromString: from, to: status(to).id, toString: to }],
  }));
  // The reviewer was assigned when the review started: its history is evidence too.
  if (r.reviewer && r.inReview) {
    histories.unshift({
      id: String(historyId++), author: user('frank'), created: jiraTime(ms(r.inReview) - 60_000),
      items: [{ field: 'Reviewer', fieldtype: 'custom', fieldId: 'customfield_10100', from: null as never, fromString: null as never, to: person(r.reviewer).jira, toString: person(r.reviewer).name }],
    });
  }
  const last = steps.at(-1);
  const current = status(last ? last[2] : 'To Do');
  const doneAt = r.doneAgain ?? r.done;
  const updated = last ? ms(last[0]) : created;
  issues.push({
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(issueId++), self: `https://kestrel.atlassian.net/rest/api/3/issue/${issueId - 1}`, key: r.key,
    fields: {
      summary: `Break-glass review: ${g.id} (${gate(g.gate).name})`,
      status: { self: `https://kestrel.atlassian.net/rest/api/3/status/${current.id}`, description: '', name: current.name, id: current.id, statusCategory: current.statusCategory },
      created: jiraTime(created), updated: jiraTime(updated),
      resolutiondate: current.name === 'Done' && doneAt ? jiraTime(ms(doneAt)) : null,
      issuelinks: (r.links ?? []).map((key, i) => ({ id: String(30_000 + issueId * 10 + i), type: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' }, outwardIssue: { id: String(20_000 + i), key } })),
      customfield_10100: r.reviewer ? user(r.reviewer) : null,
      customfield_10101: r.followUp ? adf(r.followUp) : null,
    },
    changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
  });
}
issues.sort((a, b) => ((a.key as string) < (b.key as string) ? -1 : 1));
write('archive/jira/issues.ndjson', ndjson(issues));
write('archive/jira/statuses.json', JSON.stringify(STATUSES, null, 2) + '\n');
write('archive/state.json', JSON.stringify({
  version: 1,
  streams: {
    // collected daily since 30 June: a report of Q3 is covered, one of June names the gap
    'github.audit': { collectedAt: '2026-10-15T06:00:00Z', watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-06-30T00:00:00Z' },
    'github.merges': { collectedAt: '2026-10-15T06:00:00Z', watermark: '2026-10-15T06:00:00Z' },
    'github.rule-suites': { collectedAt: '2026-10-15T06:00:00Z', watermark: '2026-10-15T06:00:00Z', coveredFrom: '2026-06-30T00:00:00Z' },
    'jira.issues': { collectedAt: '2026-10-15T06:00:00Z', watermark: '2026-10-15T05:00:00Z' },
  },
  files: Object.fromEntries(Object.entries(inventory).sort(([a], [b]) => (a < b ? -1 : 1))),
}, null, 2) + '\n');

// ---- config -------------------------------------------------------------------------------------
const yamlPeople = PEOPLE.map((p) => `  - { id: ${p.id}, github: ${p.github}, jira: ${p.jira} }`).join('\n');
const yamlGates = GATES.map((g) => `  - { id: ${g.id}, name: "${g.name}", repo: ${g.repo}, branch: ${g.branch} }`).join('\n');
write('glasstrail.config.yaml', `# The embedded demo: Kestrel Pay, a fictional payments company, 2026-Q3.
# Generated by scripts/demo/make.ts — edit that script, not this file.
organization: Kestrel Pay, Inc.
timezone: ${ZONE}
holidays: [2026-01-01, 2026-05-25, 2026-07-03, 2026-09-07, 2026-11-26, 2026-12-25]
review:
  slaBusinessDays: 2
  clockStart: grant-start
matchToleranceMinutes: 5
maxGrantHours: 8
maxWaiverDays: 30
archive: ./archive
ledger:
  path: ./ledger/breakglass.jsonl
  checkpoints: ./ledger/checkpoints.jsonl
  publicKeys: [./keys/ledger.pub.pem]
people:
${yamlPeople}
gates:
${yamlGates}
roster:
  - { person: alice, gates: ["*"], from: 2026-01-01, until: 2026-12-31 }
  - { person: bob, gates: [payments-main, payments-release], from: 2026-01-01, until: 2026-12-31 }
  - { person: carol, gates: [infra-main, ledger-main], from: 2026-01-01, until: 2026-12-31 }
  - { person: dave, gates: [web-main], from: 2026-01-01, until: 2026-08-15 }
  - { person: grace, gates: [infra-main, mobile-main], from: 2026-03-01, until: 2026-12-31 }
github:
  org: ${ORG}
  token: env:GITHUB_TOKEN
jira:
  host: https://kestrel.atlassian.net
  email: env:JIRA_EMAIL
  token: env:JIRA_API_TOKEN
  jql: project = BGR
  fields: { reviewer: customfield_10100, followUp: customfield_10101 }
`);

process.stdout.write(`demo written to ${out}: ${ledgerLines.length} ledger entries, ${audit.length} audit entries, ${ruleSuites.length} rule suites, ${issues.length} Jira issues\n`);
