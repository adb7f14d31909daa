import type { Rule } from './types.ts';
import { finding } from './util.ts';

const HOUR_MS = 3_600_000;

export const grantTooLong: Rule = {
  code: 'GRANT_TOO_LONG',
  severity: 'medium',
  title: 'Grant too long',
  description:
    'The grant was issued for longer than maxGrantHours (expiresAt minus the grant time), or with no expiresAt ' +
    'at all. Judged on the requested window, not on when the grant was actually closed.',
  check(use, ctx) {
    if (!use.sanctioned) return [];
    const max = ctx.config.maxGrantHours;
    if (use.expiresAt === undefined) return finding(grantTooLong, use.id, `grant ${use.id} has no expiry (limit ${max} h)`);
    const hours = (use.expiresAt - use.startedAt) / HOUR_MS;
    if (hours <= max) return [];
    const shown = Number.isInteger(hours) ? String(hours) : hours.toFixed(2);
    return finding(grantTooLong, use.id, `grant ${use.id} was issued for ${shown} h, more than ${max} h`);
  },
};
