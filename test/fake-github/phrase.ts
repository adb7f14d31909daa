/**
 * The audit-log search phrase, as GitHub documents it: `key:value` qualifiers separated by spaces;
 * repeated qualifiers of one key are ORed, different keys ANDed, `-key:value` negates;
 * `created:` takes `>`, `>=`, `<`, `<=`, `A..B` (`*` for an open end) or one day, with dates
 * `YYYY-MM-DD` or date-times `YYYY-MM-DDTHH:MM:SS+00:00` ("add optional time information THH:MM:SS
 * and a UTC offset"). Only those documented forms are accepted: `…Z`, fractions or a missing offset
 * are refused with 422, so a collector that drifts from the docs fails here.
 * https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-security-settings-for-your-organization/reviewing-the-audit-log-for-your-organization#search-based-on-time-of-action
 */

export type AuditRecord = Record<string, unknown>;
type Test = (entry: AuditRecord) => boolean;

const DAY = 24 * 60 * 60 * 1000;

export function parsePhrase(phrase: string): Test {
  const positive = new Map<string, Test[]>();
  const negative: Test[] = [];
  const created: Test[] = [];
  for (const token of phrase.trim().split(/\s+/).filter(Boolean)) {
    const negated = token.startsWith('-');
    const body = negated ? token.slice(1) : token;
    const colon = body.indexOf(':');
    if (colon <= 0) throw new PhraseError(`free text is not searchable: ${token}`);
    const key = body.slice(0, colon);
    const value = body.slice(colon + 1).replace(/^"(.*)"$/, '$1');
    const test = key === 'created' ? createdTest(value) : fieldTest(key, value);
    if (key === 'created' && !negated) created.push(test);
    else if (negated) negative.push(test);
    else positive.set(key, [...(positive.get(key) ?? []), test]);
  }
  return (entry) =>
    created.every((t) => t(entry)) && [...positive.values()].every((ors) => ors.some((t) => t(entry))) && !negative.some((t) => t(entry));
}

export class PhraseError extends Error {}

function fieldTest(key: string, value: string): Test {
  switch (key) {
    case 'action':
      // `action:team` matches the whole category, `action:team.create` one action.
      return (e) => typeof e.action === 'string' && (e.action === value || (!value.includes('.') && e.action.startsWith(`${value}.`)));
    case 'actor':
    case 'repo':
    case 'org':
    case 'user':
      return (e) => e[key] === value;
    case 'operation':
      return (e) => e.operation_type === value;
    default:
      throw new PhraseError(`unknown qualifier ${key}:`);
  }
}

function timeOf(entry: AuditRecord): number {
  const at = entry.created_at ?? entry['@timestamp'];
  return typeof at === 'number' ? at : Number.NaN;
}

/** [first ms, last ms] covered by a date or date-time. */
function span(text: string): [number, number] {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return [start, start + DAY - 1];
  }
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new PhraseError(`bad date ${text}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM`);
  return [at, at];
}

function createdTest(value: string): Test {
  const op = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (op) {
    const [first, last] = span(op[2] as string);
    const t = {
      '>=': (x: number) => x >= first,
      '<=': (x: number) => x <= last,
      '>': (x: number) => x > last,
      '<': (x: number) => x < first,
    }[op[1] as '>=' | '<=' | '>' | '<'];
    return (e) => t(timeOf(e));
  }
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const from = range[1] === '*' ? -Infinity : span(range[1] as string)[0];
    const to = range[2] === '*' ? Infinity : span(range[2] as string)[1];
    return (e) => timeOf(e) >= from && timeOf(e) <= to;
  }
  const [first, last] = span(value);
  return (e) => timeOf(e) >= first && timeOf(e) <= last;
}
