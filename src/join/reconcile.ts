/**
 * The population's reconciliation: every record read, accounted for. An auditor ties the
 * population out to its sources (completeness): each bypass event read is on a use of the
 * period, waived, or outside the period; each grant opened in the ledger is a use of the period
 * or opened outside it; each Jira issue read is the review of a use of the period or not.
 * Pure: it counts what the archive read and the join already hold.
 */
import type { AuditEvent } from '../domain/events.ts';
import type { LedgerEntry } from '../domain/ledger.ts';
import type { Reconciliation } from '../domain/report.ts';
import type { ReviewTicket } from '../domain/review.ts';
import type { Use, WaivedEvent } from '../domain/use.ts';
import type { OutsideEvent } from './index.ts';

export interface ReconcileInput {
  /** the events read from the archive (bypass and restore), as the join got them */
  events: readonly AuditEvent[];
  restoreActions: ReadonlySet<string>;
  uses: readonly Use[];
  waived: readonly WaivedEvent[];
  outside: readonly OutsideEvent[];
  ledger: readonly LedgerEntry[];
  tickets: ReadonlyMap<string, ReviewTicket>;
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const read = new Set<string>();
  for (const e of input.events) if (!input.restoreActions.has(e.action)) read.add(e.id);
  const onUses = new Set<string>();
  for (const u of input.uses) for (const e of u.events) onUses.add(e.id);

  const opened = input.ledger.filter((e) => e.type === 'grant.opened');
  const grantIds = new Set(opened.map((e) => e.grant));
  const useGrants = new Set(input.uses.filter((u) => u.sanctioned).map((u) => u.id));

  // A moved issue is filed under each of its keys: count issues, not keys.
  const issues = new Set(input.tickets.values());
  const named = new Set<ReviewTicket>();
  for (const u of input.uses) if (u.review?.ticket) named.add(u.review.ticket);

  return {
    bypassEvents: { read: read.size, onUses: onUses.size, waived: input.waived.length, outside: [...input.outside] },
    grants: {
      opened: grantIds.size,
      repeatedOpens: opened.length - grantIds.size,
      uses: useGrants.size,
      outside: [...grantIds].filter((id) => !useGrants.has(id)).sort(),
    },
    reviews: {
      issues: issues.size,
      named: named.size,
      notNamed: [...issues].filter((t) => !named.has(t)).map((t) => t.key).sort(),
    },
  };
}
