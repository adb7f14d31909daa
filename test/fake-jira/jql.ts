/**
 * The JQL subset the fake Jira understands: clauses `project = X`, `project in (A, B)`,
 * `key = K`, `key in (K1, K2)` (also `!=` / `not in`), `updated >=|<=|>|< "yyyy-MM-dd[ HH:mm]"`
 * (wall clock in the user's zone, minute precision, as Jira Cloud reads it), combined with
 * AND, OR, NOT and parentheses (AND binds tighter than OR), then `ORDER BY updated|key ASC|DESC`.
 * Anything else is a 400 with Jira-style `errorMessages`, like the real thing. Unknown projects
 * and keys are the server's to reject (it knows the issues): see `projects` / `keys`.
 */
import { DateTime } from 'luxon';

type Op = '=' | '!=' | '>=' | '<=' | '>' | '<';

export type JqlNode =
  | { kind: 'and' | 'or'; parts: JqlNode[] }
  | { kind: 'not'; part: JqlNode }
  | { kind: 'project' | 'key'; values: string[]; negated: boolean }
  | { kind: 'updated'; op: Exclude<Op, '=' | '!='>; at: number };

export interface JqlQuery {
  where: JqlNode;
  /** every project named (upper case), to answer 400 for an unknown one */
  projects: string[];
  /** every issue key named (upper case): Jira answers 400 if one does not exist */
  keys: string[];
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

interface Token {
  type: 'word' | 'string' | 'op' | '(' | ')' | ',';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:"([^"]*)"|(>=|<=|!=|=|>|<)|([(),])|([A-Za-z0-9_.-]+))/y;
  let at = 0;
  while (at < text.length) {
    if (text.slice(at).trim() === '') break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) throw new JqlError(`Error in the JQL Query: unexpected character at position ${at}.`);
    at = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ type: 'string', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ type: 'op', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ type: match[3] as '(' | ')' | ',', text: match[3] });
    else tokens.push({ type: 'word', text: match[4] ?? '' });
  }
  return tokens;
}

export function parseJql(jql: string, zone: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const projects: string[] = [];
  const keys: string[] = [];
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (token: Token | undefined, word: string): boolean => token?.type === 'word' && token.text.toUpperCase() === word;
  const next = (): Token => {
    const token = tokens[pos];
    if (!token) throw new JqlError('Error in the JQL Query: the query ended unexpectedly.');
    pos += 1;
    return token;
  };
  const expect = (type: Token['type']): Token => {
    const token = next();
    if (token.type !== type) throw new JqlError(`Error in the JQL Query: expected '${type}' but found '${token.text}'.`);
    return token;
  };

  function value(): string {
    const token = next();
    if (token.type !== 'word' && token.type !== 'string') throw new JqlError(`Error in the JQL Query: expected a value but found '${token.text}'.`);
    return token.text;
  }

  function list(): string[] {
    expect('(');
    const values = [value()];
    while (peek()?.type === ',') {
      pos += 1;
      values.push(value());
    }
    expect(')');
    return values;
  }

  function clause(): JqlNode {
    const field = next();
    const name = field.text.toLowerCase();
    if (field.type !== 'word' || !['project', 'key', 'issuekey', 'updated'].includes(name)) {
      throw new JqlError(`Error in the JQL Query: the fake Jira does not understand the field '${field.text}'.`);
    }
    let negated = false;
    let values: string[];
    if (isWord(peek(), 'NOT') && isWord(tokens[pos + 1], 'IN')) {
      pos += 2;
      negated = true;
      values = list();
    } else if (isWord(peek(), 'IN')) {
      pos += 1;
      values = list();
    } else {
      const op = expect('op').text as Op;
      if (name === 'updated') {
        if (op === '=' || op === '!=') throw new JqlError(`Error in the JQL Query: the fake Jira does not understand 'updated ${op}'.`);
        return { kind: 'updated', op, at: jqlInstant(value(), zone) };
      }
      if (op !== '=' && op !== '!=') throw new JqlError(`Error in the JQL Query: the operator '${op}' is not supported by the '${name}' field.`);
      negated = op === '!=';
      values = [value()];
    }
    if (name === 'updated') throw new JqlError("Error in the JQL Query: the operator 'in' is not supported by the 'updated' field.");
    const upper = values.map((v) => v.toUpperCase());
    if (name === 'project') {
      projects.push(...upper);
      return { kind: 'project', values: upper, negated };
    }
    keys.push(...upper);
    return { kind: 'key', values: upper, negated };
  }

  function factor(): JqlNode {
    if (isWord(peek(), 'NOT')) {
      pos += 1;
      return { kind: 'not', part: factor() };
    }
    if (peek()?.type === '(') {
      pos += 1;
      const inner = or();
      expect(')');
      return inner;
    }
    return clause();
  }

  function and(): JqlNode {
    const parts = [factor()];
    while (isWord(peek(), 'AND')) {
      pos += 1;
      parts.push(factor());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'and', parts };
  }

  function or(): JqlNode {
    const parts = [and()];
    while (isWord(peek(), 'OR')) {
      pos += 1;
      parts.push(and());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'or', parts };
  }

  if (tokens.length === 0 || isWord(peek(), 'ORDER')) {
    throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  const where = or();
  const orderBy: JqlQuery['orderBy'] = [];
  if (pos < tokens.length) {
    if (!isWord(next(), 'ORDER') || !isWord(next(), 'BY')) throw new JqlError(`Error in the JQL Query: unexpected '${tokens[pos - 1]?.text}'.`);
    for (;;) {
      const field = next();
      if (!isWord(field, 'UPDATED') && !isWord(field, 'KEY')) throw new JqlError(`Error in the JQL Query: cannot order by '${field.text}'.`);
      let dir: 'ASC' | 'DESC' = 'ASC';
      if (isWord(peek(), 'ASC') || isWord(peek(), 'DESC')) dir = next().text.toUpperCase() as 'ASC' | 'DESC';
      orderBy.push({ field: field.text.toLowerCase() as 'updated' | 'key', dir });
      if (peek()?.type !== ',') break;
      pos += 1;
    }
    if (pos < tokens.length) throw new JqlError(`Error in the JQL Query: unexpected '${tokens[pos]?.text}' after ORDER BY.`);
  }
  return { where, projects: [...new Set(projects)], keys: [...new Set(keys)], orderBy };
}

export function matches(node: JqlNode, issue: { key: string; updated: number }): boolean {
  switch (node.kind) {
    case 'and':
      return node.parts.every((part) => matches(part, issue));
    case 'or':
      return node.parts.some((part) => matches(part, issue));
    case 'not':
      return !matches(node.part, issue);
    case 'project': {
      const project = issue.key.split('-')[0]?.toUpperCase() ?? '';
      return node.values.includes(project) !== node.negated;
    }
    case 'key':
      return node.values.includes(issue.key.toUpperCase()) !== node.negated;
    case 'updated': {
      const { op, at } = node;
      const updated = issue.updated;
      return op === '>=' ? updated >= at : op === '<=' ? updated <= at : op === '>' ? updated > at : updated < at;
    }
  }
}
