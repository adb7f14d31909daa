/**
 * Entries that chain and hash correctly can still contradict each other: a grant opened twice,
 * a close of a grant never opened, a second close, a close dated before its open, and the same
 * for waivers. The chain stays trusted (these are warnings, `inconsistent`); the join takes the
 * first word (CONTRACT §5: the ledger is append-only) and ignores a close dated before its open.
 * `ledger append` refuses to write such an entry in the first place (`appendConflict`).
 */
import type { LedgerEntry, LedgerProblem } from '../../domain/ledger.ts';
import { parseObjectLine, splitLines } from './lines.ts';
import { parseRfc3339 } from './rfc3339.ts';

/** What consistency needs of an entry (a LedgerEntry is one). */
export interface EntryFact {
  type: string;
  /** epoch ms */
  at: number;
  grant?: string;
  waiver?: string;
  source: { line: number };
}

interface Seen {
  opened: Map<string, EntryFact>;
  closed: Map<string, EntryFact>;
  granted: Map<string, EntryFact>;
  revoked: Map<string, EntryFact>;
}

/** Why `entry` contradicts the entries before it (`seen`), or undefined. */
function conflict(entry: Omit<EntryFact, 'source'>, seen: Seen): string | undefined {
  const lineOf = (e: EntryFact) => `line ${e.source.line}`;
  switch (entry.type as LedgerEntry['type']) {
    case 'grant.opened': {
      const first = seen.opened.get(entry.grant!);
      return first ? `grant ${entry.grant} is opened again (first opened at ${lineOf(first)}, which stands)` : undefined;
    }
    case 'grant.closed': {
      const opened = seen.opened.get(entry.grant!);
      if (!opened) return `grant ${entry.grant} is closed, but no earlier line opens it`;
      const first = seen.closed.get(entry.grant!);
      if (first) return `grant ${entry.grant} is closed again (first closed at ${lineOf(first)}, which stands)`;
      return entry.at < opened.at ? `grant ${entry.grant} is closed at a time before it was opened (${lineOf(opened)}); the close is ignored` : undefined;
    }
    case 'waiver.granted': {
      const first = seen.granted.get(entry.waiver!);
      return first ? `waiver ${entry.waiver} is granted again (first granted at ${lineOf(first)}, which stands)` : undefined;
    }
    case 'waiver.revoked': {
      if (!seen.granted.has(entry.waiver!)) return `waiver ${entry.waiver} is revoked, but no earlier line grants it`;
      const first = seen.revoked.get(entry.waiver!);
      return first ? `waiver ${entry.waiver} is revoked again (first revoked at ${lineOf(first)}, which stands)` : undefined;
    }
  }
}

function emptySeen(): Seen {
  return { opened: new Map(), closed: new Map(), granted: new Map(), revoked: new Map() };
}

function remember(entry: EntryFact, seen: Seen): void {
  const put = (map: Map<string, EntryFact>, key: string | undefined) => {
    if (key !== undefined && !map.has(key)) map.set(key, entry);
  };
  if (entry.type === 'grant.opened') put(seen.opened, entry.grant);
  else if (entry.type === 'grant.closed' && entry.grant !== undefined && seen.opened.has(entry.grant)) put(seen.closed, entry.grant);
  else if (entry.type === 'waiver.granted') put(seen.granted, entry.waiver);
  else if (entry.type === 'waiver.revoked' && entry.waiver !== undefined && seen.granted.has(entry.waiver)) put(seen.revoked, entry.waiver);
}

/** One warning per entry that contradicts an earlier one, in file order. */
export function consistencyProblems(entries: readonly LedgerEntry[], file: string): LedgerProblem[] {
  const seen = emptySeen();
  const problems: LedgerProblem[] = [];
  for (const entry of entries) {
    const why = conflict(entry, seen);
    if (why) problems.push({ code: 'inconsistent', severity: 'warning', file, line: entry.source.line, message: why });
    // a close dated before its open does not count as the grant's close
    if (!(why && entry.type === 'grant.closed' && why.endsWith('the close is ignored'))) remember(entry, seen);
  }
  return problems;
}

/**
 * What consistency needs of each line of ledger text, read cheaply: JSON.parse and the time,
 * no hashing, canonical JSON or schema (`ledger append` runs this under its lock on every call).
 * Lines that do not parse or lack a type or time are left out; `verify` reports those.
 */
export function entryFacts(text: string): EntryFact[] {
  const facts: EntryFact[] = [];
  for (const { text: lineText, line } of splitLines(text)) {
    const parsed = parseObjectLine(lineText);
    if ('error' in parsed) continue;
    const { type, at, grant, waiver } = parsed.obj as Record<string, unknown>;
    const instant = typeof at === 'string' ? parseRfc3339(at) : undefined;
    if (typeof type !== 'string' || instant === undefined) continue;
    facts.push({
      type,
      at: instant,
      ...(typeof grant === 'string' ? { grant } : {}),
      ...(typeof waiver === 'string' ? { waiver } : {}),
      source: { line },
    });
  }
  return facts;
}

/** Why `ledger append` must refuse `entry` after `entries`, or undefined. `at` is epoch ms. */
export function appendConflict(
  entries: readonly EntryFact[],
  entry: { type: string; at: number; grant?: unknown; waiver?: unknown },
): string | undefined {
  const seen = emptySeen();
  for (const e of entries) if (!conflict(e, seen)) remember(e, seen);
  const grant = typeof entry.grant === 'string' ? entry.grant : undefined;
  const waiver = typeof entry.waiver === 'string' ? entry.waiver : undefined;
  return conflict({ type: entry.type, at: entry.at, ...(grant === undefined ? {} : { grant }), ...(waiver === undefined ? {} : { waiver }) }, seen);
}
