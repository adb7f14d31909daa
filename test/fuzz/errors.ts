/** The one property every fuzz test checks: nothing escapes but our error family, located. */
import { expect } from 'vitest';
import { GlasstrailError } from '../../src/errors.ts';

export interface Located {
  /** the file the error must name (a suffix of context.where) */
  file: string;
  /** a line number is required (true) or may be absent for whole-file problems (false) */
  line: boolean;
}

/**
 * Run `work`; it may succeed, or throw a GlasstrailError that names `file` and, when asked, a
 * 1-based line within `maxLine`. Anything else (TypeError, RangeError, a zod error…) fails.
 */
export async function ourErrorOnly(work: () => unknown, where: Located, maxLine = Number.MAX_SAFE_INTEGER): Promise<GlasstrailError | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (!(error instanceof GlasstrailError)) {
      throw new Error(`escaped the error family: ${(error as Error)?.stack ?? String(error)}`);
    }
    expect(error.context.where ?? '', error.describe()).toMatch(new RegExp(`${where.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    if (where.line) {
      expect(Number.isInteger(error.context.line), error.describe()).toBe(true);
      expect(error.context.line!, error.describe()).toBeGreaterThanOrEqual(1);
      expect(error.context.line!, error.describe()).toBeLessThanOrEqual(maxLine);
    }
    // one or two plain lines for the user, never a stack
    expect(error.describe().split('\n').length).toBeLessThanOrEqual(2);
    return error;
  }
}

/** A random edit of `text`: the kind of damage a hand edit or a bad copy does. */
export type Edit =
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; other: number }
  | { op: 'replace-char'; at: number; text: string }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number };

export function applyEdit(text: string, edit: Edit): string {
  const lines = text.split('\n');
  const line = (n: number) => n % Math.max(lines.length, 1);
  const pos = (n: number) => n % Math.max(text.length, 1);
  switch (edit.op) {
    case 'delete-line':
      return lines.filter((_, i) => i !== line(edit.at)).join('\n');
    case 'duplicate-line':
      return lines.flatMap((l, i) => (i === line(edit.at) ? [l, l] : [l])).join('\n');
    case 'swap-lines': {
      const a = line(edit.at);
      const b = line(edit.other);
      const copy = [...lines];
      [copy[a], copy[b]] = [copy[b]!, copy[a]!];
      return copy.join('\n');
    }
    case 'replace-char':
      return text.slice(0, pos(edit.at)) + edit.text + text.slice(pos(edit.at) + 1);
    case 'insert':
      return text.slice(0, pos(edit.at)) + edit.text + text.slice(pos(edit.at));
    case 'truncate':
      return text.slice(0, pos(edit.at));
  }
}
