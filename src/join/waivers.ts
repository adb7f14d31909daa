import type { AuditEvent, Config, LedgerEntry, WaiverGranted, WaiverRevoked, WaiverState } from '../domain/index.ts';
import { gateOfEvent, resolveIdentity } from './identity.ts';

const DAY_MS = 86_400_000;

export interface WaiverWindow {
  granted: WaiverGranted;
  /** person id the waiver is limited to, if it names one */
  actor?: string;
  from: number;
  /** min(expiresAt, revoked at); Infinity when neither */
  to: number;
}

/** First `waiver.granted` per id (a repeated id is ignored: the ledger is append-only, the first word stands). */
export function waiverGrants(entries: readonly LedgerEntry[]): WaiverGranted[] {
  const seen = new Set<string>();
  const out: WaiverGranted[] = [];
  for (const entry of entries) {
    if (entry.type !== 'waiver.granted' || seen.has(entry.waiver)) continue;
    seen.add(entry.waiver);
    out.push(entry);
  }
  return out.sort((a, b) => a.at - b.at || (a.waiver < b.waiver ? -1 : a.waiver > b.waiver ? 1 : 0));
}

/** Earliest revocation per waiver id. */
export function waiverRevocations(entries: readonly LedgerEntry[]): Map<string, WaiverRevoked> {
  const out = new Map<string, WaiverRevoked>();
  for (const entry of entries) {
    if (entry.type !== 'waiver.revoked') continue;
    const seen = out.get(entry.waiver);
    if (!seen || entry.at < seen.at) out.set(entry.waiver, entry);
  }
  return out;
}

export function waiverWindows(
  config: Config,
  grants: readonly WaiverGranted[],
  revoked: ReadonlyMap<string, WaiverRevoked>,
): WaiverWindow[] {
  return grants.map((granted) => {
    const ends = [granted.expiresAt, revoked.get(granted.waiver)?.at].filter((t) => t !== undefined);
    const actor = granted.actor?.trim();
    return {
      granted,
      ...(actor ? { actor: resolveIdentity(config, actor) } : {}),
      from: granted.at,
      to: ends.length > 0 ? Math.min(...ends) : Number.POSITIVE_INFINITY,
    };
  });
}

/** The first waiver (by grant time, then id) whose window, gate and actor hold the event; no tolerance. */
export function waiverFor(config: Config, windows: readonly WaiverWindow[], event: AuditEvent): WaiverWindow | undefined {
  const gate = gateOfEvent(config, event)?.id;
  if (gate === undefined) return undefined;
  const actor = resolveIdentity(config, event.actor);
  return windows.find(
    (w) =>
      w.granted.gate === gate &&
      event.at >= w.from &&
      event.at <= w.to &&
      (w.actor === undefined || w.actor === actor),
  );
}

/** Every waiver granted at or before as-of, as it stands at as-of. */
export function waiverStates(
  grants: readonly WaiverGranted[],
  revoked: ReadonlyMap<string, WaiverRevoked>,
  asOf: number,
): WaiverState[] {
  const out: WaiverState[] = [];
  for (const waiver of grants) {
    if (waiver.at > asOf) continue;
    const revocation = revoked.get(waiver.waiver);
    const revokedAt = revocation && revocation.at <= asOf ? revocation.at : undefined;
    const expired = waiver.expiresAt !== undefined && waiver.expiresAt <= asOf;
    const openAtAsOf = revokedAt === undefined && !expired;
    out.push({
      waiver,
      ...(revokedAt === undefined ? {} : { revokedAt }),
      openAtAsOf,
      ...(openAtAsOf ? { ageDays: Math.floor((asOf - waiver.at) / DAY_MS) } : {}),
    });
  }
  return out;
}
