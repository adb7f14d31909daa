import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeAuditScans, prefilter, scanAuditFiles } from './read-audit.ts';

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
    ['{"action":"git.push","note":"protected_branch.create"}', false], // a wanted name elsewhere is not the action
    ['{"note":"protected_branch.create","action" : "git.push"}', false],
    ['{"action":"git.push","action":"protected_branch.destroy"}', true], // a repeated key: the parse takes the last
    ['{"data":{"action":"protected_branch.destroy"},"action":"git.push"}', true], // nested keys pass too
    ['{"action":"protected_branch.destroy', true], // cut: the parse reports it
    ['{"action":"protected_branch.destroy\\"}', true], // any escape in the value: the parse decides
    ['{"type":"action","action":7}', false],
    ['{"action":"protected_branch.update_name","created_at":1}', false],
    ['{"action":"repository_ruleset.create","created_at":1}', false],
    ['{"action":"repo.create","created_at":1}', false],
    ['{"action":"protected\\u005fbranch.destroy"}', true], // escaped: must reach the full parse
  ])('%s -> %s', (line, expected) => {
    expect(test(line)).toBe(expected);
  });

  it('never rejects a line whose parsed action is wanted, whatever the key order, nesting and noise', () => {
    const action = fc.oneof(fc.constantFrom(...WANTED), fc.constantFrom('git.push', 'protected_branch.update_name', 'repo.create'), fc.string());
    const noise = fc.dictionary(fc.constantFrom('action', 'note', 'data', 'actor', 'x'), fc.oneof(action, fc.jsonValue()), { maxKeys: 4 });
    const entry = fc.tuple(action, noise, noise, fc.boolean()).map(([a, before, after, nested]) => {
      const { action: _drop, ...rest } = after;
      return { ...before, ...(nested ? { data: after } : rest), action: a };
    });
    fc.assert(
      fc.property(entry, fc.boolean(), (value, pretty) => {
        const line = pretty ? JSON.stringify(value, null, 1).replaceAll('\n', ' ') : JSON.stringify(value);
        const parsed = JSON.parse(line) as { action: unknown };
        if (typeof parsed.action === 'string' && WANTED.has(parsed.action)) expect(test(line)).toBe(true);
      }),
      { numRuns: 2000 },
    );
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

describe('mergeAuditScans', () => {
  it('refuses an entry whose copy in a later part disagrees, as one scan of both parts would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glasstrail-read-audit-'));
    try {
      const entry = { _document_id: 'D-1', action: 'protected_branch.policy_override', actor: 'heidi-gh', repo: 'acme/web', branch: 'main', created_at: Date.parse('2026-07-14T06:13:00Z') };
      const files = {
        first: { path: join(dir, 'a.ndjson'), rel: 'archive/github/audit/0-export.ndjson' },
        second: { path: join(dir, 'b.ndjson'), rel: 'archive/github/audit/2026-07-14.ndjson' },
      };
      await writeFile(files.first.path, `${JSON.stringify({ ...entry, created_at: Date.parse('2025-01-01T00:00:00Z') })}\n`);
      await writeFile(files.second.path, `${JSON.stringify(entry)}\n`);
      const options = { wanted: WANTED, window: { from: Date.parse('2026-07-01T00:00:00Z'), to: Date.parse('2026-08-01T00:00:00Z') } };
      const message = 'audit-log entry D-1 is also at archive/github/audit/0-export.ndjson:1, with a different action';
      await expect(scanAuditFiles([files.first, files.second], options)).rejects.toThrow(message);
      const [a, b] = [await scanAuditFiles([files.first], options), await scanAuditFiles([files.second], options)];
      expect(b.events.map((e) => e.id)).toEqual(['D-1']);
      expect(() => mergeAuditScans(a, b)).toThrow(message);
      // the same entry twice is one event and one duplicate
      await writeFile(files.first.path, `${JSON.stringify(entry)}\n`);
      const merged = mergeAuditScans(await scanAuditFiles([files.first], options), b);
      expect([merged.events.length, merged.duplicates]).toEqual([1, 1]);
      // an export that writes the time as ISO text to the second is the same copy; a second off is not
      await writeFile(files.second.path, `${JSON.stringify({ ...entry, created_at: entry.created_at + 936 })}\n`);
      await writeFile(files.first.path, `${JSON.stringify({ ...entry, created_at: '2026-07-14T06:13:00Z' })}\n`);
      expect((await scanAuditFiles([files.first, files.second], options)).duplicates).toBe(1);
      await writeFile(files.first.path, `${JSON.stringify({ ...entry, created_at: '2026-07-14T06:13:01Z' })}\n`);
      await expect(scanAuditFiles([files.first, files.second], options)).rejects.toThrow(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
