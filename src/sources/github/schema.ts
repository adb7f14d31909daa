/**
 * Shapes of the GitHub payloads we read. Only the fields we use are declared; audit entries and
 * rule suites are loose objects because the archive keeps them exactly as received.
 */
import { z } from 'zod';
import { ShapeError } from '../../errors.ts';

/** https://docs.github.com/en/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization */
export const auditEntrySchema = z
  .looseObject({
    _document_id: z.string().min(1),
    action: z.string(),
    created_at: z.number().optional(),
    '@timestamp': z.number().optional(),
  })
  .refine((entry) => entry.created_at !== undefined || entry['@timestamp'] !== undefined, {
    message: 'neither created_at nor @timestamp is set',
  });
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = z.array(auditEntrySchema);

/** https://docs.github.com/en/rest/orgs/rule-suites#list-organization-rule-suites */
export const ruleSuiteSchema = z.looseObject({
  id: z.number(),
  pushed_at: z.string().refine((text) => !Number.isNaN(Date.parse(text)), { message: 'not a date-time' }),
  result: z.string(),
});
export type RuleSuite = z.infer<typeof ruleSuiteSchema>;
export const ruleSuitePageSchema = z.array(ruleSuiteSchema);

const pullRequestSchema = z.object({
  number: z.number(),
  mergedAt: z.string().nullable(),
  mergedBy: z.object({ login: z.string() }).nullable(),
  baseRefName: z.string(),
  url: z.string(),
});
export const searchResultSchema = z.object({
  issueCount: z.number(),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  // `... on PullRequest` leaves other node types as `{}`; `is:pr` should exclude them anyway.
  nodes: z.array(z.union([pullRequestSchema, z.object({}).strict()]).nullable()),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
export const rateLimitSchema = z.object({ cost: z.number(), remaining: z.number(), resetAt: z.string() }).nullable().optional();

/** Archive record of `github/merges/<gate-id>.ndjson` (CONTRACT §4). */
export interface MergeRecord {
  number: number;
  mergedAt: string;
  mergedBy: string | null;
  baseRef: string;
  url: string;
}

export function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, where: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const got = typeof data === 'string' ? ` (got text: ${JSON.stringify(data.slice(0, 80))})` : '';
  throw new ShapeError('github-shape', `unexpected GitHub answer at ${path || 'top level'}: ${issue?.message ?? 'invalid'}${got}`, {
    where,
    key: path || undefined,
    fix: 'check github.apiUrl points at the GitHub API (GHES: https://HOST/api/v3); report the payload if it persists',
  });
}
