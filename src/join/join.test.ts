import { describe, expect, it } from 'vitest';
import type { AuditEvent, ReviewTicket } from '../domain/index.ts';
import {
  closed,
  config,
  DAY,
  event,
  HOUR,
  ledger,
  opened,
  Q3,
  revoked,
  t,
  ticket,
  tickets,
  waiver,
} from '../../test/rules/builders.ts';
import { joinUses, type JoinInput } from './index.ts';

const AS_OF = t('2026-10-15T04:00:00Z');
type Drafts = Parameters<typeof ledger>[0];

function join(drafts: Drafts, events: AuditEvent[], over: Partial<JoinInput> = {}) {
  return joinUses({
    config: config(),
    period: Q3,
    asOf: AS_OF,
    events,
    ledger: ledger(drafts),
    tickets: tickets(ticket('BGR-1')),
    ...over,
  });
}

/** use id -> covered event ids */
function shape(result: ReturnType<typeof joinUses>): Record<string, string[]> {
  return Object.fromEntries(result.uses.map((u) => [u.id, u.events.map((e) => e.id)]));
}

describe('covering grant', () => {
  // G-1: alice, payments-main, 14:00Z .. expires 18:00Z, tolerance 5 min
  it.each<[string, Partial<AuditEvent>, boolean]>([
    ['inside the window', {}, true],
    ['4 min before the grant (tolerance)', { at: t('2026-07-06T13:56:00Z') }, true],
    ['6 min before the grant', { at: t('2026-07-06T13:54:00Z') }, false],
    ['5 min after expiry (tolerance, inclusive)', { at: t('2026-07-06T18:05:00Z') }, true],
    ['6 min after expiry', { at: t('2026-07-06T18:06:00Z') }, false],
    ['by another person', { actor: 'bob-gh' }, false],
    ['by the same person through their Jira id (identity map)', { actor: 'acc-alice' }, true],
    ['login in another case', { actor: 'Alice-GH' }, true],
    ['gate scope, other gate of the same repo', { branch: 'release' }, false],
    ['gate scope, no branch on a repo of two gates', { branch: undefined }, false],
    ['rule suite on the gate', { kind: 'rule-suite', action: 'rule_suite.bypass' }, true],
  ])('%s', (_name, over, isCovered) => {
    const result = join([opened('G-1')], [event('doc-1', over)]);
    expect(shape(result)).toEqual(isCovered ? { 'G-1': ['doc-1'] } : { 'G-1': [], 'gh-doc-1': ['doc-1'] });
  });

  it.each<[string, 'gate' | 'repo' | 'org-admin', Partial<AuditEvent>, boolean]>([
    ['repo scope reaches another gate of the repo', 'repo', { branch: 'release' }, true],
    ['repo scope reaches a non-gate branch of the repo', 'repo', { branch: 'feature' }, true],
    ['repo scope does not reach another repo', 'repo', { repo: 'acme/web' }, false],
    ['org-admin reaches another repo', 'org-admin', { repo: 'acme/web' }, true],
    ['org-admin reaches an unconfigured repo', 'org-admin', { repo: 'acme/other' }, true],
  ])('%s', (_name, scope, over, isCovered) => {
    const result = join([opened('G-1', { scope })], [event('doc-1', over)]);
    expect(result.uses.find((u) => u.id === 'G-1')?.events.map((e) => e.id)).toEqual(isCovered ? ['doc-1'] : []);
  });

  // acme/payments was kestrel/payments until a transfer: audit entries keep the name of their day
  const renamed = config({
    gates: [
      { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main', formerRepos: ['kestrel/payments'] },
      { id: 'payments-release', name: 'payments / release', repo: 'acme/payments', branch: 'release', formerRepos: ['kestrel/payments'] },
      { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main' },
    ],
  });
  it.each<[string, 'gate' | 'repo', Partial<AuditEvent>, boolean]>([
    ['gate scope, event under the former name', 'gate', { repo: 'Kestrel/Payments' }, true],
    ['repo scope, other branch under the former name', 'repo', { repo: 'kestrel/payments', branch: 'feature' }, true],
    ['gate scope, former name of another repo', 'gate', { repo: 'kestrel/web' }, false],
  ])('formerRepos: %s', (_name, scope, over, isCovered) => {
    const result = join([opened('G-1', { scope })], [event('doc-1', over)], { config: renamed });
    expect(result.uses.find((u) => u.id === 'G-1')?.events.map((e) => e.id)).toEqual(isCovered ? ['doc-1'] : []);
  });

  it('a close ends the window before expiry; ledgerSeqs holds both entries', () => {
    const result = join(
      [opened('G-1'), closed('G-1', t('2026-07-06T15:00:00Z'))],
      [event('in', { at: t('2026-07-06T15:04:00Z') }), event('out', { at: t('2026-07-06T15:06:00Z') })],
    );
    expect(shape(result)).toEqual({ 'G-1': ['in'], 'gh-out': ['out'] });
    const use = result.uses[0];
    expect(use?.endedAt).toBe(t('2026-07-06T15:00:00Z'));
    expect(use?.ledgerSeqs).toEqual([0, 1]);
  });

  it('the first close counts', () => {
    const result = join(
      [opened('G-1'), closed('G-1', t('2026-07-06T15:00:00Z')), closed('G-1', t('2026-07-06T17:00:00Z'))],
      [event('late', { at: t('2026-07-06T16:00:00Z') })],
    );
    expect(shape(result)).toEqual({ 'G-1': [], 'gh-late': ['late'] });
    expect(result.uses[0]?.ledgerSeqs).toEqual([0, 1]);
  });

  it('a close dated before its opening, or on a line before it, is no end: the grant runs to its expiry', () => {
    for (const drafts of [
      [opened('G-1'), closed('G-1', t('2026-07-06T13:00:00Z'))],
      [closed('G-1', t('2026-07-06T15:00:00Z')), opened('G-1')],
    ]) {
      const result = join(drafts, [event('in', { at: t('2026-07-06T16:00:00Z') })]);
      expect(shape(result)).toEqual({ 'G-1': ['in'] });
      expect(result.uses[0]?.endedAt).toBeUndefined();
    }
  });

  it('a ledger entry after as-of has not happened yet: no use, no close', () => {
    const asOf = t('2026-07-06T16:00:00Z');
    const result = join(
      [opened('G-1'), closed('G-1', t('2026-07-06T17:00:00Z')), opened('G-2', { at: t('2026-07-06T16:30:00Z') })],
      [],
      { asOf },
    );
    expect(result.uses.map((u) => u.id)).toEqual(['G-1']);
    expect(result.uses[0]?.endedAt).toBeUndefined();
  });

  it('what stands is settled over the whole ledger, then cut at as-of (as verify reads it)', () => {
    const asOf = t('2026-07-15T00:00:00Z');
    // line 1 opens G-1 (after as-of), line 2 opens G-1 again, dated before as-of: verify says line 2 is ignored
    const grants = join(
      [opened('G-1', { at: t('2026-07-20T14:00:00Z') }), opened('G-1', { actor: 'bob', at: t('2026-07-06T14:00:00Z') })],
      [event('doc-1', { actor: 'bob-gh', at: t('2026-07-06T14:05:00Z') })],
      { asOf },
    );
    expect(shape(grants)).toEqual({ 'gh-doc-1': ['doc-1'] });
    // the first revocation line stands (20 July, after as-of): at as-of the waiver was not revoked yet
    const waivers = join(
      [waiver('W-1'), revoked('W-1', t('2026-07-20T00:00:00Z')), revoked('W-1', t('2026-07-09T00:00:00Z'))],
      [event('doc-2', { at: t('2026-07-10T14:00:00Z') })],
      { asOf },
    );
    expect(waivers.uses).toEqual([]);
    expect(waivers.waived.map((w) => w.eventId)).toEqual(['doc-2']);
  });

  it('a grant with neither close nor expiry has no end', () => {
    const result = join([opened('G-1', { expiresAt: undefined })], [event('doc-1', { at: t('2026-09-20T12:00:00Z') })]);
    expect(shape(result)).toEqual({ 'G-1': ['doc-1'] });
  });

  it('several covering grants: narrowest scope wins', () => {
    const result = join(
      [opened('G-org', { scope: 'org-admin' }), opened('G-repo', { scope: 'repo' }), opened('G-gate')],
      [event('doc-1')],
    );
    expect(shape(result)).toEqual({ 'G-gate': ['doc-1'], 'G-org': [], 'G-repo': [] });
  });

  it('same scope: the latest grant opened at or before the event, else the earliest after it', () => {
    const result = join(
      [
        opened('G-a', { at: t('2026-07-06T13:00:00Z') }),
        opened('G-b', { at: t('2026-07-06T14:00:00Z') }),
        opened('G-c', { at: t('2026-07-06T14:33:00Z') }),
        opened('G-d', { at: t('2026-07-06T14:34:00Z') }),
      ],
      [event('e1', { at: t('2026-07-06T14:30:00Z') }), event('e2', { at: t('2026-07-06T12:57:00Z') })],
    );
    expect(shape(result)).toEqual({ 'G-a': ['e2'], 'G-b': ['e1'], 'G-c': [], 'G-d': [] });
  });

  it('same scope and time: the lower grant id', () => {
    const result = join([opened('G-2'), opened('G-1')], [event('doc-1')]);
    expect(shape(result)).toEqual({ 'G-1': ['doc-1'], 'G-2': [] });
  });

  it('covered events are sorted by time then id', () => {
    const result = join(
      [opened('G-1')],
      [event('b', { at: t('2026-07-06T15:00:00Z') }), event('c', { at: t('2026-07-06T14:10:00Z') }), event('a', { at: t('2026-07-06T15:00:00Z') })],
    );
    expect(shape(result)).toEqual({ 'G-1': ['c', 'a', 'b'] });
  });
});

describe('uses in the period', () => {
  it('grants and events are uses by their start; ids and order', () => {
    const result = join(
      [
        opened('G-before', { at: t('2026-06-30T14:00:00Z'), expiresAt: t('2026-07-01T14:00:00Z') }),
        opened('G-in', { at: t('2026-08-03T14:00:00Z'), expiresAt: t('2026-08-03T16:00:00Z') }),
        opened('G-after', { at: t('2026-10-01T04:00:00Z') }),
      ],
      [
        // covered by a grant of the previous period: neither a use nor unsanctioned
        event('covered-by-before', { at: t('2026-07-01T10:00:00Z') }),
        // uncovered, before the period
        event('old', { at: t('2026-06-01T10:00:00Z') }),
        event('rs-77', { at: t('2026-07-02T10:00:00Z'), actor: 'bob-gh', branch: 'release' }),
        event('x-1', { at: t('2026-07-02T10:00:00Z'), actor: 'mallory', repo: 'acme/other' }),
        // 23:59 local on Sept 30 is still Q3
        event('last', { at: t('2026-10-01T03:59:00Z') }),
      ],
    );
    expect(result.uses.map((u) => u.id)).toEqual(['gh-rs-77', 'gh-x-1', 'G-in', 'gh-last']);
    const rs = result.uses[0];
    expect(rs).toMatchObject({ sanctioned: false, actor: 'bob', gate: 'payments-release', scope: null, review: null });
    expect(rs?.ledgerSeqs).toEqual([]);
    expect(result.uses[1]).toMatchObject({ actor: 'mallory', gate: null, repo: 'acme/other', branch: 'main' });
    expect(result.uses[2]).toMatchObject({ sanctioned: true, gate: 'payments-main', repo: 'acme/payments', branch: 'main', events: [] });
  });

  it('restore events are never uses', () => {
    const result = join([], [
      event('r-1', { action: 'protected_branch.create' }),
      event('r-2', { action: 'repository_ruleset.create' }),
      event('r-3', { action: 'repository_branch_protection_evaluation.enable' }),
    ]);
    expect(result.uses).toEqual([]);
  });

  it('restoreActions can be overridden', () => {
    const result = join([], [event('r-1', { action: 'protected_branch.create' })], { restoreActions: [] });
    expect(result.uses.map((u) => u.id)).toEqual(['gh-r-1']);
  });

  it('a grant on a gate id the config lacks keeps its gate with no repo', () => {
    const result = join([opened('G-1', { gate: 'ghost' })], []);
    expect(result.uses[0]).toMatchObject({ gate: 'ghost', repo: '', branch: null });
  });
});

describe('waivers', () => {
  const ev = (id: string, over: Partial<AuditEvent> = {}) => event(id, { at: t('2026-07-10T14:00:00Z'), ...over });
  it.each<[string, Drafts, Partial<AuditEvent>, boolean]>([
    ['inside the window, gate matches', [waiver('W-1')], {}, true],
    ['at the exact grant time', [waiver('W-1', { at: t('2026-07-10T14:00:00Z') })], {}, true],
    ['before the waiver (no tolerance)', [waiver('W-1', { at: t('2026-07-10T14:01:00Z') })], {}, false],
    ['after expiry', [waiver('W-1', { expiresAt: t('2026-07-10T13:59:00Z') })], {}, false],
    ['no expiry', [waiver('W-1', { expiresAt: undefined })], {}, true],
    ['revoked before the event', [waiver('W-1'), revoked('W-1', t('2026-07-09T00:00:00Z'))], {}, false],
    ['revoked after the event', [waiver('W-1'), revoked('W-1', t('2026-07-11T00:00:00Z'))], {}, true],
    // the first revocation line stands, as `verify` says, even when a later line is dated earlier
    ['revoked after the event, then again dated before it', [waiver('W-1'), revoked('W-1', t('2026-07-11T00:00:00Z')), revoked('W-1', t('2026-07-09T00:00:00Z'))], {}, true],
    ['revoked before the event, then again dated after it', [waiver('W-1'), revoked('W-1', t('2026-07-09T00:00:00Z')), revoked('W-1', t('2026-07-11T00:00:00Z'))], {}, false],
    // a revocation on a line before the waiver's grant revokes nothing ("no earlier line grants it")
    ['a revocation line before the grant line', [revoked('W-1', t('2026-07-09T00:00:00Z')), waiver('W-1')], {}, true],
    // a revocation dated before its grant is honoured: the waiver covers nothing
    ['revoked at a time before it was granted', [waiver('W-1'), revoked('W-1', t('2026-06-30T00:00:00Z'))], {}, false],
    // a second grant of the same id is ignored, its window too
    ['granted again later with a window that would hold the event', [waiver('W-1', { expiresAt: t('2026-07-05T00:00:00Z') }), waiver('W-1')], {}, false],
    ['other gate', [waiver('W-1', { gate: 'web-main' })], {}, false],
    ['event on no gate', [waiver('W-1')], { repo: 'acme/other' }, false],
    ['named actor matches (login -> person)', [waiver('W-1', { actor: 'alice' })], {}, true],
    ['named actor differs', [waiver('W-1', { actor: 'bob' })], {}, false],
  ])('%s', (_name, drafts, over, isWaived) => {
    const result = join(drafts, [ev('doc-1', over)]);
    expect(result.uses.map((u) => u.id)).toEqual(isWaived ? [] : ['gh-doc-1']);
    expect(result.waived.map((w) => `${w.eventId}:${w.waiver}`)).toEqual(isWaived ? ['doc-1:W-1'] : []);
  });

  it('a covered event is not waived; a waived event outside the period is not listed', () => {
    const result = join(
      [waiver('W-1', { at: t('2026-06-01T00:00:00Z') }), opened('G-1', { at: t('2026-07-10T13:00:00Z'), expiresAt: t('2026-07-10T15:00:00Z') })],
      [ev('doc-1'), ev('doc-0', { at: t('2026-06-20T00:00:00Z') })],
    );
    expect(shape(result)).toEqual({ 'G-1': ['doc-1'] });
    expect(result.waived).toEqual([]);
  });

  it('waived event record', () => {
    const result = join([waiver('W-1')], [ev('doc-1', { actor: 'alice-gh' })]);
    expect(result.waived).toEqual([
      { eventId: 'doc-1', waiver: 'W-1', gate: 'payments-main', repo: 'acme/payments', actor: 'alice', at: t('2026-07-10T14:00:00Z') },
    ]);
  });

  it('waiver states at as-of', () => {
    const asOf = t('2026-08-10T14:00:00Z');
    const result = join(
      [
        waiver('W-open', { at: t('2026-07-01T14:00:00Z'), expiresAt: undefined }),
        waiver('W-expired', { at: t('2026-07-01T14:00:00Z'), expiresAt: t('2026-08-01T00:00:00Z') }),
        waiver('W-revoked', { at: t('2026-07-02T14:00:00Z'), expiresAt: undefined }),
        revoked('W-revoked', t('2026-07-05T00:00:00Z')),
        waiver('W-revoked-later', { at: t('2026-07-03T14:00:00Z'), expiresAt: undefined }),
        revoked('W-revoked-later', t('2026-09-01T00:00:00Z')),
        waiver('W-future', { at: t('2026-08-20T00:00:00Z') }),
      ],
      [],
      { asOf },
    );
    expect(result.waivers.map((w) => [w.waiver.waiver, w.openAtAsOf, w.ageDays ?? null, w.revokedAt ?? null])).toEqual([
      ['W-expired', false, null, null],
      ['W-open', true, 40, null],
      ['W-revoked', false, null, t('2026-07-05T00:00:00Z')],
      ['W-revoked-later', true, 38, null],
    ]);
  });
});

describe('review', () => {
  const grantAt = t('2026-07-06T14:00:00Z'); // Mon 10:00 local; due Thu 07-09 00:00 local (2 business days)
  const due = t('2026-07-09T04:00:00Z');
  function reviewWith(tk: ReviewTicket | undefined, over: Partial<JoinInput> = {}, grantOver = {}) {
    const result = join([opened('G-1', grantOver)], [], { tickets: tickets(...(tk ? [tk] : [])), ...over });
    return result.uses[0]?.review;
  }
  const doneAt = (iso: string, author = 'acc-bob') =>
    ({ at: t(iso), historyId: iso, author, toId: '10001', toCategory: 'done' }) as const;
  const reopenAt = (iso: string) => ({ at: t(iso), historyId: iso, toId: '3', toCategory: 'indeterminate' }) as const;

  it.each<[string, Record<string, unknown>]>([
    ['no review key', { review: undefined }],
    ['blank review key', { review: '  ' }],
    ['key with no ticket', { review: 'BGR-404' }],
  ])('missing: %s', (_name, grantOver) => {
    const review = reviewWith(ticket('BGR-1'), {}, grantOver);
    expect(review?.status).toBe('missing');
    expect(review?.dueAt).toBe(due);
    expect(review?.slaMet).toBe(false);
  });

  it('a review key in lower case names the issue (Jira keys are case-insensitive; collect fetched it)', () => {
    const review = reviewWith(ticket('BGR-1', { transitions: [doneAt('2026-07-07T15:00:00Z')] }), {}, { review: 'bgr-1' });
    expect(review?.status).toBe('done');
    expect(review?.ticket?.key).toBe('BGR-1');
  });

  it('completed at the earliest done transition whatever the array order; reopen does not undo', () => {
    const review = reviewWith(
      ticket('BGR-1', {
        transitions: [doneAt('2026-07-10T15:00:00Z', 'acc-carol'), reopenAt('2026-07-08T00:00:00Z'), doneAt('2026-07-07T15:00:00Z')],
      }),
    );
    expect(review).toMatchObject({
      status: 'done',
      completedAt: t('2026-07-07T15:00:00Z'),
      reviewer: 'bob',
      clockStartAt: grantAt,
      dueAt: due,
      businessDays: 1,
      slaMet: true,
      followUp: 'postmortem PM-7',
    });
  });

  it('done transitions at the same instant: the lower history id counts, compared as numbers', () => {
    const at = t('2026-07-07T15:00:00Z');
    const review = reviewWith(
      ticket('BGR-1', {
        transitions: [
          { at, historyId: '10', author: 'acc-carol', toId: '10001', toCategory: 'done' },
          { at, historyId: '9', author: 'acc-bob', toId: '10001', toCategory: 'done' },
        ],
      }),
    );
    // as strings "10" < "9" and carol would be the reviewer
    expect(review).toMatchObject({ status: 'done', completedAt: at, reviewer: 'bob' });
  });

  it('a move to a status the archive does not know: exit 3 when it could be the completion, by as-of; not after a known done move, nor after as-of', () => {
    const unknown = { at: t('2026-07-08T15:00:00Z'), historyId: '11', author: 'acc-bob', toId: '10009', toName: 'Approved', toUnknown: 'not-in-catalogue' as const };
    const judged = (transitions: ReviewTicket['transitions'], asOf?: number) => () => reviewWith(ticket('BGR-1', { transitions }), asOf === undefined ? {} : { asOf });
    expect(judged([unknown])).toThrow(/moves it to status id 10009 \("Approved"\), which is in neither jira\/statuses\.json nor any archived issue/);
    expect(judged([{ ...doneAt('2026-07-09T15:00:00Z'), historyId: '12' }, unknown])).toThrow(/status id 10009/);
    // a known done move first decides it, also at the same instant with a lower history id
    expect(judged([doneAt('2026-07-07T15:00:00Z'), unknown])()).toMatchObject({ status: 'done', completedAt: t('2026-07-07T15:00:00Z') });
    const tie = { ...doneAt('2026-07-08T15:00:00Z'), historyId: '10' };
    expect(judged([tie, unknown])()).toMatchObject({ status: 'done', completedAt: unknown.at });
    expect(judged([{ ...tie, historyId: '12' }, unknown])).toThrow(/status id 10009/);
    // after as-of the move has not happened yet: the review is open as of then
    expect(judged([unknown], t('2026-07-08T00:00:00Z'))()).toMatchObject({ status: 'open' });
  });

  it('a done transition after as-of has not happened: open, resolutiondate ignored', () => {
    const review = reviewWith(
      ticket('BGR-1', { transitions: [doneAt('2026-07-20T15:00:00Z')], resolutionDate: t('2026-07-07T00:00:00Z') }),
      { asOf: t('2026-07-15T00:00:00Z') },
    );
    expect(review?.status).toBe('open');
    expect(review?.completedAt).toBeUndefined();
    expect(review?.businessDays).toBeUndefined();
    expect(review?.slaMet).toBe(false);
  });

  it('open and not yet due: slaMet undefined', () => {
    const review = reviewWith(ticket('BGR-1', { transitions: [] }), { asOf: due - 1 });
    expect(review).toMatchObject({ status: 'open', dueAt: due });
    expect(review?.slaMet).toBeUndefined();
  });

  it('resolutiondate stands in only when the changelog has no done transition', () => {
    const review = reviewWith(ticket('BGR-1', { transitions: [], resolutionDate: t('2026-07-09T13:00:00Z') }));
    expect(review).toMatchObject({ status: 'done', completedAt: t('2026-07-09T13:00:00Z'), slaMet: false, businessDays: 3 });
    expect(review?.reviewer).toBeUndefined();
  });

  it('completed exactly at due is late', () => {
    const review = reviewWith(ticket('BGR-1', { transitions: [doneAt('2026-07-09T04:00:00Z')] }));
    expect(review?.slaMet).toBe(false);
  });

  it('the reviewer field beats the transition author; both resolve to person ids', () => {
    expect(reviewWith(ticket('BGR-1', { reviewerField: 'acc-carol' }))?.reviewer).toBe('carol');
    expect(reviewWith(ticket('BGR-1', { reviewerField: '  ' }))?.reviewer).toBe('bob');
    expect(reviewWith(ticket('BGR-1', { transitions: [doneAt('2026-07-07T15:00:00Z', 'acc-unknown')] }))?.reviewer).toBe(
      'acc-unknown',
    );
  });

  it('an actor the ledger spells in another Unicode normal form than the config is that person: the grant covers their events, their own review is theirs', () => {
    const jose = { id: 'jos\u00e9', github: 'jose-gh', jira: 'acc-jose' };
    const result = join([opened('G-1', { actor: 'jose\u0301' })], [event('doc-1', { actor: 'jose-gh' })], {
      config: config({ people: [jose] }),
      tickets: tickets(ticket('BGR-1', { transitions: [doneAt('2026-07-07T15:00:00Z', 'acc-jose')] })),
    });
    expect(shape(result)).toEqual({ 'G-1': ['doc-1'] });
    const use = result.uses[0];
    expect(use?.actor).toBe('jos\u00e9');
    expect(use?.review?.reviewer).toBe(use?.actor);
  });

  it('the reviewer field as it was at as-of: a later change has not happened yet', () => {
    const asOf = t('2026-08-01T00:00:00Z');
    const change = (iso: string, from: string | undefined, to: string | undefined) => ({ at: t(iso), field: 'customfield_10100', ...(from ? { from } : {}), ...(to ? { to } : {}) });
    // set to alice only after as-of: at as-of it was empty, so the done transition's author counts
    const setLater = ticket('BGR-1', { reviewerField: 'acc-alice', reviewerChanges: [change('2026-08-05T00:00:00Z', undefined, 'acc-alice')] });
    expect(reviewWith(setLater, { asOf })?.reviewer).toBe('bob');
    // carol then, alice now
    const changedLater = ticket('BGR-1', {
      reviewerField: 'acc-alice',
      reviewerChanges: [change('2026-07-07T10:00:00Z', undefined, 'acc-carol'), change('2026-08-05T00:00:00Z', 'acc-carol', 'acc-alice')],
    });
    expect(reviewWith(changedLater, { asOf })?.reviewer).toBe('carol');
    // every change before as-of: today's value stands
    expect(reviewWith(changedLater, { asOf: t('2026-09-01T00:00:00Z') })?.reviewer).toBe('alice');
  });

  it('a ticket created after as-of did not exist yet: the review is missing', () => {
    const asOf = t('2026-08-01T00:00:00Z');
    expect(reviewWith(ticket('BGR-1', { created: t('2026-08-02T00:00:00Z') }), { asOf })?.status).toBe('missing');
    expect(reviewWith(ticket('BGR-1', { created: t('2026-07-06T15:00:00Z') }), { asOf })?.status).toBe('done');
  });

  it.each<[string, Partial<ReviewTicket>, string | undefined]>([
    ['text', { followUpText: 'fix the pipeline' }, 'fix the pipeline'],
    ['blank text falls back to links', { followUpText: ' ', links: ['OPS-1', 'OPS-2'] }, 'OPS-1;OPS-2'],
    ['text wins over links', { followUpText: 'x', links: ['OPS-1'] }, 'x'],
    ['neither', { followUpText: undefined, links: [] }, undefined],
  ])('follow-up: %s', (_name, over, expected) => {
    expect(reviewWith(ticket('BGR-1', over))?.followUp).toBe(expected);
  });

  it('clockStart grant-end: the close, else expiry, else the grant time', () => {
    const c = config({ review: { slaBusinessDays: 2, clockStart: 'grant-end' } });
    // closed Thu 07-09 -> due Tue 07-14 00:00 local (Fri 10, Mon 13)
    const closedUse = joinUses({
      config: c,
      period: Q3,
      asOf: AS_OF,
      events: [],
      ledger: ledger([opened('G-1', { expiresAt: t('2026-07-20T00:00:00Z') }), closed('G-1', t('2026-07-09T14:00:00Z'))]),
      tickets: tickets(),
    }).uses[0];
    expect(closedUse?.review?.clockStartAt).toBe(t('2026-07-09T14:00:00Z'));
    expect(closedUse?.review?.dueAt).toBe(t('2026-07-14T04:00:00Z'));
    const run = (drafts: Drafts) =>
      joinUses({ config: c, period: Q3, asOf: AS_OF, events: [], ledger: ledger(drafts), tickets: tickets() }).uses[0]?.review
        ?.clockStartAt;
    expect(run([opened('G-1', { expiresAt: grantAt + 5 * HOUR })])).toBe(grantAt + 5 * HOUR);
    expect(run([opened('G-1', { expiresAt: undefined })])).toBe(grantAt);
  });

  it('the July 3 holiday and weekend push the due date', () => {
    // Thu 07-02 -> business days Mon 07-06, Tue 07-07 -> due Wed 07-08 00:00 local
    const review = reviewWith(ticket('BGR-1'), {}, { at: t('2026-07-02T14:00:00Z'), expiresAt: t('2026-07-02T16:00:00Z') });
    expect(review?.dueAt).toBe(t('2026-07-08T04:00:00Z'));
  });
});

describe('robustness', () => {
  it('a duplicate event id and a repeated grant id do not make double uses', () => {
    const drafts: Drafts = [opened('G-1'), opened('G-1', { at: t('2026-07-08T14:00:00Z') })];
    const result = join(drafts, [event('doc-1'), event('doc-1')]);
    expect(shape(result)).toEqual({ 'G-1': ['doc-1'] });
    expect(result.uses[0]?.startedAt).toBe(t('2026-07-06T14:00:00Z'));
  });

  it('an empty world joins to nothing', () => {
    expect(join([], [])).toEqual({ uses: [], waived: [], waivers: [], outside: [], eventsRead: 0 });
  });

  it('ages an old waiver in whole days', () => {
    const result = join([waiver('W-1', { at: AS_OF - 10 * DAY - HOUR, expiresAt: undefined })], []);
    expect(result.waivers[0]?.ageDays).toBe(10);
  });
});

describe('events on no use of the period (the reconciliation)', () => {
  it('names each with its covering grant, if any; uses, waived and outside account for every bypass read', () => {
    const before = t('2026-06-30T23:58:00Z'); // inside the read window (period start less the tolerance)
    const after = t('2026-10-02T14:30:00Z');
    const result = join(
      [
        opened('G-1'),
        opened('G-Q4', { at: t('2026-10-02T14:00:00Z'), expiresAt: t('2026-10-02T18:00:00Z') }),
        waiver('W-1', { at: t('2026-07-10T00:00:00Z'), expiresAt: t('2026-07-20T00:00:00Z') }),
      ],
      [
        event('on-use'),
        event('early', { at: before, actor: 'bob-gh' }),
        event('q4', { at: after }),
        event('waived', { at: t('2026-07-12T10:00:00Z'), actor: 'bob-gh' }),
        event('unsanctioned', { at: t('2026-07-13T10:00:00Z'), actor: 'bob-gh', branch: 'release' }),
        event('restore', { action: 'protected_branch.create' }),
      ],
    );
    expect(result.outside).toEqual([
      { eventId: 'early', at: before, grant: null },
      { eventId: 'q4', at: after, grant: 'G-Q4' },
    ]);
    expect(result.waived.map((w) => w.eventId)).toEqual(['waived']);
    expect(shape(result)).toEqual({ 'G-1': ['on-use'], 'gh-unsanctioned': ['unsanctioned'] });
    // every bypass read, once (the restore is none): 2 on uses + 1 waived + 2 outside
    expect(result.eventsRead).toBe(5);
  });
});
