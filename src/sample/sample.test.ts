import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoSampleSize, drawSample, populationHash, sampleKey } from './index.ts';

const ids = Array.from({ length: 30 }, (_, i) => `BG-${String(i + 1).padStart(3, '0')}`).concat(['gh-123', 'gh-rs-9']);

describe('drawSample', () => {
  it('same seed gives the same sample; another seed another one', () => {
    const a = drawSample(ids, 'fy26-q3-audit', 10);
    const b = drawSample([...ids].reverse(), 'fy26-q3-audit', 10);
    const c = drawSample(ids, 'another-seed', 10);
    expect(a.picks.map((p) => p.useId)).toEqual(b.picks.map((p) => p.useId));
    expect(a.picks.map((p) => p.useId)).not.toEqual(c.picks.map((p) => p.useId));
    expect(a.picks).toHaveLength(10);
    expect(a.picks.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keys are sha256(seed:id), sorted ascending', () => {
    const draw = drawSample(ids, 's', 32);
    expect(draw.picks[0]!.key).toBe(sampleKey('s', draw.picks[0]!.useId));
    const keys = draw.picks.map((p) => p.key);
    expect([...keys].sort()).toEqual(keys);
    expect(sampleKey('abc', 'BG-001')).toBe('24b6ad001c2641dced2e884c7fedf31034bda2a331fcaa8d0608412821886c76');
  });

  it('a changed population changes the population hash', () => {
    expect(populationHash(ids)).toBe(populationHash([...ids].reverse()));
    expect(populationHash(ids)).not.toBe(populationHash(ids.slice(1)));
  });

  it('equals a re-draw with sha256sum, sort and head alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-sample-'));
    const popFile = join(dir, 'population.txt');
    writeFileSync(popFile, ids.join('\n') + '\n');
    const seed = 'fy26-q3-audit';
    const script = `while IFS= read -r id; do printf '%s %s\\n' "$(printf '%s' "${seed}:$id" | sha256sum | cut -d' ' -f1)" "$id"; done < "$1" | LC_ALL=C sort | head -n 10 | cut -d' ' -f2`;
    const shell = execFileSync('bash', ['-c', script, 'redraw', popFile], { encoding: 'utf8' }).trim().split('\n');
    expect(shell).toEqual(drawSample(ids, seed, 10).picks.map((p) => p.useId));
    const hashScript = `LC_ALL=C sort "$1" | head -c -1 | sha256sum | cut -d' ' -f1`;
    const shellHash = execFileSync('bash', ['-c', hashScript, 'hash', popFile], { encoding: 'utf8' }).trim();
    expect(shellHash).toBe(populationHash(ids));
  });
});

describe('a repeated use id (a ledger written by another tool)', () => {
  it('keeps both uses in the population and the draw, in population order, without throwing', () => {
    const twice = ['BG-1', 'gh-rs-7', 'BG-2', 'gh-rs-7'];
    const draw = drawSample(twice, 's', 4);
    expect(draw.population).toBe(4);
    const picked = draw.picks.filter((p) => p.useId === 'gh-rs-7');
    expect(picked.map((p) => p.index)).toEqual([1, 3]);
    expect(picked[1]!.rank).toBe(picked[0]!.rank + 1);
    expect(draw.populationHash).toBe(populationHash(twice));
  });
});

describe('autoSampleSize', () => {
  it.each([
    [0, 0], [1, 1], [2, 2], [4, 2], [5, 3], [12, 3], [13, 10], [52, 10], [53, 25], [250, 25], [251, 40], [10_000, 40],
  ])('population %i -> %i', (population, size) => {
    expect(autoSampleSize(population)).toBe(size);
  });

  it('honours a custom table', () => {
    expect(autoSampleSize(100, [{ maxPopulation: 10, size: 5 }, { maxPopulation: null, size: 7 }])).toBe(7);
  });
});
