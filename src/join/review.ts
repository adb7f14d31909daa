import type { Config, GrantClosed, GrantOpened, Review, ReviewTicket, StatusTransition } from '../domain/index.ts';
import { ShapeError } from '../errors.ts';
import { compareIds } from '../util/text.ts';
import { businessDaysBetween, slaDueAt } from '../time/index.ts';
import { resolveIdentity } from './identity.ts';

export interface ReviewInput {
  config: Config;
  asOf: number;
  holidays: ReadonlySet<string>;
  opened: GrantOpened;
  closed?: GrantClosed;
  tickets: ReadonlyMap<string, ReviewTicket>;
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/**
 * The archived issue a ledger `review` names. Jira issue keys are case-insensitive (`bgr-12`
 * opens BGR-12, and collect fetches it for that key); the archive files each issue under its
 * key as Jira spells it, upper case. Read exactly, `bgr-12` was MISSING_REVIEW.
 */
export function ticketFor(tickets: ReadonlyMap<string, ReviewTicket>, key: string): ReviewTicket | undefined {
  return tickets.get(key) ?? tickets.get(key.toUpperCase());
}

/** `a` came before `b`: by time (not array order), then history id (numeric, as the archive sorts them). */
function before(a: StatusTransition, b: StatusTransition): boolean {
  return a.at < b.at || (a.at === b.at && compareIds(a.historyId, b.historyId) < 0);
}

/** Earliest transition into a `done` status. */
function firstDone(transitions: readonly StatusTransition[]): StatusTransition | undefined {
  let best: StatusTransition | undefined;
  for (const t of transitions) {
    if (t.toCategory === 'done' && (!best || before(t, best))) best = t;
  }
  return best;
}

/** SLA clock start (CONTRACT §7): grant `at`, or with `grant-end` its close, else expiry, else `at`. */
export function clockStartOf(config: Config, opened: GrantOpened, closed: GrantClosed | undefined): number {
  if (config.review.clockStart === 'grant-start') return opened.at;
  return closed?.at ?? opened.expiresAt ?? opened.at;
}

function followUpOf(ticket: ReviewTicket): string | undefined {
  if (!blank(ticket.followUpText)) return ticket.followUpText?.trim();
  const links = ticket.links.filter((key) => key.trim() !== '');
  return links.length > 0 ? links.join(';') : undefined;
}

/**
 * The reviewer field's value at `asOf`. The archived value is today's; when the changelog shows
 * the field changed after as-of, the value then is the one the last earlier change set (or, with
 * none, the one the first later change replaced). With no later change, today's value stands
 * (it is parsed from the field itself, which also handles list-valued fields).
 */
export function reviewerFieldAt(ticket: ReviewTicket, asOf: number): string | undefined {
  const changes = ticket.reviewerChanges;
  if (!changes.some((c) => c.at > asOf)) return ticket.reviewerField;
  let value = changes[0]?.from;
  for (const change of changes) {
    if (change.at > asOf) break;
    value = change.to;
  }
  return value;
}

/** The error for a transition to a status the archive does not know (`toUnknown`), on a ticket that reviews a use. */
export function unknownStatusError(ticket: ReviewTicket, t: StatusTransition): ShapeError {
  const name = t.toName ? ` (${JSON.stringify(t.toName)})` : '';
  const where = t.toUnknown === 'no-catalogue' ? 'is the status of no archived issue and there is no jira/statuses.json' : 'is in neither jira/statuses.json nor any archived issue';
  return new ShapeError('archive-unknown-status', `Jira issue: changelog history ${t.historyId} moves it to status id ${t.toId}${name}, which ${where}, so whether the review was done cannot be told`, {
    where: ticket.source.file,
    line: ticket.source.line,
    key: ticket.key,
    fix: `run glasstrail collect to fetch the status catalogue again (jira/statuses.json, GET /rest/api/3/status); if the status was deleted from Jira before collect saw it, give its category in the config (jira.statusCategories: { "${t.toId}": done }, or new or indeterminate), which the evidence then names`,
  });
}

/**
 * The review of a sanctioned use, judged as of `asOf`: a transition, a resolution or an
 * SLA deadline after as-of has not happened yet.
 */
export function reviewOf(input: ReviewInput): Review {
  const { config, asOf, holidays, opened, closed, tickets } = input;
  const zone = config.timezone;
  const clockStartAt = clockStartOf(config, opened, closed);
  const dueAt = slaDueAt(clockStartAt, config.review.slaBusinessDays, zone, holidays);
  const key = opened.review?.trim();
  const found = key ? ticketFor(tickets, key) : undefined;
  // A ticket created after as-of did not exist yet.
  const ticket = found && !(found.created !== undefined && found.created > asOf) ? found : undefined;
  if (!ticket) {
    // A missing review is never on time: once due it counts as not met.
    return { status: 'missing', clockStartAt, dueAt, ...(dueAt <= asOf ? { slaMet: false } : {}) };
  }

  // "Reopening does not undo it": the earliest done transition at or before as-of counts.
  const anyDone = firstDone(ticket.transitions);
  const done = firstDone(ticket.transitions.filter((t) => t.at <= asOf));
  // A move (by as-of) to a status the archive does not know could be the review's completion:
  // unless a known done move came first, the review cannot be judged (exit 3), never read as
  // "not done". A move after as-of has not happened yet.
  const unknown = ticket.transitions.find((t) => t.toUnknown !== undefined && t.at <= asOf && (done === undefined || before(t, done)));
  if (unknown) throw unknownStatusError(ticket, unknown);
  let completedAt: number | undefined = done?.at;
  // resolutiondate only stands in when the changelog never shows a done transition.
  if (!anyDone && ticket.resolutionDate !== undefined && ticket.resolutionDate <= asOf) {
    completedAt = ticket.resolutionDate;
  }

  const field = reviewerFieldAt(ticket, asOf);
  const reviewerRaw = !blank(field) ? field?.trim() : done?.author;
  const followUp = followUpOf(ticket);
  const review: Review = {
    status: completedAt === undefined ? 'open' : 'done',
    ticket,
    ...(reviewerRaw ? { reviewer: resolveIdentity(config, reviewerRaw) } : {}),
    ...(completedAt === undefined ? {} : { completedAt }),
    clockStartAt,
    dueAt,
    ...(followUp === undefined ? {} : { followUp }),
  };
  if (completedAt !== undefined) {
    review.businessDays = businessDaysBetween(clockStartAt, completedAt, zone, holidays);
    review.slaMet = completedAt < dueAt;
  } else if (dueAt <= asOf) {
    review.slaMet = false;
  }
  return review;
}
