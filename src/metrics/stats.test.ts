import { describe, expect, it } from 'vitest';
import { isRising, median, nearestRank, ratio } from './stats.ts';

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
  ])('%d/%d = %s', (n, d, expected) => {
    expect(ratio(n, d)).toBe(expected);
  });
});

describe('isRising', () => {
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
