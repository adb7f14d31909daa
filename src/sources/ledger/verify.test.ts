import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LedgerRead } from '../../domain/ledger.ts';
import { chain, checkpoint, grantOpened, makeKey, refHash, sampleBodies, toText } from '../../../test/ledger/build.ts';
import type { Body, TestKey } from '../../../test/ledger/build.ts';
import { verifyLedgerText } from './verify.ts';

const LEDGER = 'ledger.jsonl';
const CPS = 'checkpoints.jsonl';
const key = makeKey();
const keys = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);

function verify(objsOrText: Body[] | string, cps?: Body[]): LedgerRead {
  const text = typeof objsOrText === 'string' ? objsOrText : toText(objsOrText);
  return verifyLedgerText(text, LEDGER, cps ? { text: toText(cps), file: CPS } : undefined, keys);
}

/** `file:line:code` of every error, the shape the tamper table asserts on. */
function errors(read: LedgerRead): string[] {
  return read.verification.problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.code}`);
}

/** Recompute seq-independent hashes after editing, as an attacker with write access would. */
function rechain(objs: Body[]): Body[] {
  return chain(objs.map(({ schema: _s, seq: _q, prev: _p, hash: _h, ...body }) => body));
}

function swap<T>(items: T[], i: number, j: number): T[] {
  const copy = [...items];
  [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  return copy;
}

const good = chain(sampleBodies(6));

describe('verifyLedgerText: a sound ledger', () => {
  it('verifies, with entries, head and checkpoint anchoring', () => {
    // signed as the entries were written: the first after seq 2 (07-03), before seq 3's close (07-09)
    const read = verify(good, [checkpoint(good, 3, key, { at: '2026-07-03T12:00:00Z' }), checkpoint(good, 6, key)]);
    const v = read.verification;
    expect(v.ok).toBe(true);
    expect(v.problems).toEqual([]);
    expect(v.firstBadLine).toBeNull();
    expect(v.entries).toBe(6);
    expect(v.lines).toBe(6);
    expect(v.head).toBe(good[5]!.hash);
    expect(v.checkpoints).toEqual({ file: CPS, count: 2, lastVerified: { size: 6, head: good[5]!.hash, at: '2026-08-01T00:00:00Z', keyId: key.keyId, line: 2 } });
    expect(v.unanchored).toBe(0);
    expect(read.entries.map((e) => [e.seq, e.type, e.source.line])).toEqual(good.map((o, i) => [i, o.type, i + 1]));
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('reshapes fields to the domain type (epoch ms, atRaw, blank expiry → undefined)', () => {
    const objs = chain([grantOpened({ at: '2026-07-01T09:40:00-04:00', expiresAt: '', approver: null, review: '  ' })]);
    const [entry] = verify(objs).entries;
    expect(entry).toMatchObject({ type: 'grant.opened', at: Date.UTC(2026, 6, 1, 13, 40), atRaw: '2026-07-01T09:40:00-04:00', review: '  ' });
    expect(entry && 'expiresAt' in entry ? entry.expiresAt : 'absent').toBeUndefined();
    expect(entry && 'approver' in entry ? entry.approver : 'absent').toBeUndefined();
  });

  it('warns about entries after the last checkpoint but stays ok', () => {
    const v = verify(good, [checkpoint(good, 4, key, { at: '2026-07-01T00:00:00Z' })]).verification;
    expect(v.ok).toBe(true);
    expect(v.unanchored).toBe(2);
    expect(v.problems).toEqual([
      expect.objectContaining({ code: 'unanchored', severity: 'warning', file: LEDGER, line: 5 }),
    ]);
  });

  it.each([
    ['empty file', ''],
    ['no final newline', toText(good).slice(0, -1)],
    ['CRLF line ends', toText(good).replaceAll('\n', '\r\n')],
  ])('accepts %s', (_name, text) => {
    const v = verify(text).verification;
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(text === '' ? 0 : 6);
    expect(v.head).toBe(text === '' ? null : good[5]!.hash);
  });

  it('treats a blank line in the middle as bad JSON', () => {
    const lines = toText(good).split('\n');
    lines.splice(2, 0, '');
    expect(errors(verify(lines.join('\n')))).toEqual([`${LEDGER}:3:bad-json`]);
  });

  it('signs unknown extra fields: editing one breaks the hash', () => {
    const objs = chain([grantOpened({ ticketUrl: 'https://x.example/1' }), grantOpened()]);
    expect(verify(objs).verification.ok).toBe(true);
    const edited = objs.map((o, i) => (i === 0 ? { ...o, ticketUrl: 'https://x.example/2' } : o));
    expect(errors(verify(edited))).toEqual([`${LEDGER}:1:hash`]);
  });
});

interface TamperCase {
  name: string;
  ledger: Body[] | string;
  checkpoints?: Body[];
  keysUsed?: TestKey;
  errors: string[];
  firstBadLine: number;
}

const other = makeKey();
const rewritten = rechain(good.map((o, i) => (i === 2 ? { ...o, justification: 'nothing to see here' } : o)));
const forged = (() => {
  // A self-consistent line inserted after seq 2: right prev, right hash, seq 3.
  const body: Body = { schema: 'glasstrail.ledger/v1', seq: 3, ...grantOpened({ actor: 'mallory' }), prev: good[2]!.hash };
  return { ...body, hash: refHash(body) };
})();

const tamperCases: TamperCase[] = [
  {
    name: 'edit a field (one hash problem, no cascade)',
    ledger: good.map((o, i) => (i === 2 ? { ...o, at: '2026-07-02T10:00:00Z' } : o)),
    errors: [`${LEDGER}:3:hash`],
    firstBadLine: 3,
  },
  {
    name: 'delete a line',
    ledger: good.filter((_, i) => i !== 2),
    errors: [`${LEDGER}:3:seq`, `${LEDGER}:3:prev`],
    firstBadLine: 2,
  },
  {
    name: 'reorder two lines',
    ledger: swap(good, 2, 3),
    errors: [`${LEDGER}:3:seq`, `${LEDGER}:3:prev`, `${LEDGER}:4:seq`, `${LEDGER}:4:prev`, `${LEDGER}:5:prev`],
    firstBadLine: 2,
  },
  {
    name: 'insert a self-consistent forged line',
    ledger: [...good.slice(0, 3), forged, ...good.slice(3)],
    errors: [`${LEDGER}:5:seq`, `${LEDGER}:5:prev`],
    firstBadLine: 4,
  },
  {
    name: 're-chained rewrite, caught only by the checkpoint head',
    ledger: rewritten,
    checkpoints: [checkpoint(good, 6, key)],
    errors: [`${CPS}:1:checkpoint-head`],
    firstBadLine: 1,
  },
  {
    name: 're-chained rewrite below a later checkpoint, after an earlier one that still holds',
    ledger: rewritten,
    checkpoints: [checkpoint(good, 2, key), checkpoint(good, 5, key)],
    errors: [`${CPS}:2:checkpoint-head`],
    firstBadLine: 3,
  },
  {
    name: 'truncation below a checkpoint',
    ledger: good.slice(0, 3),
    checkpoints: [checkpoint(good, 5, key)],
    errors: [`${CPS}:1:truncated`],
    firstBadLine: 1,
  },
  {
    name: 'forged signature (size raised after signing)',
    ledger: good,
    checkpoints: [checkpoint(good, 2, key), { ...checkpoint(good, 4, key), size: 5, head: good[4]!.hash }],
    errors: [`${CPS}:2:checkpoint-signature`],
    firstBadLine: 3,
  },
  {
    name: 'checkpoint signed by a key that is not configured',
    ledger: good,
    checkpoints: [checkpoint(good, 6, other)],
    errors: [`${CPS}:1:checkpoint-unknown-key`],
    firstBadLine: 1,
  },
  {
    name: 'another key claiming the configured keyId',
    ledger: good,
    checkpoints: [checkpoint(good, 6, other, { keyId: key.keyId })],
    errors: [`${CPS}:1:checkpoint-signature`],
    firstBadLine: 1,
  },
  {
    // Line 2 is signed by the checkpoint: the copy on line 7 (or, as with any broken prev, the
    // line before it) is the forgery, not the line it repeats.
    name: 'a signed line copied after the last checkpoint',
    ledger: [...good, { ...good[1]! }],
    checkpoints: [checkpoint(good, 6, key)],
    errors: [`${LEDGER}:7:seq`, `${LEDGER}:7:prev`],
    firstBadLine: 7,
  },
  {
    name: 'a bad signature on a checkpoint that a later verified one covers',
    ledger: good,
    checkpoints: [{ ...checkpoint(good, 2, key), at: '2026-07-09T00:00:00Z' }, checkpoint(good, 6, key)],
    errors: [`${CPS}:1:checkpoint-signature`],
    firstBadLine: 7,
  },
  {
    name: 'a bad signature on a checkpoint that a later verified one covers, more entries after it',
    ledger: good,
    checkpoints: [{ ...checkpoint(good, 2, key), at: '2026-07-09T00:00:00Z' }, checkpoint(good, 4, key)],
    errors: [`${CPS}:1:checkpoint-signature`],
    firstBadLine: 5,
  },
];

describe('verifyLedgerText: tampering', () => {
  it.each(tamperCases)('$name', (c) => {
    const v = verify(c.ledger, c.checkpoints).verification;
    expect(errors({ entries: [], verification: v, lastLineOfGrant: new Map() })).toEqual(c.errors);
    expect(v.ok).toBe(false);
    expect(v.firstBadLine).toBe(c.firstBadLine);
  });

  it('says "truncated" with the entry count and the checkpoint size', () => {
    const v = verify(good.slice(0, 3), [checkpoint(good, 5, key)]).verification;
    expect(v.problems.find((p) => p.code === 'truncated')?.message).toBe('the ledger is truncated: it has 3 entries but checkpoint at line 1 covers 5');
  });

  it('keeps checking after a break and reports each independent problem', () => {
    const objs = good.map((o, i) => (i === 1 ? { ...o, reason: 'edited' } : i === 4 ? { ...o, at: 'yesterday' } : o));
    expect(errors(verify(objs))).toEqual([`${LEDGER}:2:hash`, `${LEDGER}:5:bad-field`, `${LEDGER}:5:hash`]);
  });

  it('an edited prev yields a prev problem and a hash problem on that line only', () => {
    const objs = good.map((o, i) => (i === 3 ? { ...o, prev: good[0]!.hash } : o));
    expect(errors(verify(objs))).toEqual([`${LEDGER}:4:prev`, `${LEDGER}:4:hash`]);
  });

  it('a repeated seq names the line it repeats', () => {
    const objs = [...good, { ...good[5]! }];
    const v = verify(objs).verification;
    expect(v.problems.find((p) => p.code === 'seq')).toMatchObject({ code: 'seq', line: 7, message: expect.stringContaining('already on line 6') });
    expect(v.firstBadLine).toBe(6);
  });
});

describe('verifyLedgerText: field validation', () => {
  const base = good[0]!;
  it.each<[string, Body]>([
    ['wrong schema', { schema: 'glasstrail.ledger/v2' }],
    ['negative seq', { seq: -1 }],
    ['fractional seq', { seq: 0.5 }],
    ['unknown type', { type: 'grant.extended' }],
    ['at without offset', { at: '2026-07-01T13:40:00' }],
    ['at as a date', { at: '2026-07-01' }],
    ['at with impossible day', { at: '2026-02-30T10:00:00Z' }],
    ['bad prev', { prev: 'sha256:ABC' }],
    ['uppercase hash', { hash: (base.hash as string).toUpperCase().replace('SHA256', 'sha256') }],
    ['missing actor', { actor: undefined }],
    ['blank actor', { actor: '  ' }],
    ['bad scope', { scope: 'everything' }],
    ['bad expiresAt', { expiresAt: 'tomorrow' }],
    ['numeric justification', { justification: 7 }],
    ['non-integer extra field', { cost: 1.5 }],
    ['lone surrogate', { justification: '\ud800' }],
    ['grant id with a line break', { grant: 'BG-1\nBG-FAKE' }],
    ['grant id with a tab', { grant: 'BG\t1' }],
  ])('%s → bad-field on that line', (_name, change) => {
    const line = JSON.stringify({ ...base, ...change });
    const v = verify(`${line}\n`).verification;
    expect(v.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toContain('bad-field');
    expect(v.problems[0]).toMatchObject({ file: LEDGER, line: 1 });
    expect(verify(`${line}\n`).entries).toEqual([]);
  });

  it.each<[string, Body]>([
    ['grant.closed without reason', { type: 'grant.closed', at: '2026-07-01T10:00:00Z', grant: 'G' }],
    ['waiver.granted without gate', { type: 'waiver.granted', at: '2026-07-01T10:00:00Z', waiver: 'W' }],
    ['waiver.revoked without waiver', { type: 'waiver.revoked', at: '2026-07-01T10:00:00Z' }],
    ['waiver id with a line separator', { type: 'waiver.revoked', at: '2026-07-01T10:00:00Z', waiver: 'W\u2028X' }],
  ])('%s → bad-field', (_name, body) => {
    const v = verify(chain([body])).verification;
    expect(v.problems.map((p) => p.code)).toEqual(['bad-field', 'unanchored']);
  });

  it.each<[string, Body]>([
    ['optional fields absent', { type: 'grant.opened', at: '2026-07-01T10:00:00Z', grant: 'G', actor: 'a', gate: 'g', scope: 'org-admin' }],
    ['optional fields blank', grantOpened({ expiresAt: ' ', justification: '', incident: '', review: '', approver: '' })],
    ['waiver with actor and expiry', { type: 'waiver.granted', at: '2026-07-01T10:00:00.123+05:30', waiver: 'W', gate: 'g', actor: 'bob', expiresAt: '2026-07-30T00:00:00Z' }],
    ['waiver.revoked', { type: 'waiver.revoked', at: '2026-07-01T10:00:00Z', waiver: 'W' }],
  ])('%s → valid', (_name, body) => {
    const read = verify(chain([body]));
    expect(read.verification.ok).toBe(true);
    expect(read.entries).toHaveLength(1);
  });

  it('reports bad JSON and non-objects', () => {
    expect(errors(verify('{"seq":0\n[1,2]\n"x"\n'))).toEqual([`${LEDGER}:1:bad-json`, `${LEDGER}:2:bad-json`, `${LEDGER}:3:bad-json`]);
  });

  it('checkpoint lines are validated too', () => {
    const bad = { ...checkpoint(good, 6, key), size: 0 };
    const v = verifyLedgerText(toText(good), LEDGER, { text: `${JSON.stringify(bad)}\nnot json\n`, file: CPS }, keys).verification;
    expect(errors({ entries: [], verification: v, lastLineOfGrant: new Map() })).toEqual([`${CPS}:1:checkpoint-bad`, `${CPS}:2:checkpoint-bad`]);
  });
});

describe('lastLineOfGrant (what LEDGER_TAMPERED judges a use by)', () => {
  it('names every line carrying a grant id, the ones that failed as a bad field included', () => {
    const objs = chain([
      grantOpened({ grant: 'G1' }),
      { type: 'grant.closed', at: '2026-07-01T11:00:00Z', grant: 'G1', reason: 5 }, // bad field: reason must be a string
      grantOpened({ grant: 'G2' }),
    ]);
    const read = verify(objs);
    expect(read.verification.firstBadLine).toBe(2);
    expect(read.entries.map((e) => e.source.line)).toEqual([1, 3]);
    expect([...read.lastLineOfGrant]).toEqual([['G1', 2], ['G2', 3]]);
  });
});

describe('a repeated name in a line', () => {
  it('is bad JSON even when the hash still matches (JSON.parse would keep the last value)', () => {
    const lines = toText(good).split('\n');
    expect(lines[0]).toContain('"actor":"alice"');
    lines[0] = lines[0]!.replace('"actor":"alice"', '"actor":"mallory","actor":"alice"');
    const v = verify(lines.join('\n'), [checkpoint(good, 6, key)]).verification;
    expect(v.ok).toBe(false);
    expect(v.firstBadLine).toBe(1);
    expect(v.problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.code}:${p.message}`)).toEqual([
      '1:bad-json:key "actor" appears twice in one object (JSON.parse keeps the last, other readers the first; RFC 8785 needs unique names)',
    ]);
  });
});

