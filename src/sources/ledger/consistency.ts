/**
 * Entries that chain and hash correctly can still contradict each other: a grant opened twice,
 * a close of a grant never opened, a second close, a close dated before its open, and the same
 * for waivers. The chain stays trusted (these are warnings, `inconsistent`); the join takes the
 * first word (CONTRACT §5: the ledger is append-only), ignores a close dated before its open,
 * and honours a revocation dated before its grant (the waiver then covers nothing).
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

/**
 * The entries that stand, per id, in ledger order: the first open, the first close after
 * its open (not dated before it), the first grant of a waiver, the first revocation after
 * its grant. Both the join (what the evidence says) and the warnings below (what `verify`
 * says) are read from one `settleLedger` pass, so they cannot disagree.
 */
export interface Settled<E extends EntryFact = EntryFact> {
  opened: Map<string, Kind<E, 'grant.opened'>>;
  closed: Map<string, Kind<E, 'grant.closed'>>;
  granted: Map<string, Kind<E, 'waiver.granted'>>;
  revoked: Map<string, Kind<E, 'waiver.revoked'>>;
}

/** The member of a union of entries with that type (a LedgerEntry), or the fact type itself. */
type Kind<E, T extends string> = [Extract<E, { type: T }>] extends [never] ? E : Extract<E, { type: T }>;

interface Verdict {
  why: string;
  /** the entry still takes effect (a revocation dated before its grant: the waiver covers nothing) */
  stands: boolean;
}

/** Why `entry` contradicts the entries before it (`seen`), or undefined. */
function conflict(entry: Omit<EntryFact, 'source'>, seen: Settled): Verdict | undefined {
  const lineOf = (e: EntryFact) => `line ${e.source.line}`;
  const ignored = (why: string): Verdict => ({ why, stands: false });
  switch (entry.type as LedgerEntry['type']) {
    case 'grant.opened': {
      const first = seen.opened.get(entry.grant!);
      if (first) return ignored(`grant ${entry.grant} is opened again (first opened at ${lineOf(first)}, which stands)`);
      // CONTRACT §6: unsanctioned uses are `gh-<_document_id>` / `gh-rs-<id>`; a grant there could share a use id
      return entry.grant?.startsWith('gh-') ? { why: `grant id ${entry.grant} starts with "gh-", which names unsanctioned uses (gh-<event id>); two uses could share one id`, stands: true } : undefined;
    }
    case 'grant.closed': {
      const opened = seen.opened.get(entry.grant!);
      if (!opened) return ignored(`grant ${entry.grant} is closed, but no earlier line opens it`);
      const first = seen.closed.get(entry.grant!);
      if (first) return ignored(`grant ${entry.grant} is closed again (first closed at ${lineOf(first)}, which stands)`);
      return entry.at < opened.at ? ignored(`grant ${entry.grant} is closed at a time before it was opened (${lineOf(opened)}); the close is ignored`) : undefined;
    }
    case 'waiver.granted': {
      const first = seen.granted.get(entry.waiver!);
      return first ? ignored(`waiver ${entry.waiver} is granted again (first granted at ${lineOf(first)}, which stands)`) : undefined;
    }
    case 'waiver.revoked': {
      const granted = seen.granted.get(entry.waiver!);
      if (!granted) return ignored(`waiver ${entry.waiver} is revoked, but no earlier line grants it`);
      const first = seen.revoked.get(entry.waiver!);
      if (first) return ignored(`waiver ${entry.waiver} is revoked again (first revoked at ${lineOf(first)}, which stands)`);
      // Unlike a close (which would give a use that ends before it starts), a revocation only
      // narrows an exemption: honouring it is the cautious reading.
      return entry.at < granted.at
        ? { why: `waiver ${entry.waiver} is revoked at a time before it was granted (${lineOf(granted)}); the waiver covers nothing`, stands: true }
        : undefined;
    }
  }
}

function emptySettled<E extends EntryFact>(): Settled<E> {
  return { opened: new Map(), closed: new Map(), granted: new Map(), revoked: new Map() };
}

function remember<E extends EntryFact>(entry: E, seen: Settled<E>): void {
  // `entry.type` names the map, so the entry is of the map's kind
  const map = (
    entry.type === 'grant.opened' ? seen.opened
    : entry.type === 'grant.closed' ? seen.closed
    : entry.type === 'waiver.granted' ? seen.granted
    : entry.type === 'waiver.revoked' ? seen.revoked
    : undefined
  ) as Map<string, E> | undefined;
  const key = entry.type.startsWith('grant.') ? entry.grant : entry.waiver;
  if (map && key !== undefined) map.set(key, entry);
}

/** One pass over the ledger in file order: what stands, and why each other entry does not. */
export function settleLedger<E extends EntryFact>(entries: readonly E[]): { settled: Settled<E>; conflicts: { entry: E; why: string }[] } {
  const settled = emptySettled<E>();
  const conflicts: { entry: E; why: string }[] = [];
  for (const entry of entries) {
    const verdict = conflict(entry, settled);
    if (verdict) conflicts.push({ entry, why: verdict.why });
    if (!verdict || verdict.stands) remember(entry, settled);
  }
  return { settled, conflicts };
}

/** One warning per entry that contradicts an earlier one, in file order. */
export function consistencyProblems(entries: readonly LedgerEntry[], file: string): LedgerProblem[] {
  return settleLedger(entries).conflicts.map(({ entry, why }) => ({ code: 'inconsistent', severity: 'warning', file, line: entry.source.line, message: why }));
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
  const { settled } = settleLedger(entries);
  const grant = typeof entry.grant === 'string' ? entry.grant : undefined;
  const waiver = typeof entry.waiver === 'string' ? entry.waiver : undefined;
  return conflict({ type: entry.type, at: entry.at, ...(grant === undefined ? {} : { grant }), ...(waiver === undefined ? {} : { waiver }) }, settled)?.why;
}
