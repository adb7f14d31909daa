import type { AuditEvent, Config, GrantClosed, GrantOpened, GrantScope } from '../domain/index.ts';
import { gateById, gateOfEvent, onGateRepo, resolveIdentity } from './identity.ts';

/** A grant with its close and the window it covers (epoch ms, tolerance included). */
export interface GrantWindow {
  opened: GrantOpened;
  closed?: GrantClosed;
  /** person id of the grant's actor */
  actor: string;
  /** closed `at`, else `expiresAt`, else undefined (no end) */
  end?: number;
  from: number;
  /** Infinity when the grant has neither a close nor an expiry */
  to: number;
}

const SCOPE_RANK: Record<GrantScope, number> = { gate: 0, repo: 1, 'org-admin': 2 };

export function grantEnd(opened: GrantOpened, closed: GrantClosed | undefined): number | undefined {
  return closed?.at ?? opened.expiresAt;
}

export function buildWindows(
  config: Config,
  grants: readonly GrantOpened[],
  closes: ReadonlyMap<string, GrantClosed>,
): GrantWindow[] {
  const tolerance = config.matchToleranceMinutes * 60_000;
  return grants.map((opened) => {
    const closed = closes.get(opened.grant);
    const end = grantEnd(opened, closed);
    return {
      opened,
      ...(closed ? { closed } : {}),
      actor: resolveIdentity(config, opened.actor),
      ...(end === undefined ? {} : { end }),
      from: opened.at - tolerance,
      to: end === undefined ? Number.POSITIVE_INFINITY : end + tolerance,
    };
  });
}

/** CONTRACT §7 reach: gate = same gate; repo = the grant's gate's repo; org-admin = anything. */
function reaches(config: Config, window: GrantWindow, event: AuditEvent): boolean {
  const { scope, gate } = window.opened;
  if (scope === 'org-admin') return true;
  if (scope === 'gate') return gateOfEvent(config, event)?.id === gate;
  const grantGate = gateById(config, gate);
  return grantGate !== undefined && onGateRepo(grantGate, event.repo);
}

/**
 * Preference among several grants covering one event, so that each event lands on exactly
 * one use: the narrowest scope first (gate < repo < org-admin) because that is the grant
 * the actor most plausibly used; then the latest grant opened at or before the event (the
 * one in force); failing that, the earliest opened after it (inside the tolerance); then
 * the grant id, to stay deterministic.
 */
function prefer(a: GrantWindow, b: GrantWindow, at: number): number {
  const scope = SCOPE_RANK[a.opened.scope] - SCOPE_RANK[b.opened.scope];
  if (scope !== 0) return scope;
  const aBefore = a.opened.at <= at;
  const bBefore = b.opened.at <= at;
  if (aBefore !== bBefore) return aBefore ? -1 : 1;
  const time = aBefore ? b.opened.at - a.opened.at : a.opened.at - b.opened.at;
  if (time !== 0) return time;
  return a.opened.grant < b.opened.grant ? -1 : a.opened.grant > b.opened.grant ? 1 : 0;
}

/** Finds the covering grant of an event, indexed by the grant actor's person id. */
export function coverFinder(
  config: Config,
  windows: readonly GrantWindow[],
): (event: AuditEvent) => GrantWindow | undefined {
  const byActor = new Map<string, GrantWindow[]>();
  for (const window of windows) {
    const list = byActor.get(window.actor) ?? [];
    list.push(window);
    byActor.set(window.actor, list);
  }
  return (event) => {
    const candidates = byActor.get(resolveIdentity(config, event.actor));
    if (!candidates) return undefined;
    let best: GrantWindow | undefined;
    for (const window of candidates) {
      if (event.at < window.from || event.at > window.to) continue;
      if (!reaches(config, window, event)) continue;
      if (!best || prefer(window, best, event.at) < 0) best = window;
    }
    return best;
  };
}
