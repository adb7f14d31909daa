import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chain, checkpoint, makeKey, sampleBodies, toText } from '../../../test/ledger/build.ts';
import { formatVerification } from './format.ts';
import { verifyLedgerText } from './verify.ts';

const key = makeKey();
const keys = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
const objs = chain(sampleBodies(4));

describe('formatVerification', () => {
  it('prints one file:line: code: message per problem, then a failing summary', () => {
    const text = toText(objs.map((o, i) => (i === 1 ? { ...o, reason: 'edited' } : o)));
    const out = formatVerification(verifyLedgerText(text, 'l.jsonl', { text: toText([checkpoint(objs, 1, key, { at: '2026-07-01T00:00:00Z' })]), file: 'c.jsonl' }, keys).verification);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^l\.jsonl:2: hash: hash does not match/);
    expect(lines[1]).toBe('l.jsonl:2: unanchored: 3 entries after the last verified checkpoint (size 1) are not anchored yet');
    expect(lines[2]).toMatch(/^l\.jsonl: FAILED: 1 error\(s\), 1 warning\(s\); entries from line 2 on are untrusted — 4 line\(s\), 4 well-formed entries, head sha256:[0-9a-f]{64}, 1 checkpoint\(s\), last verified covers 1 \(line 1\), 3 unanchored$/);
    expect(lines).toHaveLength(3);
  });

  it('says OK for a sound ledger', () => {
    const out = formatVerification(verifyLedgerText(toText(objs), 'l.jsonl', { text: toText([checkpoint(objs, 4, key)]), file: 'c.jsonl' }, keys).verification);
    expect(out).toBe(`l.jsonl: OK — 4 line(s), 4 well-formed entries, head ${objs[3]!.hash as string}, 1 checkpoint(s), last verified covers 4 (line 1), 0 unanchored\n`);
  });

  it('a bad old checkpoint that a later verified one covers doubts no entry, and says where the problem is', () => {
    const cps = toText([{ ...checkpoint(objs, 2, key), at: '2026-07-09T00:00:00Z' }, checkpoint(objs, 4, key)]);
    const out = formatVerification(verifyLedgerText(toText(objs), 'l.jsonl', { text: cps, file: 'c.jsonl' }, keys).verification);
    expect(out).toContain('l.jsonl: FAILED: 1 error(s), 0 warning(s); every entry is vouched for by a verified checkpoint: the problem lies in the checkpoints file — 4 line(s)');
  });

  it('a cut ledger is not blamed on the checkpoints file', () => {
    const cut = formatVerification(verifyLedgerText(toText(objs.slice(0, 2)), 'l.jsonl', { text: toText([checkpoint(objs, 2, key), checkpoint(objs, 4, key)]), file: 'c.jsonl' }, keys).verification);
    expect(cut).toContain('c.jsonl:2: truncated: the ledger is truncated: it has 2 entries but checkpoint at line 2 covers 4');
    expect(cut).toContain('l.jsonl: FAILED: 1 error(s), 0 warning(s); entries from line 3 on are missing (a checkpoint covers more than the ledger holds)');
    const empty = formatVerification(verifyLedgerText('', 'l.jsonl', { text: toText([checkpoint(objs, 4, key)]), file: 'c.jsonl' }, keys).verification);
    expect(empty).toContain('entries from line 1 on are missing (a checkpoint covers more than the ledger holds)');
    // no truncation: nothing is said to be missing
    const bad = formatVerification(verifyLedgerText('', 'l.jsonl', { text: 'garbage\n', file: 'c.jsonl' }, keys).verification);
    expect(bad).toContain('c.jsonl:1: checkpoint-bad');
    expect(bad).toContain('FAILED: 1 error(s), 0 warning(s); no entry is anchored by a verified checkpoint, and the checkpoints file does not verify');
  });
});
