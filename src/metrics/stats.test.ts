import { describe, expect, it } from 'vitest';
import { pctCell, rateCell } from '../render/format.ts';
import { isRising, median, nearestRank, percent, ratio } from './stats.ts';

describe('nearestRank', () => {
  it.each<[number[], number, number | null]>([
    [[], 50, null],
    [[7], 50, 7],
    [[7], 90, 7],
    [[4, 1, 0], 50, 1],
    [[4, 1, 0], 90, 4],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 90, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 90, 9],
  ])('%j p%d = %s', (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });
});

describe('median', () => {
  it.each<[number[], number | null]>([
    [[], null],
    [[7], 7],
    [[4, 1, 0], 1],
    [[1, 2, 3, 4], 2.5],
    [[3, 1], 2],
  ])('%j -> %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('ratio', () => {
  it.each<[number, number, number | null]>([
    [1, 0, null],
    [0, 0, null],
    [0, 4, 0],
    [3, 4, 0.75],
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    // a tie above 1: (1633 / 800) is 2.04125, half up
    [1633, 800, 2.0413],
  ])('%d/%d = %s', (n, d, expected) => {
    expect(ratio(n, d)).toBe(expected);
  });
});

/** n/d rounded half up at `decimals`, in exact integer arithmetic: the reference. */
function halfUp(n: number, d: number, decimals: number): string {
  const f = 10n ** BigInt(decimals);
  const scaled = (2n * BigInt(n) * f + BigInt(d)) / (2n * BigInt(d));
  const whole = scaled / f;
  return decimals === 0 ? String(whole) : `${whole}.${String(scaled % f).padStart(decimals, '0')}`;
}

describe('percent', () => {
  it.each<[number, number, string]>([
    // ties that `(n / d) * 100` put on the wrong side (51.249999… → 51.2 beside 6.25 → 6.3)
    [41, 80, '51.3'],
    [1, 16, '6.3'],
    [42, 96, '43.8'],
    [51, 80, '63.8'],
    [23, 80, '28.8'],
    [203, 400, '50.8'],
    [29, 400, '7.3'],
    [2, 3, '66.7'],
    [1, 1, '100.0'],
  ])('%d/%d is %s percent', (n, d, expected) => {
    expect(pctCell(percent(n, d))).toBe(expected);
  });

  it('is exact for every count up to 500 (percentages) and 2,000 (rates)', () => {
    const wrong: string[] = [];
    for (let d = 1; d <= 500; d++) {
      for (let n = 0; n <= d; n++) if (pctCell(percent(n, d)) !== halfUp(n * 100, d, 1)) wrong.push(`${n}/${d} %`);
    }
    for (let d = 1; d <= 2_000; d++) {
      for (let n = 0; n <= 2 * d; n += 1) if (rateCell(ratio(n, d)) !== halfUp(n, d, 4)) wrong.push(`${n}/${d}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('isRising', () => {
  it('judges the published rates: 1/100, 2/199, 3/298 are 0.0100, 0.0101, 0.0101, not rising', () => {
    const rates = [ratio(1, 100), ratio(2, 199), ratio(3, 298)];
    expect(rates.map(rateCell)).toEqual(['0.0100', '0.0101', '0.0101']);
    expect(isRising(rates)).toBe(false);
  });

  it.each<[(number | null)[], boolean]>([
    [[], false],
    [[0.1, 0.2], false],
    [[0.1, 0.2, 0.3], true],
    [[0.3, 0.2, 0.1], false],
    [[0.1, 0.2, 0.2, 0.3], false],
    [[0.1, 0.2, 0.1, 0.2, 0.3], true],
    [[0.1, null, 0.2, 0.3], false],
    [[0.1, 0.2, null, 0.3, 0.4], false],
    [[null, 0.1, 0.2, 0.3], true],
    [[0, 0.1, 0.05], false],
  ])('%j -> %s', (rates, expected) => {
    expect(isRising(rates)).toBe(expected);
  });
});
