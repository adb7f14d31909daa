import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseObjectLine, repeatedKey } from './lines.ts';

/** A JSON value as a tree, written out by hand so names can repeat, be escaped and spaced. */
type Tree = { kind: 'object'; entries: [string, Tree][] } | { kind: 'array'; items: Tree[] } | { kind: 'leaf'; value: string | number | boolean | null };

const NAMES = ['a', 'b', 'actor', 'x"y', 'back\\slash', '{', '[', ',', 'é'];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('"a":', '{"a":1,"a":2}', '\\"')).map((value) => ({ kind: 'leaf' as const, value })),
    fc.array(fc.tuple(fc.constantFrom(...NAMES), tie('tree')), { maxLength: 5 }).map((entries) => ({ kind: 'object' as const, entries })),
    fc.array(tie('tree'), { maxLength: 3 }).map((items) => ({ kind: 'array' as const, items })),
  ),
})).tree;

/** `escapeAll`: write every name character as \uXXXX (the same name to JSON). */
function write(t: Tree, escapeAll: boolean, space: string): string {
  if (t.kind === 'leaf') return JSON.stringify(t.value);
  if (t.kind === 'array') return `[${space}${t.items.map((i) => write(i, escapeAll, space)).join(`,${space}`)}${space}]`;
  const name = (n: string) => (escapeAll ? `"${[...n].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(n));
  return `{${space}${t.entries.map(([n, v]) => `${name(n)}${space}:${space}${write(v, escapeAll, space)}`).join(`,${space}`)}${space}}`;
}

function hasRepeat(t: Tree): boolean {
  if (t.kind === 'leaf') return false;
  if (t.kind === 'array') return t.items.some(hasRepeat);
  const names = t.entries.map(([n]) => n);
  return new Set(names).size !== names.length || t.entries.some(([, v]) => hasRepeat(v));
}

describe('repeatedKey', () => {
  it.each([
    ['{"actor":"mallory","actor":"alice"}', 'actor'],
    ['{"a":{"b":1,"b":2}}', 'b'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"a":1,"b":{"a":2},"c":[{"x":1},{"x":2}],"d":"\\"a\\":"}', undefined],
    ['{"a\\\\":1,"a":2}', undefined],
    ['{ "a" : 1 , "a" : 2 }', 'a'],
  ])('%s -> %s', (text, expected) => {
    expect(repeatedKey(text)).toBe(expected);
    expect(repeatedKey(text, JSON.parse(text) as Record<string, unknown>)).toBe(expected);
  });

  it('property: finds a repeat exactly when some object of the text repeats a name (escaped, spaced, nested)', () => {
    fc.assert(
      fc.property(tree.filter((t) => t.kind === 'object'), fc.boolean(), fc.constantFrom('', ' ', '\t'), (t, escapeAll, space) => {
        const text = write(t, escapeAll, space);
        const parsed = JSON.parse(text) as Record<string, unknown>;
        expect(repeatedKey(text, parsed) !== undefined).toBe(hasRepeat(t));
        expect(repeatedKey(text) !== undefined).toBe(hasRepeat(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseObjectLine refuses a line with a repeated name, naming it', () => {
    expect(parseObjectLine('{"actor":"mallory","actor":"alice"}')).toEqual({
      error: 'key "actor" appears twice in one object (JSON.parse keeps the last, other readers the first; RFC 8785 needs unique names)',
    });
  });
});
