import { describe, expect, it } from 'vitest';
import { event, ledger, opened, ticket, tickets } from '../../test/rules/builders.ts';
import type { Use } from '../domain/use.ts';
import { reconcile } from './reconcile.ts';

const use = (id: string, over: Partial<Use> = {}): Use => ({
  id, sanctioned: true, actor: 'alice', gate: 'payments-main', repo: 'acme/payments', branch: 'main', scope: 'gate',
  startedAt: 0, review: null, events: [], ledgerSeqs: [], gapCodes: [], ...over,
});

describe('reconcile', () => {
  it('accounts for every bypass event, grant and Jira issue read', () => {
    const b1 = ticket('BGR-1');
    const moved = ticket('BGR-2');
    const r = reconcile({
      events: [event('a'), event('b'), event('b'), event('c'), event('w'), event('r', { action: 'protected_branch.create' })],
      restoreActions: new Set(['protected_branch.create']),
      uses: [
        use('G-1', { events: [event('a'), event('b')], review: { status: 'done', clockStartAt: 0, ticket: b1 } }),
        use('gh-x', { sanctioned: false, events: [] }),
      ],
      waived: [{ eventId: 'w', waiver: 'W-1', gate: null, repo: 'acme/payments', actor: 'bob', at: 0 }],
      outside: [{ eventId: 'c', at: 5, grant: 'G-9' }],
      ledger: ledger([opened('G-1'), opened('G-9'), opened('G-1', { at: 1 })]).entries,
      // BGR-2 was moved from OLD-7: one issue under two keys
      tickets: new Map([...tickets(b1, moved), ['OLD-7', moved]]),
    });
    expect(r).toEqual({
      bypassEvents: { read: 4, onUses: 2, waived: 1, outside: [{ eventId: 'c', at: 5, grant: 'G-9' }] },
      grants: { opened: 2, repeatedOpens: 1, uses: 1, outside: ['G-9'] },
      reviews: { issues: 2, named: 1, notNamed: ['BGR-2'] },
    });
  });
});
