import { describe, expect, it } from 'vitest';
import { keysToFetch, ledgerKeysOf } from './review-keys.ts';

describe('ledgerKeysOf / keysToFetch', () => {
  it('a review key typed in lower case is the archived issue, not one to fetch again on every run', () => {
    const keys = ledgerKeysOf([' bgr-12', 'BGR-12', 'bgr-13 ', '  ']);
    expect(keys).toEqual(['BGR-12', 'BGR-13']);
    expect(keysToFetch(keys, new Set(['BGR-12']), new Set(), new Set(), false)).toEqual(['BGR-13']);
  });
});
