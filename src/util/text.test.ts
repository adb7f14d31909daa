import { describe, expect, it } from 'vitest';
import { createInterner, exactArray, flatText, listSome, oneLine } from './text.ts';

describe('flatText', () => {
  it.each([
    ['ascii', `review ${'BGR-1'} due ${'2026-07-03T00:00:00-04:00'}`],
    ['latin1', `caf${'é'} ${'ÿ'}`],
    ['wide', `Jürgen ${'日本'} ${'😀'}`],
    ['lone surrogate', `a${'\ud800'}b`],
    ['empty', ''],
  ])('keeps %s text unchanged', (_name, text) => {
    expect(flatText(text)).toBe(text);
  });
});

describe('createInterner', () => {
  it('returns the first copy of equal texts', () => {
    const intern = createInterner();
    const first = intern(['p', '001'].join(''));
    expect(intern('p001')).toBe(first);
    expect(intern('p002')).toBe('p002');
  });
});

describe('exactArray', () => {
  it.each([[[]], [[1]], [['a', 'b', 'c']]])('keeps the items and their order: %j', (items) => {
    const pushed: unknown[] = [];
    for (const item of items) pushed.push(item);
    expect(exactArray(pushed)).toEqual(items);
  });
  it('copies a filled array (so the spare capacity can go) and returns an empty one as it is', () => {
    const filled = [1, 2];
    const empty: number[] = [];
    expect(exactArray(filled)).not.toBe(filled);
    expect(exactArray(empty)).toBe(empty);
  });
});

describe('oneLine', () => {
  it('whole text when short, else cut (at a space when asked) with an ellipsis', () => {
    expect(oneLine('  short\n text ', 20, true)).toBe('short text');
    expect(oneLine('one two three four five', 12, true)).toBe('one two…');
    expect(oneLine('one two three four five', 12)).toBe('one two thr…');
    expect(oneLine('x'.repeat(30), 10, true)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine(`${'x'.repeat(8)}🚀🚀`, 10)).toBe(`${'x'.repeat(8)}…`);
  });
});

describe('listSome', () => {
  it('joins up to the limit, then counts the rest after the separator', () => {
    expect(listSome([], 2, ', ')).toBe('');
    expect(listSome(['a', 'b'], 2, ', ')).toBe('a, b');
    expect(listSome(['a', 'b', 'c'], 2, ', ')).toBe('a, b, and 1 more');
    expect(listSome(['a', 'b', 'c', 'd'], 2, '; ')).toBe('a; b; and 2 more');
  });
});
