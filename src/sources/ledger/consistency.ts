/**
 * Entries that chain and hash correctly can still contradict each other: a grant opened twice,
 * a close of a grant never opened, a second close, a close dated before its open, and the same
 * for waivers. The chain stays trusted (these are warnings, `inconsistent`); the join takes the
 * first word (CONTRACT §5: the ledger is append-only) and ignores a close dated before its open.
 * `ledger append` refuses to write such an entry in the first place (`appendConflict`).
 */
import type { LedgerEntry, LedgerProblem } from '../../domain/ledger.ts';

interface Seen {
  opened: Map<string, LedgerEntry>;
  closed: Map<string, LedgerEntry>;
  granted: Map<string, LedgerEntry>;
  revoked: Map<string, LedgerEntry>;
}

/** Why `entry` contradicts the entries before it (`seen`), or undefined. */
function conflict(entry: Pick<LedgerEntry, 'type' | 'at'> & { grant?: string; waiver?: string }, seen: Seen): string | undefined {
  const lineOf = (e: LedgerEntry) => `line ${e.source.line}`;
  switch (entry.type) {
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

function remember(entry: LedgerEntry, seen: Seen): void {
  const put = (map: Map<string, LedgerEntry>, key: string) => {
    if (!map.has(key)) map.set(key, entry);
  };
  if (entry.type === 'grant.opened') put(seen.opened, entry.grant);
  else if (entry.type === 'grant.closed' && seen.opened.has(entry.grant)) put(seen.closed, entry.grant);
  else if (entry.type === 'waiver.granted') put(seen.granted, entry.waiver);
  else if (entry.type === 'waiver.revoked' && seen.granted.has(entry.waiver)) put(seen.revoked, entry.waiver);
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

/** Why `ledger append` must refuse `entry` after `entries`, or undefined. `at` is epoch ms. */
export function appendConflict(
  entries: readonly LedgerEntry[],
  entry: { type: string; at: number; grant?: unknown; waiver?: unknown },
): string | undefined {
  const seen = emptySeen();
  for (const e of entries) if (!conflict(e, seen)) remember(e, seen);
  const type = entry.type as LedgerEntry['type'];
  const grant = typeof entry.grant === 'string' ? entry.grant : undefined;
  const waiver = typeof entry.waiver === 'string' ? entry.waiver : undefined;
  return conflict({ type, at: entry.at, ...(grant === undefined ? {} : { grant }), ...(waiver === undefined ? {} : { waiver }) }, seen);
}
