/**
 * Reviews that the gap rules accept but an auditor should look at twice (population notes, not
 * findings: CONTRACT §7 has no rule for them). A review completed before its grant opened is on
 * time by the SLA rule ("completed < due"), yet a ticket closed before the use cannot record a
 * review of it: an old, done ticket named in a new grant passes every review rule. One ticket
 * named by several grants may review them all, or none but the first.
 */
import type { Use } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';

/** Uses named per note; the rest are counted. */
const LISTED = 20;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join('; ');
  return items.length > LISTED ? `${shown}; and ${items.length - LISTED} more` : shown;
}

export function reviewNotes(uses: readonly Use[], zone: string): string[] {
  const early: string[] = [];
  const byTicket = new Map<string, string[]>();
  for (const use of uses) {
    const review = use.review;
    if (!use.sanctioned || review === null) continue;
    if (review.completedAt !== undefined && review.completedAt < use.startedAt) {
      early.push(`${use.id} (review ${review.ticket?.key ?? use.reviewKey ?? '?'} completed ${formatLocal(review.completedAt, zone)}, grant opened ${formatLocal(use.startedAt, zone)})`);
    }
    const key = review.ticket?.key;
    if (key !== undefined) {
      const named = byTicket.get(key);
      if (named) named.push(use.id);
      else byTicket.set(key, [use.id]);
    }
  }
  const notes: string[] = [];
  if (early.length > 0) {
    notes.push(
      `${early.length} use(s) name a review completed before the grant opened, which the SLA rule counts as on time though a ticket closed before the use cannot record a review of it: ${listed(early)}; check that each ticket reviews this use`,
    );
  }
  const shared = [...byTicket].filter(([, ids]) => ids.length > 1).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (shared.length > 0) {
    notes.push(
      `${shared.length} review ticket(s) are named by more than one grant of the period: ${listed(shared.map(([key, ids]) => `${key} by ${ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ')}`))}; check that each ticket reviews every use that names it`,
    );
  }
  return notes;
}
