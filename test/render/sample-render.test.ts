import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE_SIZES } from '../../src/config/defaults.ts';
import { populationText, shellQuote, sizeConvention } from '../../src/render/sample.ts';
import { populationHash } from '../../src/sample/index.ts';

describe('sizeConvention (CONTRACT §9: "say so in the output")', () => {
  it('states the default table and that it is a convention', () => {
    expect(sizeConvention(DEFAULT_SAMPLE_SIZES)).toBe(
      'The auto size table (population up to 1: all; up to 4: 2; up to 12: 3; up to 52: 10; up to 250: 25; else 40) is a common audit convention for testing controls by frequency, not a statistical standard; the config may override it.',
    );
  });

  it('states the configured table when the config overrides it, and the default it replaces', () => {
    const text = sizeConvention([{ maxPopulation: 10, size: 5 }, { maxPopulation: null, size: 7 }]);
    expect(text).toContain('set in the config (population up to 10: 5; else 7)');
    expect(text).toContain('replaces the default (population up to 1: all; up to 4: 2;');
    expect(text).not.toMatch(/^The auto size table \(population up to 1/);
  });
});

describe('population.txt', () => {
  it('is the bytes the population hash is taken of: sorted byte-wise, LF-joined, no final newline', () => {
    const ids = ['b', 'BG,comma', "-neg", 'Ä', 'a', 'gh-x'];
    const text = populationText(ids);
    expect(text.toString('utf8')).toBe(['-neg', 'BG,comma', 'a', 'b', 'gh-x', 'Ä'].join('\n'));
    expect(createHash('sha256').update(text).digest('hex')).toBe(populationHash(ids));
  });
});

describe('shellQuote (the re-draw\'s Seed line, run as written)', () => {
  it.each(['FY26 Q3 walkthrough', "it's", "'", '$HOME `id` "x" \\ !', 'two\nlines', ''])('%j reads back unchanged in sh', (seed) => {
    expect(execFileSync('sh', ['-c', `SEED=${shellQuote(seed)}; printf '%s' "$SEED"`], { encoding: 'utf8' })).toBe(seed);
  });
});
