import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../errors.ts';
import { auditPageSchema, parseOrThrow, rateLimitSchema, ruleSuitePageSchema, searchResultSchema } from './schema.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

describe('GitHub payload schemas', () => {
  it('accepts the trimmed real responses', () => {
    expect(parseOrThrow(auditPageSchema, fixture('audit-log-page.json'), 'x').map((e) => e.action)).toEqual([
      'protected_branch.policy_override',
      'protected_branch.create',
    ]);
    expect(parseOrThrow(ruleSuitePageSchema, fixture('rule-suites-page.json'), 'x')[0]?.id).toBe(21);
    const data = (fixture('graphql-search.json') as { data: Record<string, unknown> }).data;
    expect(parseOrThrow(searchResultSchema, data.g0, 'x').issueCount).toBe(2);
    expect(parseOrThrow(rateLimitSchema, data.rateLimit, 'x')?.remaining).toBe(4987);
  });

  it.each([
    ['not an array', { message: 'hi' }, /top level/],
    ['no _document_id', [{ action: 'a', created_at: 1 }], /0\._document_id/],
    ['no time', [{ _document_id: 'd', action: 'a' }], /created_at/],
    ['truncated text', '[{"_document_id":"d"', /got text/],
  ])('rejects an audit page with %s as ShapeError naming the path', (_name, payload, message) => {
    let caught: unknown;
    try {
      parseOrThrow(auditPageSchema, payload, 'GET /orgs/acme/audit-log');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ShapeError);
    expect((caught as ShapeError).message).toMatch(message);
    expect((caught as ShapeError).context.where).toBe('GET /orgs/acme/audit-log');
  });
});
