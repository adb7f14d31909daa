/**
 * The JQL subset the fake Jira understands: `project = X`, `project in (A, B)`,
 * `updated >=|<=|>|< "yyyy-MM-dd[ HH:mm]"` (wall clock in the user's zone, minute precision, as
 * Jira Cloud reads it), joined by AND, optional parentheses, `ORDER BY updated|key ASC|DESC`.
 * Anything else is a 400 with Jira-style `errorMessages`, like the real thing.
 */
import { DateTime } from 'luxon';

export interface JqlQuery {
  projects?: string[];
  updated: { op: '>=' | '<=' | '>' | '<'; at: number }[];
  orderBy: { field: 'updated' | 'key'; dir: 'ASC' | 'DESC' }[];
}

export class JqlError extends Error {
  override name = 'JqlError';
}

function jqlInstant(text: string, zone: string): number {
  const format = text.includes(' ') ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd';
  const local = DateTime.fromFormat(text, format, { zone });
  if (!local.isValid) throw new JqlError(`Date value '${text}' for field 'updated' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'.`);
  return local.toMillis();
}

export function parseJql(jql: string, zone: string): JqlQuery {
  const query: JqlQuery = { updated: [], orderBy: [] };
  const [where = '', order] = jql.split(/\s+ORDER\s+BY\s+/i);
  if (order !== undefined) {
    for (const part of order.split(',')) {
      const match = /^\s*(updated|key)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
      if (!match?.[1]) throw new JqlError(`Error in the JQL Query: cannot order by '${part.trim()}'.`);
      query.orderBy.push({ field: match[1].toLowerCase() as 'updated' | 'key', dir: (match[2]?.toUpperCase() ?? 'ASC') as 'ASC' | 'DESC' });
    }
  }
  const clauses = where.replace(/[()]/g, (paren, offset: number, all: string) => (isInsideList(all, offset) ? paren : ' ')).split(/\s+AND\s+/i);
  for (const raw of clauses) {
    const clause = raw.trim();
    if (clause === '') continue;
    let match = /^project\s*=\s*"?([A-Za-z][A-Za-z0-9_]*)"?$/i.exec(clause);
    if (match?.[1]) {
      query.projects = [match[1].toUpperCase()];
      continue;
    }
    match = /^project\s+in\s*\(([^)]*)\)$/i.exec(clause);
    if (match?.[1] !== undefined) {
      query.projects = match[1].split(',').map((p) => p.trim().replace(/"/g, '').toUpperCase());
      continue;
    }
    match = /^updated\s*(>=|<=|>|<)\s*"([^"]+)"$/i.exec(clause);
    if (match?.[1] && match[2]) {
      query.updated.push({ op: match[1] as JqlQuery['updated'][number]['op'], at: jqlInstant(match[2], zone) });
      continue;
    }
    throw new JqlError(`Error in the JQL Query: the fake Jira does not understand '${clause}'.`);
  }
  if (!query.projects && query.updated.length === 0) {
    throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  return query;
}

/** Parentheses of `in (…)` lists are kept; grouping parentheses become spaces. */
function isInsideList(all: string, offset: number): boolean {
  if (all[offset] === '(') return /\bin\s*$/i.test(all.slice(0, offset));
  const open = all.lastIndexOf('(', offset);
  return open >= 0 && /\bin\s*$/i.test(all.slice(0, open));
}

export function matchesUpdated(query: JqlQuery, updated: number): boolean {
  return query.updated.every(({ op, at }) =>
    op === '>=' ? updated >= at : op === '<=' ? updated <= at : op === '>' ? updated > at : updated < at,
  );
}
