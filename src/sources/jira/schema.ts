/**
 * The Jira Cloud REST v3 payloads this source reads, declared only as far as we use them.
 * Objects are `loose()`: the archive stores issues exactly as Jira returns them, so nothing
 * unknown may be stripped on the way through.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 */
import { z } from 'zod';

/** `2026-07-06T10:12:33.123-0400` — Jira's offset has no colon; Date.parse accepts it (checked on Node 24). */
export function parseJiraTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const jiraTime = z.string().refine((text) => parseJiraTime(text) !== undefined, { message: 'not a Jira timestamp' });

/** GET /rest/api/3/myself */
export const myselfSchema = z.looseObject({
  accountId: z.string().optional(),
  /** IANA zone of the API user's profile: JQL dates are read in it */
  timeZone: z.string().min(1),
});

/** GET /rest/api/3/field */
export const fieldListSchema = z.array(
  z.looseObject({
    id: z.string(),
    key: z.string().optional(),
    name: z.string().optional(),
    custom: z.boolean().optional(),
  }),
);
export type JiraField = z.infer<typeof fieldListSchema>[number];

/** GET /rest/api/3/status */
export const statusListSchema = z.array(
  z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    statusCategory: z.looseObject({ key: z.string() }).optional(),
  }),
);

/** One issue as search/jql and issue/bulkfetch return it. */
export const issueSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({ updated: jiraTime }),
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** POST /rest/api/3/search/jql — no `total`; `isLast` and `nextPageToken` drive paging. */
export const searchPageSchema = z.looseObject({
  issues: z.array(issueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/**
 * POST /rest/api/3/issue/bulkfetch — unknown or invisible issues are left out; `issueErrors` lists
 * issues Jira could not return for a retriable error or a payload constraint.
 */
export const bulkIssuesSchema = z.looseObject({
  issues: z.array(issueSchema).default([]),
  issueErrors: z.array(z.looseObject({ id: z.string().optional(), errorMessage: z.string().optional() })).default([]),
});

/** Jira Cloud data can predate Jira Cloud (imports), not Jira (2002): an earlier instant is a misread (seconds?). */
const EARLIEST_JIRA_MS = Date.UTC(2002, 0, 1);

/**
 * A history's `created`. The OpenAPI schema of POST /rest/api/3/changelog/bulkfetch says a
 * date-time string, but its own example gives a number (`"created": 1492070429`, which the
 * changelog endpoint's example renders as `1970-01-18T06:27:50.429+0000`: epoch milliseconds),
 * and clients of the live endpoint decode an epoch-ms integer (or its digits as a string).
 * All three are taken; the archive gets the ISO form, since the report reads only ISO times
 * (bare digits there would be ambiguous).
 */
const historyTime = z.union([z.string(), z.number()], { error: 'not a Jira timestamp (a string or epoch milliseconds)' }).transform((value, ctx) => {
  if (typeof value === 'string' && !/^\d+$/.test(value)) {
    if (parseJiraTime(value) !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: 'not a Jira timestamp' });
    return z.NEVER;
  }
  const ms = Number(value);
  if (Number.isInteger(ms) && ms >= EARLIEST_JIRA_MS && ms <= 8.64e15) return new Date(ms).toISOString();
  ctx.addIssue({ code: 'custom', message: `epoch time ${value} is not milliseconds after 2002: not a Jira timestamp` });
  return z.NEVER;
});

export const historySchema = z.looseObject({
  id: z.string(),
  created: historyTime,
  author: z.looseObject({ accountId: z.string().optional() }).optional(),
  items: z.array(z.looseObject({ field: z.string().optional(), fieldId: z.string().optional() })).default([]),
});
export type JiraHistory = z.infer<typeof historySchema>;

/** POST /rest/api/3/changelog/bulkfetch — histories grouped by issue *id*, paged across issues. */
export const changelogPageSchema = z.looseObject({
  issueChangeLogs: z.array(z.looseObject({ issueId: z.string(), changeHistories: z.array(historySchema).default([]) })).default([]),
  nextPageToken: z.string().nullish(),
});

/** Body of a 4xx from Jira: `{ errorMessages: [...], errors: { field: message } }`. */
export const errorBodySchema = z.looseObject({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});

/** The line stored in `jira/issues.ndjson`: the issue as returned plus its full history. */
export type ArchivedIssue = JiraIssue & { changelog: { histories: JiraHistory[] } };
