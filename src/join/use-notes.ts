/**
 * Uses the gap rules accept but an auditor should look at twice (population notes, not
 * findings: CONTRACT §7 has no rule for them).
 *
 * Reviews: a review completed before its grant opened is on time by the SLA rule ("completed <
 * due"), yet a ticket closed before the use cannot record a review of it: an old, done ticket
 * named in a new grant passes every review rule. One ticket named by several grants may review
 * them all, or none but the first.
 *
 * Grants closed after their expiry: a grant's window ends at its close when it has one, else at
 * its expiry (CONTRACT §7), so a grant closed late covers events after it expired, and
 * GRANT_TOO_LONG (expiresAt − at) does not see it.
 */
import type { LedgerEntry, LedgerVerification } from '../domain/ledger.ts';
import type { Use, WaivedEvent, WaiverState } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';
import { listSome } from '../util/text.ts';

/** Uses named per note; the rest are counted. */
const LISTED = 20;

const listed = (items: readonly string[]): string => listSome(items, LISTED, '; ');

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
      `${shared.length} review ticket(s) are named by more than one grant of the period: ${listed(shared.map(([key, ids]) => `${key} by ${listSome(ids, 5, ', ')}`))}; check that each ticket reviews every use that names it`,
    );
  }
  return notes;
}

/** Grants that cover events after their expiry (and the tolerance), because they were closed later. */
export function overstayNotes(uses: readonly Use[], zone: string, toleranceMs: number): string[] {
  const late: string[] = [];
  for (const use of uses) {
    if (!use.sanctioned || use.expiresAt === undefined || use.endedAt === undefined || use.endedAt <= use.expiresAt) continue;
    const after = use.events.filter((event) => event.at > use.expiresAt! + toleranceMs).length;
    if (after === 0) continue;
    late.push(`${use.id} (expired ${formatLocal(use.expiresAt, zone)}, closed ${formatLocal(use.endedAt, zone)}: ${after} event(s) after its expiry)`);
  }
  if (late.length === 0) return [];
  return [
    `${late.length} grant(s) cover GitHub events after their expiresAt, because they were closed later (a grant's window ends at its close when it has one) and GRANT_TOO_LONG judges expiresAt − at only: ${listed(late)}; check that each stay past the expiry was authorized`,
  ];
}

/**
 * Waived events that rest on the part of the ledger that failed verification. LEDGER_TAMPERED
 * marks uses only (CONTRACT §7); a waived event is no use, so without this a waiver granted in
 * the untrusted part, or a revocation removed or moved there, waived a bypass with no word. An
 * event is named when its waiver's grant or revocation is at or after the first bad line, or it
 * happened after the last trusted line's instant (a revocation written later may be gone).
 */
export function untrustedWaiverNotes(
  waived: readonly WaivedEvent[],
  waivers: readonly WaiverState[],
  ledger: { verification: Pick<LedgerVerification, 'ok' | 'firstBadLine'>; entries: readonly LedgerEntry[] },
  zone: string,
): string[] {
  const bad = ledger.verification.firstBadLine;
  if (ledger.verification.ok || bad === null || waived.length === 0) return [];
  let lastTrusted: LedgerEntry | undefined;
  const lateLines = new Map<string, number>();
  for (const entry of ledger.entries) {
    if (entry.source.line < bad && (lastTrusted === undefined || entry.source.line > lastTrusted.source.line)) lastTrusted = entry;
    if ((entry.type === 'waiver.granted' || entry.type === 'waiver.revoked') && entry.source.line >= bad && !lateLines.has(entry.waiver)) lateLines.set(entry.waiver, entry.source.line);
  }
  const granted = new Map(waivers.map((state) => [state.waiver.waiver, state.waiver]));
  const named: string[] = [];
  for (const event of waived) {
    const grantLine = granted.get(event.waiver)?.source.line;
    const line = grantLine !== undefined && grantLine >= bad ? grantLine : lateLines.get(event.waiver);
    if (line !== undefined) named.push(`${event.eventId} (waiver ${event.waiver}, line ${line})`);
    else if (lastTrusted === undefined || event.at > lastTrusted.at) named.push(`${event.eventId} (waiver ${event.waiver}, ${formatLocal(event.at, zone)})`);
  }
  if (named.length === 0) return [];
  const since = lastTrusted === undefined ? 'from its first line' : `after line ${lastTrusted.source.line} (${formatLocal(lastTrusted.at, zone)})`;
  return [
    `the ledger fails verification from line ${bad}, and ${named.length} waived event(s) rest on its untrusted part ${since}: a waiver line there, or an event after the last trusted line, when a revocation written later may have been removed or altered: ${listed(named)}; LEDGER_TAMPERED marks uses only, so treat these as unsanctioned until the ledger is restored`,
  ];
}
