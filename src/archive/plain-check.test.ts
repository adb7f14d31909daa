/**
 * The plain checks that let the readers skip zod's copying parse must never vouch for a value
 * zod would reject: on archived issues and merged PRs mutated at random paths, "plainly valid"
 * always implies zod's success (and the archived ones are plainly valid, so the fast path is
 * the one taken).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jiraIssueSchema, plainlyValidIssue } from './jira-issue.ts';
import { mergeSchema, plainlyValidMerge } from './read-merges.ts';

const fixture = (path: string): unknown[] =>
  readFileSync(new URL(`./__fixtures__/archive/${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

const ISSUES = fixture('jira/issues.ndjson');
const MERGES = [...fixture('github/merges/ledger-main.ndjson'), ...fixture('github/merges/payments-main.ndjson')];

/** Every path to a value inside `value` (objects and arrays), the root included. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' };

function mutate(value: unknown, path: (string | number)[], m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'set' ? m.value : undefined;
  const copy: unknown = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  const target = copy as Record<string | number, unknown>;
  if (rest.length === 0 && m.kind === 'delete') {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete target[head!];
  } else {
    target[head!] = mutate(target[head!], rest, m);
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.oneof(fc.jsonValue(), fc.constantFrom(null, '', 0, 1.5, -1, 2 ** 60, [], {}, 'x', true)).map((value): Mutation => ({ kind: 'set', value })),
);

function implies(samples: unknown[], plain: (v: unknown) => boolean, schema: { safeParse(v: unknown): { success: boolean } }): void {
  for (const sample of samples) expect(plain(sample)).toBe(true);
  const mutated = fc
    .constantFrom(...samples)
    .chain((sample) => fc.tuple(fc.constant(sample), fc.constantFrom(...paths(sample)), fc.array(mutation, { minLength: 1, maxLength: 3 })))
    .map(([sample, path, ms]) => ms.reduce((v, m) => mutate(v, path, m), sample));
  let vouched = 0;
  fc.assert(
    fc.property(mutated, (value) => {
      if (!plain(value)) return;
      vouched++;
      expect(schema.safeParse(value).success).toBe(true);
    }),
    { numRuns: 3000 },
  );
  expect(vouched).toBeGreaterThan(0);
}

describe('plain checks imply zod', () => {
  it('Jira issues', () => implies(ISSUES, plainlyValidIssue, jiraIssueSchema));
  it('merged PRs', () => implies(MERGES, plainlyValidMerge, mergeSchema));
});
