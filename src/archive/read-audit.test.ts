import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefilter } from './read-audit.ts';

const WANTED = new Set([
  'protected_branch.policy_override',
  'protected_branch.destroy',
  'repository_ruleset.update',
  'repository_branch_protection_evaluation.disable',
  'protected_branch.create',
]);

describe('prefilter', () => {
  const test = prefilter(WANTED);

  it.each([
    ['{"action":"protected_branch.destroy","created_at":1}', true],
    ['{"action": "repository_ruleset.update"}', true],
    ['{"action":"git.push","note":"protected_branch.create"}', true], // passes; the full parse decides
    ['{"action":"protected_branch.update_name","created_at":1}', false],
    ['{"action":"repository_ruleset.create","created_at":1}', false],
    ['{"action":"repo.create","created_at":1}', false],
    ['{"action":"protected\\u005fbranch.destroy"}', true], // escaped: must reach the full parse
  ])('%s -> %s', (line, expected) => {
    expect(test(line)).toBe(expected);
  });

  it('never rejects a line whose parsed action is wanted, however the entry is written', () => {
    const entry = fc.record({
      action: fc.constantFrom(...WANTED),
      actor: fc.string(),
      created_at: fc.integer({ min: 0 }),
      extra: fc.jsonValue(),
    });
    fc.assert(
      fc.property(entry, fc.boolean(), (value, pretty) => {
        const line = pretty ? JSON.stringify(value, null, 1).replaceAll('\n', ' ') : JSON.stringify(value);
        expect(test(line)).toBe(true);
      }),
    );
  });
});
