/**
 * Seeded audit sample (CONTRACT §9). Pure: no I/O, no clock.
 * key(use) = hex SHA-256 of `seed + ":" + use_id`; sort by key ascending; take the first N.
 * Anyone can re-draw it with `printf '%s' "$seed:$id" | sha256sum`, `sort` and `head`.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SAMPLE_SIZES } from '../config/defaults.ts';
import type { SampleSizeStep } from '../domain/config.ts';

export interface SampleDraw {
  seed: string;
  population: number;
  size: number;
  /** hex SHA-256 of the sorted, newline-joined population ids (no trailing newline) */
  populationHash: string;
  /** drawn ids in rank order with their keys; `index` is the use's position in the population given */
  picks: SamplePick[];
}

export interface SamplePick {
  rank: number;
  useId: string;
  key: string;
  index: number;
}

export { DEFAULT_SAMPLE_SIZES } from '../config/defaults.ts';

export function sampleKey(seed: string, useId: string): string {
  return createHash('sha256').update(`${seed}:${useId}`, 'utf8').digest('hex');
}

/** Byte-wise sort (what `LC_ALL=C sort` does), so shell re-draws agree with us. */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The population ids in byte order, as population.txt lists them and the hash takes them. */
export function sortedPopulation(useIds: readonly string[]): string[] {
  return [...useIds].sort(byteCompare);
}

export function populationHash(useIds: readonly string[]): string {
  return createHash('sha256').update(sortedPopulation(useIds).join('\n'), 'utf8').digest('hex');
}

/** Sample size for a population under the size table: the first step whose bound holds. */
export function autoSampleSize(population: number, steps: readonly SampleSizeStep[] = DEFAULT_SAMPLE_SIZES): number {
  for (const step of steps) {
    if (step.maxPopulation === null || population <= step.maxPopulation) {
      return Math.min(step.size ?? population, population);
    }
  }
  return population;
}

/**
 * Use ids are unique in practice (`ledger append` refuses grant ids in the `gh-` space of
 * unsanctioned uses), but a ledger written by another tool could repeat one. Two uses with
 * one id get one key; the stable sort keeps them in population order, and both stay in the
 * population (and its hash), as a shell re-draw over the same lines would.
 */
export function drawSample(useIds: readonly string[], seed: string, size: number): SampleDraw {
  const keyed = useIds.map((useId, index) => ({ useId, key: sampleKey(seed, useId), index }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const n = Math.max(0, Math.min(size, useIds.length));
  return {
    seed,
    population: useIds.length,
    size: n,
    populationHash: populationHash(useIds),
    picks: keyed.slice(0, n).map((pick, i) => ({ rank: i + 1, useId: pick.useId, key: pick.key, index: pick.index })),
  };
}
