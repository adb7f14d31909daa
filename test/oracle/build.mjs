// Writes a small glasstrail config + archive + hash-chained ledger into DIR from a plain spec.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';

const sha = (s) => createHash('sha256').update(s).digest('hex');

export function build(dir, { config = '', ledger = [], audit = [], ruleSuites = [], issues = [], merges = {}, statuses } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'archive/github/audit'), { recursive: true });
  mkdirSync(join(dir, 'archive/github/rule-suites'), { recursive: true });
  mkdirSync(join(dir, 'archive/github/merges'), { recursive: true });
  mkdirSync(join(dir, 'archive/jira'), { recursive: true });
  mkdirSync(join(dir, 'ledger'), { recursive: true });
  writeFileSync(join(dir, 'glasstrail.config.yaml'), config);
  let prev = 'sha256:' + '0'.repeat(64);
  const lines = ledger.map((e, seq) => {
    const o = { schema: 'glasstrail.ledger/v1', seq, ...e, prev };
    o.hash = 'sha256:' + sha(canonicalize(o));
    prev = o.hash;
    return JSON.stringify(o);
  });
  writeFileSync(join(dir, 'ledger/breakglass.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
  if (audit.length) writeFileSync(join(dir, 'archive/github/audit/hand.ndjson'), audit.map((a) => JSON.stringify(a)).join('\n') + '\n');
  if (ruleSuites.length) writeFileSync(join(dir, 'archive/github/rule-suites/hand.ndjson'), ruleSuites.map((a) => JSON.stringify(a)).join('\n') + '\n');
  writeFileSync(join(dir, 'archive/jira/issues.ndjson'), issues.map((a) => JSON.stringify(a)).join('\n') + (issues.length ? '\n' : ''));
  writeFileSync(join(dir, 'archive/jira/statuses.json'), JSON.stringify(statuses ?? [
    { id: '1', name: 'To Do', statusCategory: { key: 'new' } },
    { id: '3', name: 'In Review', statusCategory: { key: 'indeterminate' } },
    { id: '10001', name: 'Done', statusCategory: { key: 'done' } },
  ]));
  for (const [gate, list] of Object.entries(merges)) writeFileSync(join(dir, `archive/github/merges/${gate}.ndjson`), list.map((t, i) => JSON.stringify({ number: i + 1, mergedAt: t, mergedBy: 'x', baseRef: gate === 'pay-rel' ? 'release' : 'main', url: '' })).join('\n') + (list.length ? '\n' : ''));
  writeFileSync(join(dir, 'archive/state.json'), JSON.stringify({ version: 1, streams: {} }));
}

let n = 0;
export const ev = (action, actor, repo, branch, at, extra = {}) => ({ '@timestamp': Date.parse(at), _document_id: extra.id ?? `doc${++n}`, action, actor, created_at: Date.parse(at), repo, ...(branch ? { branch: 'refs/heads/' + branch } : {}), ...extra });

export function issue(key, created, { done, doneBy = 'acc-rev', reviewer, reviewerChanges = [], links = ['FU-1'], resolution, extraHist = [] } = {}) {
  const histories = [...extraHist];
  if (done) histories.push({ id: key + '-d', author: { accountId: doneBy }, created: done, items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '1', fromString: 'To Do', to: '10001', toString: 'Done' }] });
  for (const c of reviewerChanges) histories.push({ id: key + '-r' + c.at, author: { accountId: 'acc-admin' }, created: c.at, items: [{ field: 'Reviewer', fieldtype: 'custom', fieldId: 'customfield_10100', from: c.from ?? null, fromString: null, to: c.to, toString: c.to }] });
  return {
    id: String(++n), key,
    fields: {
      summary: 'review ' + key, created, updated: created, resolutiondate: resolution ?? done ?? null,
      status: done ? { id: '10001', name: 'Done', statusCategory: { key: 'done' } } : { id: '1', name: 'To Do', statusCategory: { key: 'new' } },
      issuelinks: links.map((k, i) => ({ id: String(i), type: { name: 'Relates' }, outwardIssue: { key: k } })),
      customfield_10100: reviewer ? { accountId: reviewer } : null,
      customfield_10101: null,
    },
    changelog: { histories },
  };
}

export const CONFIG = (extra = '') => `organization: Test Co
timezone: America/New_York
holidays: [2026-07-03, 2026-11-03, 2026-11-26]
review:
  slaBusinessDays: 2
  clockStart: grant-start
matchToleranceMinutes: 5
maxGrantHours: 8
maxWaiverDays: 30
archive: ./archive
ledger:
  path: ./ledger/breakglass.jsonl
people:
  - { id: alice, github: alice-gh, jira: acc-alice }
  - { id: bob, github: bob-gh, jira: acc-bob }
  - { id: rev, github: rev-gh, jira: acc-rev }
gates:
  - { id: pay-main, name: "pay / main", repo: acme/pay, branch: main }
  - { id: pay-rel, name: "pay / release", repo: acme/pay, branch: release }
  - { id: web-main, name: "web / main", repo: acme/web, branch: main }
roster:
  - { person: alice, gates: ["*"], from: 2026-01-01, until: 2026-12-31 }
  - { person: bob, gates: [pay-main], from: 2026-01-01, until: 2026-12-31 }
github:
  org: acme
  token: env:GITHUB_TOKEN
jira:
  host: https://acme.atlassian.net
  jql: project = BGR
  email: env:JIRA_EMAIL
  token: env:JIRA_API_TOKEN
  fields: { reviewer: customfield_10100, followUp: customfield_10101 }
${extra}`;
