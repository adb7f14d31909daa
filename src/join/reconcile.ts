/**
 * The population's reconciliation: every record read, accounted for. An auditor ties the
 * population out to its sources (completeness): each bypass event read is on a use of the
 * period, waived, or outside the period; each grant opened in the ledger is a use of the period
 * or named with why it is none; each Jira issue read is the review of a use of the period or
 * named with why it is none. Pure: it counts what the archive read and the join already hold.
 */
import type { LedgerEntry } from '../domain/ledger.ts';
import type { Period } from '../domain/period.ts';
import type { Reconciliation, RecordOutside } from '../domain/report.ts';
import type { ReviewTicket } from '../domain/review.ts';
import type { Use, WaivedEvent } from '../domain/use.ts';
import type { OutsideEvent } from './index.ts';
import { ticketFor } from './review.ts';

export interface ReconcileInput {
  period: Period;
  asOf: number;
  /** distinct bypass events the join read (JoinResult.eventsRead) */
  eventsRead: number;
  uses: readonly Use[];
  waived: readonly WaivedEvent[];
  outside: readonly OutsideEvent[];
  ledger: readonly LedgerEntry[];
  tickets: ReadonlyMap<string, ReviewTicket>;
}

/** Why a grant opened at `at` is on no use of the period. */
function when(period: Period, asOf: number, at: number): RecordOutside['why'] {
  if (at < period.start) return 'before the period';
  if (at >= period.end) return 'after the period';
  return at > asOf ? 'after as-of' : 'not kept';
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const { period, asOf } = input;
  const onUses = new Set<string>();
  for (const u of input.uses) for (const e of u.events) onUses.add(e.id);

  // The first opening of each id (the one the join would keep); later ones are repeats. The
  // review keys the grants name, to say whose review an issue of no use of the period is.
  const firstOpen = new Map<string, number>();
  const reviewOf = new Map<string, string>();
  let opens = 0;
  for (const e of input.ledger) {
    if (e.type !== 'grant.opened') continue;
    opens++;
    if (!firstOpen.has(e.grant)) firstOpen.set(e.grant, e.at);
    const key = e.review?.trim();
    // upper case, as Jira spells keys (ticketFor)
    if (key && !reviewOf.has(key.toUpperCase())) reviewOf.set(key.toUpperCase(), e.grant);
  }
  const useGrants = new Set(input.uses.filter((u) => u.sanctioned).map((u) => u.id));

  // A moved issue is filed under each of its keys: count issues, not keys. A use names its
  // ticket by key; one created after as-of did not exist yet, so the use has none attached.
  const issues = new Set(input.tickets.values());
  const named = new Set<ReviewTicket>();
  const tooLate = new Set<ReviewTicket>();
  for (const u of input.uses) {
    if (u.review?.ticket) named.add(u.review.ticket);
    else if (u.reviewKey !== undefined) {
      const ticket = ticketFor(input.tickets, u.reviewKey);
      if (ticket) tooLate.add(ticket);
    }
  }
  const byKey = (a: RecordOutside, b: RecordOutside) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  return {
    bypassEvents: { read: input.eventsRead, onUses: onUses.size, waived: input.waived.length, outside: [...input.outside] },
    grants: {
      opened: firstOpen.size,
      repeatedOpens: opens - firstOpen.size,
      uses: useGrants.size,
      outside: [...firstOpen].filter(([id]) => !useGrants.has(id)).map(([id, at]) => ({ id, why: when(period, asOf, at) })).sort(byKey),
    },
    reviews: {
      issues: issues.size,
      named: named.size,
      outside: [...issues]
        .filter((t) => !named.has(t))
        .map((t): RecordOutside => {
          if (tooLate.has(t)) return { id: t.key, why: 'after as-of' };
          const grant = reviewOf.get(t.key.toUpperCase()) ?? t.formerKeys?.map((k) => reviewOf.get(k.toUpperCase())).find((g) => g !== undefined);
          return grant === undefined ? { id: t.key, why: 'named by no use' } : { id: t.key, why: 'review of a grant outside the period', grant };
        })
        .sort(byKey),
    },
  };
}
