import { describe, expect, it } from 'vitest';
import { createInterner, flatText } from './text.ts';

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
