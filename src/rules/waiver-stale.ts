import type { Rule } from './types.ts';
import { at, finding } from './util.ts';

const DAY_MS = 86_400_000;

export const waiverStale: Rule = {
  code: 'WAIVER_STALE',
  severity: 'medium',
  title: 'Stale waiver',
  description:
    'A waiver that is open at as-of (granted, not revoked, not expired) and has been open for longer than ' +
    'maxWaiverDays days since it was granted. Only waivers granted before the end of the period are judged: ' +
    'a waiver granted later is not part of that period\'s program. The subject is the waiver id.',
  checkProgram(ctx) {
    const max = ctx.config.maxWaiverDays;
    return ctx.waivers.flatMap((state) => {
      if (!state.openAtAsOf || state.waiver.at >= ctx.period.end) return [];
      const age = ctx.asOf - state.waiver.at;
      // Exact comparison: an age of 30 days and 1 hour exceeds a 30-day limit.
      if (age <= max * DAY_MS) return [];
      const days = Math.floor(age / DAY_MS);
      // "30 days (limit 30 days)" would read as at the limit: say by how much it is over
      return finding(waiverStale,
        state.waiver.waiver,
        `waiver ${state.waiver.waiver} on gate ${state.waiver.gate} open since ${at(ctx, state.waiver.at)}, ` +
          `${days} days at as-of, ${overBy(age - max * DAY_MS)} over the limit of ${max} days`,
      );
    });
  },
};

/** How far past the limit, in its largest whole unit: `3 days`, `1 h`, `12 min`, `less than a minute`. */
function overBy(ms: number): string {
  const units: [number, string, string][] = [[DAY_MS, ' day', ' days'], [3_600_000, ' h', ' h'], [60_000, ' min', ' min']];
  for (const [size, one, many] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n}${n === 1 ? one : many}`;
  }
  return 'less than a minute';
}
