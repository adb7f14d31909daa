/**
 * Join (CONTRACT §7): ledger grants + GitHub bypass events + Jira reviews -> one Use per
 * break-glass use. Pure: no I/O, no clock (as-of is passed in), never throws on data.
 */
import type {
  AuditEvent,
  Config,
  LedgerRead,
  Period,
  ReviewTicket,
  Use,
  WaivedEvent,
  WaiverState,
} from '../domain/index.ts';
import { buildWindows, coverFinder, type GrantWindow } from './cover.ts';
import { gateById, gateOfEvent, resolveIdentity } from './identity.ts';
import { reviewOf } from './review.ts';
import { RESTORE_ACTIONS } from '../domain/events.ts';
import { exactArray } from '../util/text.ts';
import { settleLedger } from '../sources/ledger/consistency.ts';
import { waiverFor, waiverGrants, waiverStates, waiverWindows } from './waivers.ts';

export { gateOfEvent, resolveIdentity } from './identity.ts';


export interface JoinInput {
  config: Config;
  period: Period;
  asOf: number;
  /** bypass + restore events (the archive reader already filtered by action & window) */
  events: AuditEvent[];
  ledger: LedgerRead;
  tickets: ReadonlyMap<string, ReviewTicket>;
  /** default: the three restore actions */
  restoreActions?: readonly string[];
}

export interface JoinResult {
  uses: Use[];
  waived: WaivedEvent[];
  waivers: WaiverState[];
  /**
   * Bypass events read that are on no use of the period and not waived: outside the period and
   * uncovered, or covered by a grant opened outside it (`grant`). With the uses' events and the
   * waived ones, they account for every bypass event read (the population's reconciliation).
   */
  outside: OutsideEvent[];
  /** distinct bypass events read (restore events are no bypass): uses' events + waived + outside */
  eventsRead: number;
}

export interface OutsideEvent {
  eventId: string;
  at: number;
  /** the covering grant, opened outside the period; null when no grant covers the event */
  grant: string | null;
}

function inPeriod(period: Period, at: number): boolean {
  return at >= period.start && at < period.end;
}

function byTimeThenId(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sanctionedUse(input: JoinInput, window: GrantWindow, covered: AuditEvent[], holidays: ReadonlySet<string>): Use {
  const { config, asOf, tickets } = input;
  const { opened, closed } = window;
  const gate = gateById(config, opened.gate);
  const reviewKey = opened.review?.trim();
  return {
    id: opened.grant,
    sanctioned: true,
    actor: window.actor,
    gate: opened.gate,
    // A grant on an unconfigured gate id has no known repo/branch.
    repo: gate?.repo ?? '',
    branch: gate?.branch ?? null,
    scope: opened.scope,
    startedAt: opened.at,
    ...(closed ? { endedAt: closed.at } : {}),
    ...(opened.expiresAt === undefined ? {} : { expiresAt: opened.expiresAt }),
    ...(opened.justification === undefined ? {} : { justification: opened.justification }),
    ...(opened.incident === undefined ? {} : { incident: opened.incident }),
    ...(opened.approver === undefined ? {} : { approver: opened.approver }),
    ...(reviewKey ? { reviewKey } : {}),
    review: reviewOf({ config, asOf, holidays, opened, ...(closed ? { closed } : {}), tickets }),
    // exact size: the list grew by push, and uses live until rendering
    events: exactArray(covered.sort(byTimeThenId)),
    grant: opened,
    ...(closed ? { closed } : {}),
    ledgerSeqs: closed ? [opened.seq, closed.seq] : [opened.seq],
    gapCodes: [],
  };
}

function unsanctionedUse(config: Config, event: AuditEvent): Use {
  return {
    // `gh-<_document_id>`; rule-suite event ids are `rs-<n>`, giving `gh-rs-<n>`.
    id: `gh-${event.id}`,
    sanctioned: false,
    actor: resolveIdentity(config, event.actor),
    gate: gateOfEvent(config, event)?.id ?? null,
    repo: event.repo,
    branch: event.branch ?? null,
    scope: null,
    startedAt: event.at,
    review: null,
    events: [event],
    ledgerSeqs: [],
    gapCodes: [],
  };
}

export function joinUses(input: JoinInput): JoinResult {
  const { config, period, asOf, ledger } = input;
  const restore = new Set(input.restoreActions ?? RESTORE_ACTIONS);
  const holidays = new Set(config.holidays);

  // What stands per grant and waiver id is decided once, over the whole ledger, in the pass
  // that also gives `verify`'s consistency warnings (the first open, its first close not dated
  // before it, …). Then it is judged as of `asOf` (CONTRACT §7): an entry that stands but is
  // dated after as-of has not happened yet, like an audit event after it (the archive read drops
  // those). Cutting first would let a line `verify` calls ignored stand in the evidence.
  const { settled } = settleLedger(ledger.entries);
  const happened = <E extends { at: number }>(map: ReadonlyMap<string, E>): Map<string, E> => new Map([...map].filter(([, e]) => e.at <= asOf));
  const windows = buildWindows(config, [...happened(settled.opened).values()], happened(settled.closed));
  const findCover = coverFinder(config, windows);
  const waiverList = waiverGrants(happened(settled.granted));
  const revoked = happened(settled.revoked);
  const wWindows = waiverWindows(config, waiverList, revoked);

  const covered = new Map<string, AuditEvent[]>();
  const unsanctioned: Use[] = [];
  const waived: WaivedEvent[] = [];
  const seenEvents = new Set<string>();
  const outside: OutsideEvent[] = [];
  for (const event of input.events) {
    // Restore events are never uses; they only answer PROTECTION_NOT_RESTORED.
    if (restore.has(event.action)) continue;
    // The archive dedupes on _document_id; guard anyway so one event is never two uses.
    if (seenEvents.has(event.id)) continue;
    seenEvents.add(event.id);
    const cover = findCover(event);
    if (cover) {
      const list = covered.get(cover.opened.grant) ?? [];
      list.push(event);
      covered.set(cover.opened.grant, list);
      continue;
    }
    if (!inPeriod(period, event.at)) {
      outside.push({ eventId: event.id, at: event.at, grant: null });
      continue;
    }
    const waiver = waiverFor(config, wWindows, event);
    if (waiver) {
      waived.push({
        eventId: event.id,
        waiver: waiver.granted.waiver,
        gate: gateOfEvent(config, event)?.id ?? null,
        repo: event.repo,
        actor: resolveIdentity(config, event.actor),
        at: event.at,
      });
      continue;
    }
    unsanctioned.push(unsanctionedUse(config, event));
  }

  // Grants started in the period are uses even when they covered nothing (GRANT_UNUSED);
  // events covered by grants outside the period belong to that other period's use.
  const sanctioned = windows
    .filter((w) => inPeriod(period, w.opened.at))
    .map((w) => sanctionedUse(input, w, covered.get(w.opened.grant) ?? [], holidays));
  for (const w of windows) {
    if (inPeriod(period, w.opened.at)) continue;
    for (const event of covered.get(w.opened.grant) ?? []) outside.push({ eventId: event.id, at: event.at, grant: w.opened.grant });
  }
  outside.sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));

  const uses = [...sanctioned, ...unsanctioned].sort(
    (a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  waived.sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  return { uses, waived, waivers: waiverStates(waiverList, revoked, asOf), outside, eventsRead: seenEvents.size };
}
