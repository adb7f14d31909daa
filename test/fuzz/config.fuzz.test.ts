/**
 * loadConfig over mutated copies of the demo config (deleted, duplicated, swapped lines; YAML
 * punctuation dropped in; truncation): it loads, or throws our error family naming the file and
 * a line inside it. Never a TypeError, never an unlocated error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { REPO } from '../reliability/harness.ts';
import { edits } from './arbitraries.ts';
import { applyEdit, ourErrorOnly } from './errors.ts';

const DEMO = readFileSync(join(REPO, 'fixtures/demo/glasstrail.config.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'gt-fuzz-config-'));

describe('loadConfig on mutated demo configs', () => {
  it('the unmutated demo loads (the property is not vacuous)', async () => {
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, DEMO);
    expect((await loadConfig(file)).gates).toHaveLength(6);
  });

  it('loads, or throws a located ConfigError/UsageError', async () => {
    let n = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(edits, async (changes) => {
        const text = changes.reduce(applyEdit, DEMO);
        const file = join(dir, `c${n++}.yaml`);
        writeFileSync(file, text);
        const lines = text.split('\n').length;
        // A file with no content at all has no line to point at.
        const blank = text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));
        const error = await ourErrorOnly(() => loadConfig(file), { file, line: !blank }, lines + 1);
        if (error) {
          rejected += 1;
          expect(error.exitCode).toBe(2);
        }
      }),
      { numRuns: 300, seed: 20261015 },
    );
    // most random damage must be caught (the strict schema sees it)
    expect(rejected).toBeGreaterThan(50);
  });
});
