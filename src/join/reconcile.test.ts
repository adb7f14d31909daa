import { describe, expect, it } from 'vitest';
import { event, ledger, opened, Q3, t, ticket, tickets } from '../../test/rules/builders.ts';
import type { Use } from '../domain/use.ts';
import { reconcile, type ReconcileInput } from './reconcile.ts';

const use = (id: string, over: Partial<Use> = {}): Use => ({
  id, sanctioned: true, actor: 'alice', gate: 'payments-main', repo: 'acme/payments', branch: 'main', scope: 'gate',
  startedAt: 0, review: null, events: [], ledgerSeqs: [], gapCodes: [], ...over,
});

const AS_OF = t('2026-09-15T00:00:00Z');

function input(over: Partial<ReconcileInput>): ReconcileInput {
  return {
    period: Q3, asOf: AS_OF, eventsRead: 0, uses: [], waived: [], outside: [],
    ledger: [], tickets: new Map(), ...over,
  };
}

describe('reconcile', () => {
  it('accounts for every bypass event, grant and Jira issue read, each outside one with why', () => {
    const b1 = ticket('BGR-1');
    const moved = ticket('BGR-2');
    const r = reconcile(input({
      eventsRead: 4,
      uses: [
        use('G-1', { events: [event('a'), event('b')], reviewKey: 'BGR-1', review: { status: 'done', clockStartAt: 0, ticket: b1 } }),
        use('gh-x', { sanctioned: false, events: [] }),
      ],
      waived: [{ eventId: 'w', waiver: 'W-1', gate: null, repo: 'acme/payments', actor: 'bob', at: 0 }],
      outside: [{ eventId: 'c', at: 5, grant: 'G-9' }],
      ledger: ledger([
        opened('G-1'),
        opened('G-9', { at: t('2026-06-20T00:00:00Z') }),
        opened('G-1', { at: t('2026-07-07T00:00:00Z') }),
        opened('G-Q4', { at: t('2026-10-02T00:00:00Z') }),
        opened('G-LATE', { at: t('2026-09-20T00:00:00Z') }),
        opened('G-DROP', { at: t('2026-08-01T00:00:00Z') }),
      ]).entries,
      // BGR-2 was moved from OLD-7: one issue under two keys
      tickets: new Map([...tickets(b1, moved), ['OLD-7', moved]]),
    }));
    expect(r).toEqual({
      bypassEvents: { read: 4, onUses: 2, waived: 1, outside: [{ eventId: 'c', at: 5, grant: 'G-9' }] },
      grants: {
        opened: 5,
        repeatedOpens: 1,
        uses: 1,
        outside: [
          { id: 'G-9', why: 'before the period' },
          { id: 'G-DROP', why: 'not kept' },
          { id: 'G-LATE', why: 'after as-of' },
          { id: 'G-Q4', why: 'after the period' },
        ],
      },
      reviews: { issues: 2, named: 1, outside: [{ id: 'BGR-2', why: 'named by no use' }] },
    });
  });

  it('an issue that reviews a grant on no use of the period says whose review it is (also under a former key)', () => {
    const q4 = ticket('BGR-9');
    const moved = { ...ticket('NEW-1'), formerKeys: ['BGR-8'] };
    const r = reconcile(input({
      ledger: ledger([opened('G-Q4', { at: t('2026-10-02T00:00:00Z'), review: 'BGR-9' }), opened('G-OLD', { at: t('2026-06-02T00:00:00Z'), review: 'BGR-8' })]).entries,
      tickets: tickets(q4, moved),
    }));
    expect(r.reviews.outside).toEqual([
      { id: 'BGR-9', why: 'review of a grant outside the period', grant: 'G-Q4' },
      { id: 'NEW-1', why: 'review of a grant outside the period', grant: 'G-OLD' },
    ]);
  });

  it('a grant outside the period names its review in lower case: still its review', () => {
    const r = reconcile(input({
      ledger: ledger([opened('G-Q4', { at: t('2026-10-02T00:00:00Z'), review: 'bgr-9' })]).entries,
      tickets: tickets(ticket('BGR-9')),
    }));
    expect(r.reviews.outside).toEqual([{ id: 'BGR-9', why: 'review of a grant outside the period', grant: 'G-Q4' }]);
  });

  it('a ticket a use names but that was created after as-of is outside "after as-of", not "named by no use"', () => {
    const late = ticket('BGR-3');
    const r = reconcile(input({
      uses: [use('G-2', { reviewKey: 'BGR-3', review: { status: 'missing', clockStartAt: 0 } })],
      tickets: tickets(late),
    }));
    expect(r.reviews).toEqual({ issues: 1, named: 0, outside: [{ id: 'BGR-3', why: 'after as-of' }] });
  });
});
