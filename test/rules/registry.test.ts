/** Registry meta-tests: the rules folder, RULES, GAP_CODES and the CONTRACT §7 table agree. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GAP_CODES } from '../../src/domain/index.ts';
import { RULES, severityAtLeast } from '../../src/rules/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES_DIR = join(ROOT, 'src', 'rules');
const CONTRACT = join(ROOT, '..', 'shared', 'CONTRACT.md');
/** files in src/rules that hold no rule */
const SUPPORT = new Set(['index.ts', 'types.ts', 'util.ts']);

function kebab(code: string): string {
  return code.toLowerCase().replaceAll('_', '-');
}

describe('rule registry', () => {
  it('the rules folder holds exactly one file per registered rule', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !SUPPORT.has(f))
      .sort();
    expect(files).toEqual(RULES.map((r) => `${kebab(r.code)}.ts`).sort());
  });

  it('every file exports the rule of its own code', async () => {
    for (const rule of RULES) {
      const mod = (await import(join(RULES_DIR, `${kebab(rule.code)}.ts`))) as Record<string, unknown>;
      expect(Object.values(mod)).toContain(rule);
    }
  });

  it('every gap code has exactly one rule, in the §7 table order', () => {
    expect(RULES.map((r) => r.code)).toEqual([...GAP_CODES]);
  });

  it('every rule has a title, a description and exactly one kind of check', () => {
    for (const rule of RULES) {
      expect(rule.title.trim().length, rule.code).toBeGreaterThan(3);
      expect(rule.description.trim().length, rule.code).toBeGreaterThan(40);
      expect(Boolean(rule.check) !== Boolean(rule.checkProgram), rule.code).toBe(true);
    }
    expect(RULES.filter((r) => r.checkProgram).map((r) => r.code)).toEqual(['WAIVER_STALE']);
  });

  it.skipIf(!existsSync(CONTRACT))('codes and severities equal the CONTRACT §7 table (../shared/CONTRACT.md)', () => {
    const text = readFileSync(CONTRACT, 'utf8');
    const table = [...text.matchAll(/^\| `([A-Z_]+)` \| (info|low|medium|high) \|/gm)].map((m) => [m[1], m[2]]);
    expect(table.length).toBe(15);
    expect(RULES.map((r) => [r.code, r.severity])).toEqual(table);
  });
});

describe('severityAtLeast', () => {
  it.each([
    ['high', 'high', true],
    ['high', 'info', true],
    ['medium', 'low', true],
    ['low', 'medium', false],
    ['info', 'low', false],
    ['info', 'info', true],
  ] as const)('%s >= %s is %s', (a, b, expected) => {
    expect(severityAtLeast(a, b)).toBe(expected);
  });
});