describe('verifyLedgerText: entries written after a checkpoint signed well after their at', () => {
  // a checkpoint over the first 4 entries, signed 2026-08-01; then a grant "opened" on 07-20 is appended
  const backdated = chain([
    ...sampleBodies(4).map(({ schema: _s, seq: _q, prev: _p, hash: _h, ...body }) => body),
    grantOpened({ at: '2026-07-20T03:05:00Z', grant: 'BG-late' }),
    grantOpened({ at: '2026-07-31T23:30:00Z', grant: 'BG-minutes' }),
    grantOpened({ at: '2026-08-02T09:00:00Z', grant: 'BG-after' }),
  ]);

  it('warns (recorded-late) for an entry whose at lies over an hour before a checkpoint that does not hold it, and stays ok', () => {
    const v = verify(backdated, [checkpoint(backdated, 4, key), checkpoint(backdated, 7, key, { at: '2026-08-03T00:00:00Z' })]).verification;
    expect(v.ok).toBe(true);
    expect(v.problems).toEqual([
      {
        code: 'recorded-late',
        severity: 'warning',
        file: LEDGER,
        line: 5,
        message: 'grant.opened of grant BG-late gives at 2026-07-20T03:05:00Z but was written after the checkpoint signed at 2026-08-01T00:00:00Z (size 4), so at least 11 days later: back-dated or recorded after the fact',
      },
    ]);
  });

  it('takes the latest-signed checkpoint that does not hold the entry, whatever the order of the checkpoints file', () => {
    const cps = [checkpoint(backdated, 5, key, { at: '2026-08-05T00:00:00Z' }), checkpoint(backdated, 4, key)];
    const v = verify(backdated, cps).verification;
    // BG-minutes (seq 5) and BG-after (seq 6) were written after the size-5 checkpoint of 08-05
    expect(v.problems.filter((p) => p.code === 'recorded-late').map((p) => [p.line, p.message.replace(/ gives.*so at least /, ': ')])).toEqual([
      [5, 'grant.opened of grant BG-late: 11 days later: back-dated or recorded after the fact'],
      [6, 'grant.opened of grant BG-minutes: 4 days later: back-dated or recorded after the fact'],
      [7, 'grant.opened of grant BG-after: 2 days later: back-dated or recorded after the fact'],
    ]);
  });

  it('needs a verified checkpoint: none, or one that fails, proves nothing about when an entry was written', () => {
    expect(verify(backdated).verification.problems.map((p) => p.code)).toEqual(['unanchored']);
    const forged = { ...checkpoint(backdated, 4, key), sig: checkpoint(backdated, 3, key).sig };
    expect(verify(backdated, [forged]).verification.problems.map((p) => p.code)).not.toContain('recorded-late');
  });
});
