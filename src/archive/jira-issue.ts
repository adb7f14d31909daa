/**
 * One archived Jira issue (REST v3 issue + full changelog) -> ReviewTicket.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 */
import { z } from 'zod';
import type { SourceRef } from '../domain/events.ts';
import type { FieldChange, ReviewTicket, StatusCategory, StatusTransition } from '../domain/review.ts';
import { isoToEpochMs } from '../time/index.ts';
import { compareIds, exactArray, flatText, type Interner } from '../util/text.ts';
import { adfToText, isAdfDocument } from './adf.ts';

const user = z.looseObject({ accountId: z.string(), displayName: z.string().nullish() });

const status = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  statusCategory: z.looseObject({ key: z.string() }).nullish(),
});

const item = z.looseObject({
  field: z.string().nullish(),
  fieldId: z.string().nullish(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  // `toString` is read by ownText(): as a schema key it would find Object.prototype.toString.
});

const history = z.looseObject({
  id: z.string(),
  author: user.nullish(),
  created: z.string(),
  items: z.array(item),
});

const linkedIssue = z.looseObject({ key: z.string() });

export const jiraIssueSchema = z.looseObject({
  key: z.string().min(1),
  self: z.string().nullish(),
  fields: z.looseObject({
    summary: z.string().nullish(),
    created: z.string().nullish(),
    resolutiondate: z.string().nullish(),
    status: status.nullish(),
    issuelinks: z.array(z.looseObject({ outwardIssue: linkedIssue.nullish(), inwardIssue: linkedIssue.nullish() })).nullish(),
  }),
  changelog: z.looseObject({ histories: z.array(history) }).nullish(),
});

export type JiraIssue = z.infer<typeof jiraIssueSchema>;

/**
 * True only when `value` certainly passes `jiraIssueSchema`, checked in place. zod's parse
 * copies every object it validates (loose objects with all their keys); for the 50k issues of a
 * large archive that doubled the garbage of reading them. False means "ask zod", which then
 * gives the verdict and the exact error. `plain-check.test.ts` checks that true implies zod's
 * success on mutated issues.
 */
export function plainlyValidIssue(value: unknown): value is JiraIssue {
  if (!isObject(value) || typeof value.key !== 'string' || value.key.length < 1 || !nullishString(value.self)) return false;
  const f = value.fields;
  if (!isObject(f) || !nullishString(f.summary) || !nullishString(f.created) || !nullishString(f.resolutiondate)) return false;
  if (f.status != null && !plainStatus(f.status)) return false;
  if (f.issuelinks != null) {
    if (!Array.isArray(f.issuelinks)) return false;
    for (const link of f.issuelinks as unknown[]) {
      if (!isObject(link) || !plainLinked(link.outwardIssue) || !plainLinked(link.inwardIssue)) return false;
    }
  }
  const changelog = value.changelog;
  if (changelog == null) return true;
  if (!isObject(changelog) || !Array.isArray(changelog.histories)) return false;
  for (const h of changelog.histories as unknown[]) {
    if (!isObject(h) || typeof h.id !== 'string' || typeof h.created !== 'string' || !Array.isArray(h.items)) return false;
    if (h.author != null && !(isObject(h.author) && typeof h.author.accountId === 'string' && nullishString(h.author.displayName))) return false;
    for (const i of h.items as unknown[]) {
      if (!isObject(i) || !nullishString(i.field) || !nullishString(i.fieldId) || !nullishString(i.from) || !nullishString(i.fromString) || !nullishString(i.to)) return false;
    }
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullishString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function plainStatus(value: unknown): boolean {
  if (!isObject(value) || typeof value.id !== 'string' || !nullishString(value.name)) return false;
  const category = value.statusCategory;
  return category == null || (isObject(category) && typeof category.key === 'string');
}

function plainLinked(value: unknown): boolean {
  return value == null || (isObject(value) && typeof value.key === 'string');
}

/** GET /rest/api/3/status: the catalogue of statuses and their categories. */
export const statusCatalogueSchema = z.array(status);

export function toCategory(key: string | null | undefined): StatusCategory | undefined {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : undefined;
}

/**
 * The key an issue had before a changelog item moved it to another project (its `Key` change), if
 * the item is one. Collect (sources/jira/archived.ts) and the report read moves through this one test.
 */
export function formerKeyOf(item: { field?: string | null | undefined; fieldId?: string | null | undefined; fromString?: unknown }): string | undefined {
  return (item.fieldId === 'issuekey' || item.field === 'Key') && typeof item.fromString === 'string' && item.fromString !== '' ? item.fromString : undefined;
}

/** A problem with one issue; the caller adds file and line. */
export class IssueShapeProblem {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function noIntern(text: string): string {
  return text;
}

/**
 * A changelog item of the reviewer field: by its id, or, in an item without one (older data),
 * by the field's id or display name as the config gave it.
 */
function isReviewerChange(change: z.infer<typeof item>, id: string, name: string | undefined): boolean {
  if (change.fieldId) return change.fieldId === id;
  return change.field === id || (name !== undefined && change.field === name);
}

export function toTicket(
  issue: JiraIssue,
  fieldIds: { reviewer?: string; followUp?: string; reviewerName?: string },
  source: SourceRef,
  intern: Interner = noIntern,
): ReviewTicket {
  const f = issue.fields;
  const ticket: ReviewTicket = { key: issue.key, transitions: [], reviewerChanges: [], links: [], source };
  if (f.summary) ticket.summary = f.summary;
  setInstant(ticket, 'created', f.created, 'fields.created');
  setInstant(ticket, 'resolutionDate', f.resolutiondate, 'fields.resolutiondate');
  if (f.status) {
    ticket.statusId = intern(f.status.id);
    if (f.status.name) ticket.statusName = intern(f.status.name);
    const category = toCategory(f.status.statusCategory?.key);
    if (category) ticket.statusCategory = category;
  }
  const url = browseUrl(issue);
  if (url) ticket.url = url;

  const links = new Set<string>();
  for (const link of f.issuelinks ?? []) {
    const key = link.outwardIssue?.key ?? link.inwardIssue?.key;
    if (key) links.add(key);
  }
  ticket.links = [...links];

  const raw = f as Record<string, unknown>;
  if (fieldIds.reviewer) {
    const reviewer = reviewerOf(raw[fieldIds.reviewer], fieldIds.reviewer);
    if (reviewer) ticket.reviewerField = intern(reviewer);
  }
  if (fieldIds.followUp) {
    const followUp = followUpOf(raw[fieldIds.followUp], fieldIds.followUp);
    if (followUp) ticket.followUpText = followUp;
  }

  for (const h of issue.changelog?.histories ?? []) {
    const at = isoToEpochMs(h.created);
    if (at === undefined) throw new IssueShapeProblem(`changelog history ${h.id} has a bad created time "${h.created}" ${ISO_EXPECTED}`);
    for (const change of h.items) {
      if (change.fieldId === 'status' || change.field === 'status') {
        if (!change.to) throw new IssueShapeProblem(`status change in changelog history ${h.id} has no target status id`);
        ticket.transitions.push(transition(h, at, change, intern));
      }
      // A move to another project renames the issue; the old key still opens it in Jira, and a
      // ledger written before the move names it (CONTRACT §7: the issue whose key is `review`).
      const former = formerKeyOf(change);
      if (former) (ticket.formerKeys ??= []).push(former);
      if (fieldIds.reviewer && isReviewerChange(change, fieldIds.reviewer, fieldIds.reviewerName)) {
        const fieldChange: FieldChange = { at, field: fieldIds.reviewer };
        if (h.author?.accountId) fieldChange.author = intern(h.author.accountId);
        if (change.from) fieldChange.from = intern(change.from);
        if (change.to) fieldChange.to = intern(change.to);
        ticket.reviewerChanges.push(fieldChange);
      }
    }
  }
  // The changelog API gives no order guarantee (CONTRACT §7: "whatever the array order").
  ticket.transitions.sort((a, b) => a.at - b.at || compareIds(a.historyId, b.historyId));
  ticket.reviewerChanges.sort((a, b) => a.at - b.at);
  // A pushed-to array keeps spare capacity (17 slots after the first push); tickets live until
  // rendering, so keep exact-size copies (about 12 MB of spare slots at 50k tickets).
  ticket.transitions = exactArray(ticket.transitions);
  ticket.reviewerChanges = exactArray(ticket.reviewerChanges);
  return ticket;
}

function transition(h: z.infer<typeof history>, at: number, change: z.infer<typeof item>, intern: Interner): StatusTransition {
  const t: StatusTransition = { at, historyId: h.id, toId: intern(change.to as string) };
  if (h.author?.accountId) t.author = intern(h.author.accountId);
  if (h.author?.displayName) t.authorName = intern(h.author.displayName);
  if (change.from) t.fromId = intern(change.from);
  if (change.fromString) t.fromName = intern(change.fromString);
  const toName = ownText(change, 'toString');
  if (toName) t.toName = intern(toName);
  return t;
}

function ownText(value: object, key: string): string | undefined {
  if (!Object.hasOwn(value, key)) return undefined;
  const text = (value as Record<string, unknown>)[key];
  return typeof text === 'string' ? text : undefined;
}

// Jira's REST API writes every time as ISO 8601 with an offset; bare digits would otherwise be
// read as epoch milliseconds (the audit log's unit), silently giving a wrong instant.
const ISO_EXPECTED = '(expected an ISO 8601 time with an offset, as Jira writes them, e.g. 2026-07-06T10:12:33.123-0400)';

function setInstant(ticket: ReviewTicket, key: 'created' | 'resolutionDate', value: string | null | undefined, field: string): void {
  if (value === null || value === undefined || value === '') return;
  const at = isoToEpochMs(value);
  if (at === undefined) throw new IssueShapeProblem(`${field} is not a valid time: "${value}" ${ISO_EXPECTED}`);
  ticket[key] = at;
}

/** `self` is the API URL (`https://x.atlassian.net/rest/api/3/issue/10001`); people open `/browse/KEY`. */
function browseUrl(issue: JiraIssue): string | undefined {
  if (!issue.self) return undefined;
  try {
    return flatText(`${new URL(issue.self).origin}/browse/${issue.key}`);
  } catch {
    return undefined;
  }
}

/** A user picker gives `{accountId}`, a multi-user picker an array (first wins); some setups store a bare id. */
function reviewerOf(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === null || first === undefined) return undefined;
  if (typeof first === 'string') return first.trim() || undefined;
  const parsed = user.safeParse(first);
  if (parsed.success) return parsed.data.accountId;
  throw new IssueShapeProblem(`reviewer field ${field} is neither a user, a list of users nor an account id`);
}

function followUpOf(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (isAdfDocument(value)) return adfToText(value) || undefined;
  throw new IssueShapeProblem(`follow-up field ${field} is neither text nor a rich-text (ADF) document`);
}
