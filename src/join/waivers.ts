import type { AuditEvent, Config, WaiverGranted, WaiverRevoked, WaiverState } from '../domain/index.ts';
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

/** The waivers that stand (one per id), by grant time, then id: the order `waiverFor` tries them in. */
export function waiverGrants(granted: ReadonlyMap<string, WaiverGranted>): WaiverGranted[] {
  return [...granted.values()].sort((a, b) => a.at - b.at || (a.waiver < b.waiver ? -1 : a.waiver > b.waiver ? 1 : 0));
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
