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
      return finding(waiverStale,
        state.waiver.waiver,
        `waiver ${state.waiver.waiver} on gate ${state.waiver.gate} open since ${at(ctx, state.waiver.at)}, ` +
          `${days} days at as-of (limit ${max} days)`,
      );
    });
  },
};
