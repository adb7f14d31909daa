/** Turn zod issues into one readable problem each: what is wrong and how to fix it, never the value itself. */
import { z } from 'zod';
import type { ConfigIssue } from './references.ts';
import { GATE_ID_MESSAGE, JQL_ORDER_MESSAGE, SECRET_MESSAGE, URL_CREDENTIALS_MESSAGE } from './schema.ts';
import { formatKey, type IssuePath } from './locate.ts';

export function fromZodIssue(issue: z.core.$ZodIssue, raw: unknown, schema: z.ZodType): ConfigIssue {
  const path = issue.path as IssuePath;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path);
      const names = issue.keys.map((k) => `"${k}"`).join(', ');
      if (issue.keys.includes('<<')) {
        // YAML 1.1's merge key: YAML 1.2 (what the config is read as) has none
        return { path: [...path, '<<'], message: 'the YAML merge key "<<" is not supported (the config is YAML 1.2, which has none)', fix: 'write the keys out in this mapping; an alias of a whole value (key: *name) does work' };
      }
      return {
        path: [...path, issue.keys[0]!],
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${names}`,
        fix: `remove it or fix the spelling${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'invalid_type': {
      const value = valueAt(raw, path);
      if (value === undefined) {
        return { path, message: `required key "${String(path.at(-1) ?? 'config')}" is missing`, fix: `add ${formatKey(path) ?? 'the config'}` };
      }
      if (path.length === 0) return { path, message: 'the config must be a YAML mapping of keys to values', fix: 'start from the example in the README' };
      return { path, message: `expected ${describeExpected(issue.expected)}, got ${describeValue(value)}`, fix: 'see schema/glasstrail.config.schema.json' };
    }
    case 'invalid_value':
      return { path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, fix: 'write one of those values' };
    case 'too_small':
    case 'too_big': {
      // zod's own wording ("Too small: expected number to be >0") is for developers; a message
      // of ours (e.g. "must not be empty") stands
      if (!/^Too (small|big)/.test(issue.message)) return { path, message: issue.message, fix: fixFor(path) };
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string' || issue.origin === 'array') {
        const unit = issue.origin === 'string' ? 'character' : 'item';
        const words =
          small && bound === 1
            ? issue.origin === 'string' ? 'must not be empty' : 'must list at least one item'
            : `must have ${small ? 'at least' : 'at most'} ${bound} ${unit}${bound === 1 ? '' : 's'}`;
        return { path, message: words, fix: fixFor(path) };
      }
      if (issue.origin !== 'number' && issue.origin !== 'int') return { path, message: issue.message, fix: fixFor(path) };
      const words = small ? (issue.inclusive ? `at least ${bound}` : `greater than ${bound}`) : issue.inclusive ? `at most ${bound}` : `less than ${bound}`;
      return { path, message: `must be ${words}`, fix: `write a number ${words}` };
    }
    case 'invalid_format':
      if (issue.message === SECRET_MESSAGE) return { path, message: SECRET_MESSAGE, fix: 'e.g. token: env:GITHUB_TOKEN, then export GITHUB_TOKEN' };
      // it names a file in the archive
      if (issue.message === GATE_ID_MESSAGE) return { path, message: GATE_ID_MESSAGE, fix: 'e.g. id: payments-main (the ledger\'s grants name the same id)' };
      if (issue.format === 'date') return { path, message: issue.message, fix: 'write a real calendar date as YYYY-MM-DD, e.g. 2026-07-03' };
      return { path, message: issue.message, fix: fixFor(path) };
    case 'custom':
      if (issue.message === JQL_ORDER_MESSAGE) return { path, message: JQL_ORDER_MESSAGE, fix: 'remove the ORDER BY clause, e.g. jql: project = BGR' };
      if (issue.message === URL_CREDENTIALS_MESSAGE) {
        return { path, message: URL_CREDENTIALS_MESSAGE, fix: 'remove "user:password@" and any "?…" from the URL; name the token in github.token / jira.email + jira.token as env:NAME and export NAME' };
      }
      return { path, message: issue.message, fix: fixFor(path) };
    default:
      return { path, message: issue.message, fix: fixFor(path) };
  }
}

/** The fix for a key whose message says what is wrong but not how to write it right. */
function fixFor(path: IssuePath): string {
  const key = String(path.at(-1) ?? '');
  if (key === 'timezone') return 'use an IANA zone name such as America/New_York or UTC';
  if (key === 'organization') return "write the organization's name, as the evidence should show it";
  return 'see schema/glasstrail.config.schema.json and the Configuration section of the README';
}

function describeExpected(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : 'an infinite number (write a finite one)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function valueAt(raw: unknown, path: IssuePath): unknown {
  let cur = raw;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Keys the schema allows at `path`, for the "unknown key" fix. */
function allowedKeys(schema: z.ZodType, path: IssuePath): string[] {
  let cur: z.ZodType | undefined = schema;
  for (const seg of [...path, undefined]) {
    cur = unwrap(cur);
    if (seg === undefined) break;
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(seg)];
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else return [];
  }
  return cur instanceof z.ZodObject ? Object.keys(cur.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let cur = schema;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) {
    cur = cur.unwrap() as z.ZodType;
  }
  return cur;
}
