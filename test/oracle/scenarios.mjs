import { execFileSync } from 'node:child_process';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { build, ev, issue, CONFIG } from './build.mjs';
import { compare } from './compare.mjs';

const open = (grant, actor, gate, at, o = {}) => ({ type: 'grant.opened', at, grant, actor, gate, scope: o.scope ?? 'gate', expiresAt: o.expiresAt ?? new Date(Date.parse(at) + 4 * 3600e3).toISOString(), justification: 'fix', incident: 'INC-1', review: o.review ?? 'BGR-' + grant, ...o.extra });
const close = (grant, at) => ({ type: 'grant.closed', at, grant, reason: 'done' });
const PO = 'protected_branch.policy_override';

export const scenarios = {
  edges: {
    period: ['--from', '2026-06-29', '--to', '2026-11-14'], from: '2026-06-29', toExcl: '2026-11-15', asOf: '2026-12-01T00:00:00Z',
    spec: {
      config: CONFIG(),
      ledger: [
        open('G1', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('G2', 'alice', 'pay-main', '2026-07-06T13:00:00Z', { review: 'BGR-G2' }),
        open('G3', 'bob', 'pay-main', '2026-07-03T03:59:00Z'),
        open('G4', 'alice', 'web-main', '2026-11-01T03:00:00Z', { expiresAt: '2026-11-01T08:00:00Z' }),
        open('G5', 'bob', 'pay-main', '2026-07-20T14:00:00Z'),
        close('G5', '2026-07-20T15:00:00Z'),
        open('G6', 'alice', 'pay-main', '2026-07-21T14:00:00Z', { scope: 'repo' }),
        open('G7', 'alice', 'pay-main', '2026-07-21T15:00:00Z'),
        open('G8', 'alice', 'pay-main', '2026-07-21T16:03:00Z'),
        open('G9', 'alice', 'pay-main', '2026-07-22T14:00:00Z'),
        open('G10', 'bob', 'pay-main', '2026-07-22T14:00:00Z'),
        open('G11', 'alice', 'pay-main', '2026-03-08T06:30:00Z'),
      ],
      audit: [
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-06T13:10:00Z'),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-06T13:11:00Z'),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-03T04:10:00Z'),
        ev(PO, 'alice-gh', 'acme/web', 'main', '2026-11-01T06:30:00Z'),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-20T13:55:00.000Z', { id: 'tolA' }),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-20T13:54:59.999Z', { id: 'tolB' }),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-20T15:05:00.000Z', { id: 'tolC' }),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-20T15:05:00.001Z', { id: 'tolD' }),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-21T16:00:00Z', { id: 'two' }),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-22T14:30:00Z'),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-07-22T14:30:00Z'),
        ev('protected_branch.destroy', 'bob-gh', 'acme/pay', 'release', '2026-08-03T12:00:00Z', { id: 'destroy1' }),
        ev('protected_branch.create', 'bob-gh', 'acme/pay', 'release', '2026-08-04T12:00:00Z', { id: 'create1' }),
        ev('protected_branch.destroy', 'bob-gh', 'acme/pay', 'release', '2026-08-10T12:00:00Z', { id: 'destroy2' }),
        ev('protected_branch.create', 'bob-gh', 'acme/pay', 'release', '2026-08-11T12:00:00.001Z', { id: 'create2' }),
        ev('repository_ruleset.update', 'bob-gh', 'acme/pay', null, '2026-08-12T12:00:00Z', { id: 'nobranch' }),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-03-08T07:30:00Z'),
      ],
      issues: [
        issue('BGR-G1', '2026-07-06T14:00:00Z', { done: '2026-07-09T04:00:00.000Z' }),
        issue('BGR-G2', '2026-07-06T14:00:00Z', { done: '2026-07-09T03:59:59.999Z' }),
        issue('BGR-G3', '2026-07-03T05:00:00Z', { done: '2026-07-08T03:59:00Z' }),
        issue('BGR-G5', '2026-07-20T16:00:00Z', { done: '2026-07-21T16:00:00Z' }),
        issue('BGR-G6', '2026-07-21T16:00:00Z', { done: '2026-07-21T18:00:00Z' }),
        issue('BGR-G7', '2026-07-21T16:00:00Z', { done: '2026-07-21T18:00:00Z' }),
        issue('BGR-G8', '2026-07-21T16:00:00Z', { done: '2026-07-21T18:00:00Z' }),
        issue('BGR-G9', '2026-07-22T15:00:00Z', { done: '2026-07-23T15:00:00Z', reviewer: 'acc-rev', reviewerChanges: [{ at: '2026-07-22T16:00:00Z', to: 'acc-alice' }, { at: '2026-12-05T00:00:00Z', from: 'acc-alice', to: 'acc-rev' }] }),
        issue('BGR-G10', '2026-07-22T15:00:00Z', { done: '2026-07-23T15:00:00Z', doneBy: 'acc-bob' }),
        issue('BGR-G11', '2026-03-08T08:00:00Z', { done: '2026-03-11T03:59:00Z' }),
      ],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z', '2026-08-01T12:00:00Z', '2026-09-01T12:00:00Z', '2026-11-01T06:00:00Z'], 'web-main': [] },
    },
  },
  grantEnd: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    spec: {
      config: CONFIG().replace('clockStart: grant-start', 'clockStart: grant-end'),
      ledger: [
        open('E1', 'alice', 'pay-main', '2026-07-06T13:00:00Z', { expiresAt: '2026-07-08T13:00:00Z' }),
        { type: 'grant.opened', at: '2026-07-07T13:00:00Z', grant: 'E2', actor: 'alice', gate: 'pay-main', scope: 'gate', justification: 'x', incident: 'I', review: 'BGR-E2' },
        open('E3', 'alice', 'pay-main', '2026-07-09T13:00:00Z'),
        close('E3', '2026-07-10T02:00:00Z'),
        open('E4', 'alice', 'pay-main', '2026-07-13T13:00:00Z', { expiresAt: '2026-07-20T13:00:00Z' }),
        close('E4', '2026-07-17T13:00:00Z'),
      ],
      audit: [ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-07T14:00:00Z'), ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-20T14:00:00Z')],
      issues: [issue('BGR-E1', '2026-07-06T14:00:00Z', { done: '2026-07-13T03:00:00Z' }), issue('BGR-E2', '2026-07-07T14:00:00Z', { done: '2026-07-13T03:00:00Z' }), issue('BGR-E3', '2026-07-09T14:00:00Z', { done: '2026-07-14T03:00:00Z' }), issue('BGR-E4', '2026-07-13T14:00:00Z', { done: '2026-07-14T14:00:00Z' })],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
  empty: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    spec: { config: CONFIG(), ledger: [], merges: { 'pay-main': ['2026-07-01T12:00:00Z'] } },
  },
  emptyNoMerges: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    spec: { config: CONFIG(), ledger: [open('X1', 'alice', 'web-main', '2026-06-01T12:00:00Z')] },
  },
  misc: {
    period: ['--from', '2026-10-25', '--to', '2026-11-07'], from: '2026-10-25', toExcl: '2026-11-08', asOf: '2026-12-20T00:00:00Z',
    spec: {
      config: CONFIG(),
      ledger: [
        open('M1', 'alice', 'pay-main', '2026-10-25T04:00:00Z'),
        open('M0', 'alice', 'pay-main', '2026-10-25T03:59:59Z'),
        open('M2', 'alice', 'pay-main', '2026-11-08T04:59:59Z'),
        open('M3', 'alice', 'pay-main', '2026-11-08T05:00:00Z'),
        open('M4', 'Alice-GH', 'pay-main', '2026-10-26T14:00:00Z'),
        open('M5', 'bob', 'pay-main', '2026-10-27T14:00:00Z', { review: 'BGR-LATE' }),
        open('M6', 'bob', 'pay-main', '2026-10-28T14:00:00Z', { review: 'BGR-RES' }),
        open('M7', 'bob', 'pay-rel', '2026-10-29T14:00:00Z'),
        { type: 'waiver.granted', at: '2026-10-25T12:00:00Z', waiver: 'W1', gate: 'web-main', actor: 'ci-bot', expiresAt: '2026-10-30T12:00:00Z', justification: 'bot' },
        { type: 'waiver.granted', at: '2026-11-01T12:00:00Z', waiver: 'W2', gate: 'web-main', expiresAt: '2027-01-30T12:00:00Z', justification: 'bot' },
        { type: 'waiver.revoked', at: '2026-11-02T12:00:00Z', waiver: 'W2' },
        { type: 'waiver.granted', at: '2026-11-20T00:00:00Z', waiver: 'W3', gate: 'web-main', expiresAt: '2027-01-30T12:00:00Z', justification: 'bot' },
        { type: 'waiver.granted', at: '2026-11-05T00:00:00Z', waiver: 'W4', gate: 'pay-rel', expiresAt: '2027-01-30T12:00:00Z', justification: 'bot' },
        open('M8', 'alice', 'web-main', '2026-10-30T14:00:00Z', { expiresAt: '2026-10-30T22:00:00Z' }),
        open('M9', 'alice', 'web-main', '2026-10-30T14:00:00Z', { expiresAt: '2026-10-30T22:00:00.001Z' }),
        open('M10', 'bob', 'pay-main', '2026-11-02T14:00:00Z', { extra: { justification: '  ', incident: '' } }),
        { type: 'grant.opened', at: '2026-11-02T15:00:00Z', grant: 'M11', actor: 'bob', gate: 'pay-main', scope: 'gate', expiresAt: '2026-11-02T16:00:00Z', justification: 'x', incident: 'I' },
      ],
      audit: [
        ev(PO, 'ci-bot', 'acme/web', 'main', '2026-10-30T12:00:00Z', { id: 'wEdge' }),
        ev(PO, 'ci-bot', 'acme/web', 'main', '2026-10-30T12:00:00.001Z', { id: 'wAfter' }),
        ev(PO, 'other-bot', 'acme/web', 'main', '2026-10-26T12:00:00Z', { id: 'wOtherActor' }),
        ev(PO, 'x-bot', 'acme/web', 'main', '2026-11-02T12:00:00Z', { id: 'wRevokeEdge' }),
        ev(PO, 'x-bot', 'acme/web', 'main', '2026-11-01T06:30:00Z', { id: 'dstEvent' }),
        ev('protected_branch.destroy', 'bob-gh', 'acme/pay', null, '2026-10-29T15:00:00Z', { id: 'dName', name: 'release' }),
        ev('protected_branch.create', 'bob-gh', 'acme/pay', null, '2026-10-29T18:05:00Z', { id: 'cName', name: 'release' }),
        ev(PO, 'ALICE-GH', 'acme/pay', 'main', '2026-10-26T14:30:00Z', { id: 'caseEv' }),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-10-28T14:30:00Z'),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-10-28T14:40:00Z'),
        ev(PO, 'bob-gh', 'acme/pay', 'main', '2026-10-28T20:40:00Z'),
      ],
      ruleSuites: [{ id: 77, actor_name: 'bob-gh', ref: 'refs/heads/release', repository_name: 'pay', pushed_at: '2026-11-06T10:00:00Z', result: 'bypass' }],
      issues: [
        issue('BGR-M1', '2026-10-25T05:00:00Z', { done: '2026-10-27T05:00:00Z' }),
        issue('BGR-M4', '2026-10-26T15:00:00Z', { done: '2026-10-27T15:00:00Z', links: [] }),
        issue('BGR-LATE', '2026-12-21T00:00:00Z', { done: '2026-12-22T00:00:00Z' }),
        { ...issue('BGR-RES', '2026-10-28T15:00:00Z', {}), fields: { ...issue('BGR-RES', '2026-10-28T15:00:00Z', {}).fields, resolutiondate: '2026-10-29T15:00:00.000+0000' } },
        issue('BGR-M7', '2026-10-29T15:00:00Z', { done: '2026-11-04T05:00:00Z' }),
        issue('BGR-M8', '2026-10-30T15:00:00Z', { done: '2026-11-05T05:00:00Z' }),
        issue('BGR-M9', '2026-10-30T15:00:00Z', { done: '2026-11-05T04:59:59Z' }),
        issue('BGR-M10', '2026-11-02T15:00:00Z', { done: '2026-11-03T15:00:00Z' }),
      ],
      merges: { 'pay-main': ['2026-10-25T04:00:00Z', '2026-11-01T05:30:00Z', '2026-11-08T04:59:59.999Z', '2026-11-08T05:00:00Z'], 'pay-rel': ['2026-10-30T00:00:00Z'] },
    },
  },
  asOfInside: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-07-07T20:00:00Z',
    spec: {
      config: CONFIG(),
      ledger: [open('A1', 'alice', 'pay-main', '2026-07-06T13:00:00Z'), open('A2', 'alice', 'pay-main', '2026-07-01T13:00:00Z'), open('A3', 'alice', 'pay-main', '2026-07-01T14:00:00Z')],
      audit: [ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-06T13:10:00Z')],
      issues: [issue('BGR-A1', '2026-07-06T14:00:00Z', { done: '2026-07-07T14:00:00Z' }), issue('BGR-A2', '2026-07-01T14:00:00Z', { done: '2026-07-09T14:00:00Z' }), issue('BGR-A3', '2026-07-01T14:00:00Z', { done: '2026-07-02T14:00:00Z' })],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z', '2026-07-08T12:00:00Z'] },
    },
  },
  jira: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-07-20T12:00:00Z',
    spec: {
      config: CONFIG(),
      ledger: [
        open('J1', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J2', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J3', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J4', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J5', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J6', 'alice', 'pay-main', '2026-07-06T13:00:00Z'),
        open('J7', 'alice', 'pay-main', '2026-07-20T12:00:00Z'),
      ],
      audit: [ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-20T12:00:00Z', { id: 'atAsOf' })],
      issues: [
        issue('BGR-J1', '2026-07-06T14:00:00Z', { done: '2026-07-07T14:00:00Z', doneBy: 'acc-alice', reviewer: 'acc-rev', reviewerChanges: [{ at: '2026-07-25T00:00:00Z', to: 'acc-rev' }] }),
        issue('BGR-J2', '2026-07-06T14:00:00Z', { done: '2026-07-20T12:00:00Z' }),
        issue('BGR-J3', '2026-07-20T12:00:00Z', {}),
        issue('BGR-J4', '2026-07-06T14:00:00Z', { done: '2026-07-21T12:00:00Z', resolution: '2026-07-08T12:00:00Z' }),
        issue('BGR-J5', '2026-07-06T14:00:00Z', { done: '2026-07-09T12:00:00Z', links: [], extraHist: [{ id: 'x1', author: { accountId: 'acc-rev' }, created: '2026-07-07T12:00:00Z', items: [{ field: 'status', fieldId: 'status', from: '1', to: '10001' }] }, { id: 'x2', author: { accountId: 'acc-rev' }, created: '2026-07-08T12:00:00Z', items: [{ field: 'status', fieldId: 'status', from: '10001', to: '1' }] }] }),
        { ...issue('BGR-J6', '2026-07-06T14:00:00Z', { done: '2026-07-07T14:00:00Z', links: [] }), fields: { ...issue('BGR-J6', '2026-07-06T14:00:00Z', { done: '2026-07-07T14:00:00Z', links: [] }).fields, customfield_10101: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Add a test' }] }] } } },
      ],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
  tamper: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    tamper: (dir) => {
      // rewrite line 3 (seq 2) with a recomputed hash: only line 4's prev shows it
      const f = `${dir}/ledger/breakglass.jsonl`;
      const lines = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const { hash: _hash, ...rest } = lines[2];
      rest.justification = 'edited';
      lines[2] = { ...rest, hash: 'sha256:' + createHash('sha256').update(canonicalize(rest)).digest('hex') };
      writeFileSync(f, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    },
    spec: {
      config: CONFIG(),
      ledger: [open('T1', 'alice', 'pay-main', '2026-07-06T13:00:00Z'), open('T2', 'alice', 'pay-main', '2026-07-07T13:00:00Z'), open('T3', 'alice', 'pay-main', '2026-07-08T13:00:00Z'), open('T4', 'alice', 'pay-main', '2026-07-09T13:00:00Z'), close('T1', '2026-07-09T14:00:00Z'), open('T5', 'alice', 'pay-main', '2026-07-10T13:00:00Z')],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
  gates2: {
    period: ['--from', '2026-07-15', '--to', '2026-09-14'], from: '2026-07-15', toExcl: '2026-09-15', asOf: '2026-10-01T00:00:00Z',
    spec: {
      config: CONFIG().replace('- { person: bob, gates: [pay-main], from: 2026-01-01, until: 2026-12-31 }', '- { person: bob, gates: [pay-main], from: 2026-07-20, until: 2026-07-31 }'),
      ledger: [
        open('R1', 'bob', 'pay-main', '2026-07-20T03:30:00Z'),
        open('R2', 'bob', 'pay-main', '2026-08-01T03:30:00Z'),
        open('R3', 'bob', 'pay-main', '2026-08-01T04:30:00Z'),
        open('U1', 'alice', 'old-gate', '2026-07-21T12:00:00Z'),
        open('U2', 'alice-gh', 'web-main', '2026-07-22T12:00:00Z'),
        { type: 'waiver.granted', at: '2026-07-16T12:00:00Z', waiver: 'WN', gate: 'web-main', actor: 'ci', justification: 'bot' },
        ...Array.from({ length: 16 }, (_, i) => open('H' + String(i).padStart(2, '0'), 'alice', 'pay-rel', `2026-08-${String(3 + i).padStart(2, '0')}T14:00:00Z`, { review: i < 5 ? 'BGR-OK' + i : 'BGR-NONE' })),
      ],
      audit: [
        ev(PO, 'alice-gh', 'acme/pay', 'feature', '2026-07-23T12:00:00Z', { id: 'featBranch' }),
        ev(PO, 'alice-gh', 'acme/web', 'main', '2026-07-22T12:30:00Z'),
        ev(PO, 'ci', 'acme/web', 'main', '2026-09-10T12:30:00Z', { id: 'noExpiryWaiver' }),
        ev(PO, 'carol-gh', 'acme/web', 'main', '2026-08-10T12:30:00Z'),
        ev(PO, 'carol-gh', 'acme/web', 'main', '2026-08-11T12:30:00Z'),
        ev(PO, 'carol-gh', 'acme/pay', 'main', '2026-08-12T12:30:00Z'),
        ev(PO, 'carol-gh', 'acme/other', 'main', '2026-08-12T12:30:00Z'),
        ev(PO, 'carol-gh', 'acme/other', 'main', '2026-08-13T12:30:00Z'),
        ev(PO, 'carol-gh', 'acme/other', 'main', '2026-08-14T12:30:00Z'),
      ],
      issues: Array.from({ length: 5 }, (_, i) => issue('BGR-OK' + i, '2026-08-03T15:00:00Z', { done: '2026-08-04T15:00:00Z' })),
      merges: { 'pay-rel': Array.from({ length: 160 }, (_, i) => new Date(Date.parse('2026-07-16T00:00:00Z') + i * 3600e3 * 8).toISOString()), 'pay-main': Array.from({ length: 32 }, (_, i) => new Date(Date.parse('2026-07-16T00:00:00Z') + i * 3600e3 * 24).toISOString()) },
    },
  },
  cairo: {
    period: ['--from', '2026-04-24', '--to', '2026-04-30'], from: '2026-04-24', toExcl: '2026-05-01', asOf: '2026-05-20T00:00:00Z',
    spec: {
      config: CONFIG().replace('timezone: America/New_York', 'timezone: Africa/Cairo'),
      ledger: [open('C0', 'alice', 'pay-main', '2026-04-21T08:00:00Z'), open('C1', 'alice', 'pay-main', '2026-04-23T22:00:00Z'), open('C2', 'alice', 'pay-main', '2026-04-23T21:59:59Z'), open('C3', 'alice', 'pay-main', '2026-04-27T08:00:00Z')],
      issues: [issue('BGR-C3', '2026-04-27T09:00:00Z', { done: '2026-04-29T22:00:00Z' })],
      merges: { 'pay-main': ['2026-04-23T22:00:00Z'] },
    },
  },
  zeroes: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    spec: {
      config: CONFIG().replace('slaBusinessDays: 2', 'slaBusinessDays: 0').replace('matchToleranceMinutes: 5', 'matchToleranceMinutes: 0'),
      ledger: [
        open('Z1', 'alice', 'pay-main', '2026-07-11T14:00:00Z'),
        open('Z2', 'alice', 'pay-main', '2026-07-13T14:00:00Z'),
        open('Z3', 'alice', 'pay-main', '2026-07-14T14:00:00Z'),
        open('Z4', 'alice', 'pay-main', '2026-07-15T14:00:00Z', { review: 'bgr-z4' }),
      ],
      audit: [
        ev(PO, 'alice-gh', 'ACME/Pay', 'main', '2026-07-13T14:00:00Z', { id: 'upperRepo' }),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-14T13:59:59.999Z', { id: 'tol0' }),
        ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-14T14:00:00Z', { id: 'tol0in' }),
      ],
      issues: [
        issue('BGR-Z1', '2026-07-11T15:00:00Z', { done: '2026-07-13T15:00:00Z' }),
        issue('BGR-Z2', '2026-07-13T15:00:00Z', { done: '2026-07-14T03:59:00Z' }),
        { ...issue('BGR-Z3', '2026-07-14T15:00:00Z', { done: '2026-07-14T16:00:00Z' }), fields: { ...issue('BGR-Z3', '2026-07-14T15:00:00Z', { done: '2026-07-14T16:00:00Z' }).fields, customfield_10100: [{ accountId: 'acc-alice' }] } },
        issue('BGR-Z4', '2026-07-15T15:00:00Z', { done: '2026-07-15T16:00:00Z' }),
      ],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
  restore: {
    period: ['--month', '2026-10'], from: '2026-10-01', toExcl: '2026-11-01', asOf: '2026-11-20T12:00:00.001Z',
    spec: {
      config: CONFIG(),
      ledger: [
        { type: 'waiver.granted', at: '2026-10-21T12:00:00Z', waiver: 'WS1', gate: 'web-main', expiresAt: '2027-01-30T12:00:00Z', justification: 'bot' },
        { type: 'waiver.granted', at: '2026-10-21T12:00:00.002Z', waiver: 'WS2', gate: 'web-main', expiresAt: '2027-01-30T12:00:00Z', justification: 'bot' },
        { type: 'waiver.granted', at: '2026-10-21T11:30:00Z', waiver: 'WS3', gate: 'web-main', expiresAt: '2026-11-20T12:00:00.001Z', justification: 'bot' },
        open('P1', 'alice', 'pay-main', '2026-10-05T14:00:00Z'),
        close('P1', '2026-10-05T15:00:00Z'),
        open('P2', 'alice', 'web-main', '2026-10-06T14:00:00Z', { scope: 'repo' }),
        close('P2', '2026-10-06T15:00:00Z'),
        { type: 'grant.opened', at: '2026-10-07T14:00:00Z', grant: 'P3', actor: 'alice', gate: 'pay-rel', scope: 'gate', justification: 'x', incident: 'I', review: 'R' },
        open('P4', 'alice', 'pay-rel', '2026-10-08T14:00:00Z'),
        close('P4', '2026-10-08T13:00:00Z'),
      ],
      audit: [
        ev('protected_branch.destroy', 'alice-gh', 'acme/pay', 'main', '2026-10-05T14:10:00Z', { id: 'pd1' }),
        ev('protected_branch.create', 'alice-gh', 'acme/pay', 'main', '2026-10-05T15:05:00.001Z', { id: 'pc1' }),
        ev('repository_ruleset.destroy', 'alice-gh', 'acme/web', null, '2026-10-06T14:10:00Z', { id: 'rd1', ruleset_name: 'web-rules', ruleset_id: 5 }),
        ev('repository_ruleset.create', 'alice-gh', 'acme/web', null, '2026-10-06T14:50:00Z', { id: 'rc1', ruleset_name: 'other-rules', ruleset_id: 6 }),
        ev('repository_branch_protection_evaluation.disable', 'alice-gh', 'acme/pay', 'release', '2026-10-07T14:10:00Z', { id: 'ed1' }),
        ev('repository_branch_protection_evaluation.enable', 'alice-gh', 'acme/pay', null, '2026-11-20T12:00:00Z', { id: 'ee1' }),
        ev('protected_branch.policy_override', 'alice-gh', 'acme/pay', 'release', '2026-10-08T16:00:00Z', { id: 'afterClose' }),
        ev('repository_ruleset.destroy', 'bob-gh', 'acme/web', null, '2026-10-09T14:10:00Z', { id: 'ud1', ruleset_name: 'r' }),
        ev('repository_ruleset.create', 'bob-gh', 'acme/web', null, '2026-10-10T14:10:00Z', { id: 'uc1', ruleset_name: 'r' }),
        ev('repository_ruleset.destroy', 'bob-gh', 'acme/web', null, '2026-10-31T14:10:00Z', { id: 'ud2', ruleset_name: 'r' }),
      ],
      merges: { 'pay-main': ['2026-10-01T12:00:00Z'] },
    },
  },
  rising: {
    period: ['--from', '2026-06-01', '--to', '2026-10-31'], from: '2026-06-01', toExcl: '2026-11-01', asOf: '2026-11-20T00:00:00Z',
    spec: {
      config: CONFIG().replace("- { id: alice, github: alice-gh, jira: acc-alice }", "- { id: \"jos\u00e9\", github: jose-gh, jira: acc-jose }\n  - { id: alice, github: alice-gh, jira: acc-alice }").replace("roster:\n", "roster:\n  - { person: \"jos\u00e9\", gates: [pay-main], from: 2026-01-01, until: 2026-12-31 }\n"),
      ledger: [
        open('N1', 'jose\u0301', 'pay-main', '2026-06-10T14:00:00Z'),
        open('N2', 'alice', 'pay-main', '2026-07-10T14:00:00Z'),
        open('N3', 'alice', 'pay-main', '2026-08-10T14:00:00Z'),
        open('N4', 'alice', 'pay-main', '2026-08-11T14:00:00Z'),
        open('N5', 'alice', 'pay-main', '2026-10-10T14:00:00Z'),
        open('N6', 'alice', 'pay-main', '2026-10-11T14:00:00Z'),
        open('N7', 'alice', 'pay-main', '2026-10-12T14:00:00Z'),
      ],
      audit: [ev(PO, 'jose-gh', 'acme/pay', 'main', '2026-06-10T14:30:00Z')],
      issues: [issue('BGR-N1', '2026-06-10T15:00:00Z', { done: '2026-06-11T15:00:00Z', doneBy: 'acc-jose' })],
      merges: { 'pay-main': ['2026-06-02T12:00:00Z', '2026-06-03T12:00:00Z', '2026-07-02T12:00:00Z', '2026-08-02T12:00:00Z', '2026-10-02T12:00:00Z'] },
    },
  },
  ledgerOdd: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    tamper: (dir) => {
      // delete line 5 (seq 4): line 6 then shows a seq gap and a prev mismatch
      const f = `${dir}/ledger/breakglass.jsonl`;
      const lines = readFileSync(f, 'utf8').trim().split('\n');
      lines.splice(4, 1);
      writeFileSync(f, lines.join('\n') + '\n');
    },
    spec: {
      config: CONFIG().replace('- { id: web-main, name: "web / main", repo: acme/web, branch: main }', '- { id: web-main, name: "web / main", repo: acme/web, branch: main, formerRepos: [acme/old-web] }'),
      ledger: [
        open('D1', 'alice', 'web-main', '2026-07-06T13:00:00Z'),
        open('D1', 'bob', 'pay-main', '2026-07-07T13:00:00Z'),
        close('D1', '2026-07-06T14:00:00Z'),
        close('D1', '2026-07-06T16:00:00Z'),
        open('D2', 'alice', 'pay-main', '2026-07-08T13:00:00Z'),
        open('D3', 'alice', 'pay-main', '2026-07-09T13:00:00Z'),
      ],
      audit: [
        ev(PO, 'alice-gh', 'acme/old-web', 'main', '2026-07-06T13:30:00Z', { id: 'oldRepo' }),
        ev(PO, 'alice-gh', 'acme/web', 'main', '2026-07-06T15:00:00Z', { id: 'afterFirstClose' }),
        { action: 'repository_ruleset.update', actor: 'bob-gh', repo: 'acme/pay', created_at: '2026-07-10T12:00:00Z', _document_id: 'isoTime', data: { branch: 'refs/heads/main' } },
        { action: PO, actor: 'bob-gh', repo: 'acme/pay', '@timestamp': Date.parse('2026-07-11T12:00:00Z'), _document_id: 'tsOnly', data: { branch: 'main' } },
      ],
      ruleSuites: [{ id: 91, actor_name: 'Alice-GH', ref: 'refs/heads/main', repository_name: 'Web', pushed_at: '2026-07-12T10:00:00Z', result: 'bypass' }],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
  merges: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    tamper: (dir) => {
      const f = `${dir}/archive/github/merges/pay-main.ndjson`;
      const extra = [
        { number: 1, mergedAt: '2026-07-02T12:00:00Z', mergedBy: 'x', baseRef: 'main', url: 'https://github.com/acme/pay/pull/1' },
        { number: 50, mergedAt: '2026-07-03T12:00:00Z', mergedBy: 'x', baseRef: 'release', url: 'https://github.com/acme/pay/pull/50' },
        { number: 51, mergedAt: '2026-07-03T12:00:00Z', mergedBy: 'x', baseRef: 'main', url: 'https://github.com/acme/old-pay/pull/51' },
      ];
      writeFileSync(f, readFileSync(f, 'utf8') + extra.map((e) => JSON.stringify(e)).join('\n') + '\n');
    },
    spec: { config: CONFIG(), ledger: [open('MG1', 'alice', 'pay-main', '2026-07-06T13:00:00Z')], merges: { 'pay-main': ['2026-07-02T12:00:00Z', '2026-07-05T12:00:00Z'] } },
  },
  identity: {
    period: ['--month', '2026-07'], from: '2026-07-01', toExcl: '2026-08-01', asOf: '2026-08-20T00:00:00Z',
    spec: {
      config: CONFIG().replace("  - { id: rev, github: rev-gh, jira: acc-rev }", "  - { id: rev, github: rev-gh, jira: acc-rev }\n  - { id: robert, github: Robert-GH, jira: acc-robert }").replace("roster:\n", "roster:\n  - { person: robert, gates: [pay-main], from: 2026-01-01, until: 2026-12-31 }\n"),
      ledger: [
        open('I1', 'robert', 'pay-main', '2026-07-06T13:00:00Z'),
        open('I2', 'acc-alice', 'pay-main', '2026-07-07T13:00:00Z'),
      ],
      audit: [ev(PO, 'robert-gh', 'acme/pay', 'main', '2026-07-06T13:30:00Z', { id: 'loginRobert' }), ev(PO, 'alice-gh', 'acme/pay', 'main', '2026-07-07T13:30:00Z', { id: 'aliceEv' })],
      issues: [issue('BGR-I1', '2026-07-06T14:00:00Z', { done: '2026-07-07T14:00:00Z', doneBy: 'acc-robert' })],
      merges: { 'pay-main': ['2026-07-01T12:00:00Z'] },
    },
  },
};

export function buildScenario(name, dir) {
  build(dir, scenarios[name].spec);
  scenarios[name].tamper?.(dir);
}

export function runScenario(name, base = '/tmp/oracle-scn') {
  const s = scenarios[name];
  const dir = `${base}/${name}`;
  buildScenario(name, dir);
  const out = `${dir}/out`;
  rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, ['src/cli.ts', 'report', '--config', `${dir}/glasstrail.config.yaml`, ...s.period, '--as-of', s.asOf, '--generated-at', '2026-12-01T00:00:00Z', '--out', out, '--format', 'csv,json'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    if (e.status !== 0) return [`tool exit ${e.status}: ${e.stderr}`];
  }
  return compare({ configPath: `${dir}/glasstrail.config.yaml`, from: s.from, toExcl: s.toExcl, asOf: s.asOf, out });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios)) {
    const d = runScenario(name);
    console.log(`== ${name}\n${d.length ? d.join('\n') : 'NO DIFFERENCES'}`);
  }
}
