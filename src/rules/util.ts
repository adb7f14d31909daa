import type { Finding } from '../domain/index.ts';
import { flatText } from '../util/text.ts';
import { formatLocal } from '../time/index.ts';
import type { Rule, RuleContext } from './types.ts';

/** Times in messages are local to the org zone, with offset (CONTRACT §6). */
export function at(ctx: RuleContext, instant: number): string {
  return formatLocal(instant, ctx.config.timezone);
}

export function finding(rule: Rule, subject: string, message: string): Finding[] {
  // 83k findings at 50k uses: a flat message is about half the size of the concatenated one.
  return [{ subject, code: rule.code, severity: rule.severity, message: flatText(message) }];
}

export function blank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
