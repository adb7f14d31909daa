import fc from 'fast-check';
import type { Edit } from './errors.ts';

/** Characters that matter to YAML and JSON, plus ordinary ones. */
const SPECIAL = [':', '-', ' ', '[', ']', '{', '}', '"', "'", ',', '#', '\t', '\n', '|', '>', '&', '*', '!', '%', '@', '`', '\\', '0', '9', 'x', 'é', '\u0000', '\uFEFF'];

export const snippet = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('null', 'true', '~', '2026-02-30', '99999999999999999999', '-1', '1e999', 'env:', 'env:X', '*', '"*"', '- ', ': ', '{}', '[]'),
);

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('replace-char' as const), at: fc.nat(), text: snippet }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: snippet }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

export const edits = fc.array(edit, { minLength: 1, maxLength: 3 });

/** A JSON value that is often the wrong type for a field. */
export const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '2026-07-06T14:02:00Z', '2026-07-06', 'not a date', '1783400000000'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** Take a valid object and replace, delete or retype some of its fields. */
export function mutated(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc
    .array(
      fc.record({ key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 5 })), action: fc.constantFrom('delete', 'set'), value: junk }),
      { minLength: 0, maxLength: 3 },
    )
    .map((changes) => {
      const copy: Record<string, unknown> = structuredClone(base);
      for (const change of changes) {
        if (change.action === 'delete') delete copy[change.key];
        else copy[change.key] = change.value;
      }
      return copy;
    });
}
