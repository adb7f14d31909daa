/**
 * What the archive does not cover of a report (pure). "Complete" (CONTRACT §2) says every
 * source was *read* in full; it cannot say the archive holds the period. A period never
 * collected, or collected only in part, would otherwise read as "no use, no exception".
 * Judged from state.json: each stream's watermark (collected up to) and, where recorded, the
 * start of its covered span (`coveredFrom`). Archives written before `coveredFrom` was recorded
 * for the audit log are not judged at the start.
 */
import { mergesGateKeys, STREAM_NAMES } from '../domain/collect.ts';
import { countedBypassActions } from '../config/defaults.ts';
import { RESTORE_ACTIONS } from '../domain/events.ts';
import type { Config } from '../domain/config.ts';
import type { Period } from '../domain/period.ts';
import type { GateMetrics } from '../domain/report.ts';
import type { Use, WaiverState } from '../domain/use.ts';
import { formatLocal } from '../time/index.ts';

/**
 * Watermarks are whole seconds (collect floors `until`, which is the report's now with
 * `report --collect`): compare at that grain, or every live period would show a gap.
 */
function second(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The streams a config collects, with what each is called in a sentence. `toAsOf`: the report
 * needs it up to as-of, not only to the period's end (reviews are judged at as-of).
 */
function streamsOf(config: Config): { stream: string; what: string; toAsOf?: boolean }[] {
  const github = config.github;
  return [
    ...(github ? [{ stream: 'github.audit' }] : []),
    ...(github?.org ? [{ stream: 'github.rule-suites' }] : []),
    ...(github && config.gates.length > 0 ? [{ stream: 'github.merges' }] : []),
    ...(config.jira ? [{ stream: 'jira.issues', toAsOf: true }] : []),
  ].map((s) => ({ ...s, what: `the ${STREAM_NAMES[s.stream]}` }));
}

/**
 * One sentence per gap between what the report covers — [period start, min(period end, as-of)],
 * and up to as-of for the review tickets — and what state.json says was collected; empty when
 * the archive covers it.
 */
export function coverageGaps(config: Config, period: Period, asOf: number, state: Record<string, unknown>): string[] {
  const gaps: string[] = [];
  // in the configured zone with its offset, like every other time in the evidence
  const when = (ms: number): string => formatLocal(ms, config.timezone);
  for (const { stream, what, toAsOf } of streamsOf(config)) {
    const end = second(toAsOf ? asOf : Math.min(period.end, asOf));
    const s = state[stream] as Record<string, unknown> | undefined;
    const to = instant(s?.watermark);
    if (s === undefined || to === undefined) {
      gaps.push(`${what} (${stream}): never collected into this archive; run glasstrail collect`);
      continue;
    }
    if (to < end) {
      gaps.push(`${what} (${stream}): collected up to ${when(to)} only, before the report's end (${when(end)}); what came later is missing; run glasstrail collect`);
    }
    const from = instant(s.coveredFrom);
    if (from !== undefined && from > period.start) {
      gaps.push(`${what} (${stream}): collected from ${when(from)} only, after the period starts (${when(period.start)}); what came before cannot be seen`);
    }
    for (const hole of holes(s.holes)) {
      if (hole.from < end && hole.to > period.start) {
        // rule suites: also a span an explicit --since skipped and no run has read since
        const why = stream === 'github.rule-suites' ? 'which GitHub no longer kept when collect ran again, or which collect --since skipped' : 'which GitHub no longer kept when collect ran again';
        gaps.push(`${what} (${stream}): nothing collected between ${when(hole.from)} and ${when(hole.to)}, ${why}; what happened then cannot be seen`);
      }
    }
    if (stream === 'github.audit') gaps.push(...actionGaps(config, period, s, when).map((gap) => `${what} (${stream}): ${gap}`));
    if (stream === 'github.merges') gaps.push(...gateGaps(config, period, s, when).map((gap) => `${what} (${stream}) ${gap}`));
  }
  return gaps;
}

/**
 * Parts of the audit log's covered span that hold only some of the configured actions: an action
 * added to github.bypassActions after collection began is pulled only as far back as GitHub keeps
 * it (`actionsFrom`), and one added since the last collect not at all (it is missing from
 * `actions`). Archives that record neither are not judged.
 */
function actionGaps(config: Config, period: Period, s: Record<string, unknown>, when: (ms: number) => string): string[] {
  const configured = [...new Set([...countedBypassActions(config), ...RESTORE_ACTIONS])].sort();
  const gaps: string[] = [];
  if (Array.isArray(s.actions)) {
    const recorded = new Set(s.actions);
    const never = configured.filter((action) => !recorded.has(action));
    if (never.length > 0) {
      gaps.push(`${never.join(', ')} ${never.length === 1 ? 'is' : 'are'} configured but not collected over the archive's span (added to github.bypassActions since the last collect, or collected only with an explicit --since); run glasstrail collect`);
    }
  }
  const since = startsIn(s.actionsFrom);
  const late = new Map<number, string[]>();
  for (const action of configured) {
    const from = instant(since[action]);
    if (from !== undefined && from > period.start) late.set(from, [...(late.get(from) ?? []), action]);
  }
  for (const [from, actions] of [...late].sort(([a], [b]) => a - b)) {
    gaps.push(`${actions.join(', ')} collected from ${when(from)} only (added to github.bypassActions later, and GitHub keeps the audit log 180 days), after the period starts (${when(period.start)}); such events before it cannot be seen`);
  }
  return gaps;
}

/**
 * Gates whose merged pull requests were searched from a later start than the stream's (a gate
 * added, or pointed at another repo or branch, after collection began: `gatesFrom`, by gate key).
 * Their glass rate counts only the merges after it.
 */
function gateGaps(config: Config, period: Period, s: Record<string, unknown>, when: (ms: number) => string): string[] {
  const since = startsIn(s.gatesFrom);
  return config.gates.flatMap((gate) => {
    // under its key, or the key it had before its repo was renamed (formerRepos)
    const from = mergesGateKeys(gate).map((key) => instant(since[key])).find((ms) => ms !== undefined);
    if (from === undefined || from <= period.start) return [];
    return [`of gate ${gate.id} (${gate.repo}@${gate.branch}): searched from ${when(from)} only (the gate was added or changed later), after the period starts (${when(period.start)}); its glass rate counts only the merges after that`];
  });
}

/** A recorded start per key (`actionsFrom`, `gatesFrom`); empty when absent or not an object. */
function startsIn(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The spans state.json records as never collected inside the covered span (`holes`). */
function holes(value: unknown): { from: number; to: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((hole: unknown) => {
    const from = instant((hole as Record<string, unknown> | null)?.from);
    const to = instant((hole as Record<string, unknown> | null)?.to);
    return from !== undefined && to !== undefined ? [{ from, to }] : [];
  });
}

/**
 * A note for each configured gate with no merged pull request in the period, when merges were
 * collected over it (else coverageGaps says so): its glass rate is n/a, and the note says what to
 * check. GitHub's search answers a repo the token cannot read (or that does not exist) with no
 * result and no error; another gate of the same repo with merges points at the branch instead;
 * a gate collect has not searched yet needs a collect.
 */
export function quietGates(config: Config, period: Period, asOf: number, gates: readonly GateMetrics[], state: Record<string, unknown>): string[] {
  const merges = state['github.merges'] as Record<string, unknown> | undefined;
  const watermark = instant(merges?.watermark);
  if (watermark === undefined || watermark < second(Math.min(period.end, asOf))) return [];
  const searched = Array.isArray(merges?.gateKeys) ? new Set(merges.gateKeys) : undefined;
  const count = new Map(gates.map((g) => [g.gate, g.merges]));
  return config.gates
    .filter((gate) => count.get(gate.id) === 0)
    .map((gate) => {
      const where = `gate ${gate.id} (${gate.repo}@${gate.branch})`;
      if (searched && !mergesGateKeys(gate).some((key) => searched.has(key))) {
        return `${where} has not been searched for merged pull requests yet (added or changed since the last collect), so its glass rate is n/a; run glasstrail collect`;
      }
      const sibling = config.gates.find((other) => other.id !== gate.id && other.repo.toLowerCase() === gate.repo.toLowerCase() && (count.get(other.id) ?? 0) > 0);
      const check = sibling
        ? `check that ${gate.branch} is the branch pull requests merge into (${sibling.id}, of the same repo, has merges)`
        : `check that the GitHub token can read ${gate.repo} (a search of a repo it cannot see finds nothing, without an error)`;
      return `no merged pull request into ${where} in the period, so its glass rate is n/a; if the branch took merges, ${check}`;
    });
}

/**
 * A note for each gate id that sanctioned uses or waivers of the period name and the config does
 * not define: a gate renamed or removed since the grants were written. Such a grant (scope gate
 * or repo) covers no event (events map to the configured gates) and no roster entry holds it, so its uses
 * read as unused and unauthorized and the events as unsanctioned; the note says why. A waiver is
 * the period's when its window ([granted, min(expiry, revocation)]) reaches into the period:
 * `waivers` holds every waiver granted by as-of, and one that ended before the period could
 * waive nothing in it.
 */
export function undefinedGates(config: Config, period: Period, uses: readonly Use[], waivers: readonly WaiverState[]): string[] {
  const defined = new Set(config.gates.map((gate) => gate.id));
  const named = new Map<string, { grants: number; waivers: number }>();
  const count = (gate: string, what: 'grants' | 'waivers'): void => {
    if (defined.has(gate)) return;
    const entry = named.get(gate) ?? { grants: 0, waivers: 0 };
    entry[what] += 1;
    named.set(gate, entry);
  };
  for (const use of uses) if (use.sanctioned && use.gate !== null) count(use.gate, 'grants');
  for (const state of waivers) if (waiverInPeriod(state, period)) count(state.waiver.gate, 'waivers');
  return [...named]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([gate, n]) => {
      const what = [n.grants > 0 ? `${n.grants} grant(s) of the period` : '', n.waivers > 0 ? `${n.waivers} waiver(s)` : ''].filter(Boolean).join(' and ');
      return `${what} name gate ${gate}, which the config does not define (renamed or removed since?): no event on a configured gate is covered by them (scope gate or repo) or waived, and no roster entry holds them; if the gate was renamed, report with the config of the time, or define it again`;
    });
}

function waiverInPeriod(state: WaiverState, period: Period): boolean {
  const ends = [state.waiver.expiresAt, state.revokedAt].filter((ms): ms is number => ms !== undefined);
  const end = ends.length > 0 ? Math.min(...ends) : Number.POSITIVE_INFINITY;
  return state.waiver.at < period.end && end >= period.start;
}
