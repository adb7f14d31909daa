import { describe, expect, it } from 'vitest';
import { chain, grantOpened, toText } from '../../../test/ledger/build.ts';
import type { Body } from '../../../test/ledger/build.ts';
import { appendConflict, entryFacts } from './consistency.ts';
import { verifyLedgerText } from './verify.ts';

const close = (grant: string, at = '2026-07-02T10:00:00Z'): Body => ({ type: 'grant.closed', at, grant, reason: 'done' });
const waiver = (id: string): Body => ({ type: 'waiver.granted', at: '2026-07-01T09:00:00Z', waiver: id, gate: 'payments-main' });
const revoke = (id: string): Body => ({ type: 'waiver.revoked', at: '2026-07-03T09:00:00Z', waiver: id });

function read(bodies: Body[]) {
  return verifyLedgerText(toText(chain(bodies)), 'ledger.jsonl');
}

describe('ledger consistency', () => {
  it('warns, line by line, about entries that contradict earlier ones, and the chain stays trusted', () => {
    const { verification } = read([
      grantOpened({ grant: 'G1', at: '2026-07-01T10:00:00Z' }), // 1
      grantOpened({ grant: 'G1', at: '2026-07-01T11:00:00Z' }), // 2 opened again
      close('G9'), // 3 never opened
      close('G1', '2026-07-01T09:00:00Z'), // 4 before its opening: ignored
      close('G1'), // 5 the close that counts
      close('G1', '2026-07-03T10:00:00Z'), // 6 closed again
      revoke('W1'), // 7 never granted
      waiver('W1'), // 8
      waiver('W1'), // 9 granted again
      revoke('W1'), // 10
      revoke('W1'), // 11 revoked again
    ]);
    expect(verification.ok).toBe(true);
    expect(verification.firstBadLine).toBeNull();
    expect(verification.problems.filter((p) => p.code === 'inconsistent').map((p) => [p.line, p.severity, p.message])).toEqual([
      [2, 'warning', 'grant G1 is opened again (first opened at line 1, which stands)'],
      [3, 'warning', 'grant G9 is closed, but no earlier line opens it'],
      [4, 'warning', 'grant G1 is closed at a time before it was opened (line 1); the close is ignored'],
      [6, 'warning', 'grant G1 is closed again (first closed at line 5, which stands)'],
      [7, 'warning', 'waiver W1 is revoked, but no earlier line grants it'],
      [9, 'warning', 'waiver W1 is granted again (first granted at line 8, which stands)'],
      [11, 'warning', 'waiver W1 is revoked again (first revoked at line 10, which stands)'],
    ]);
  });

  it('a revocation dated before its grant is a warning and stands: the waiver covers nothing', () => {
    const { verification } = read([waiver('W1'), { type: 'waiver.revoked', at: '2026-06-30T09:00:00Z', waiver: 'W1' }, revoke('W1')]);
    expect(verification.problems.filter((p) => p.code === 'inconsistent').map((p) => [p.line, p.message])).toEqual([
      [2, 'waiver W1 is revoked at a time before it was granted (line 1); the waiver covers nothing'],
      [3, 'waiver W1 is revoked again (first revoked at line 2, which stands)'],
    ]);
  });

  it('a grant id in the gh- space of unsanctioned use ids is a warning, and the grant stands', () => {
    const { verification, entries } = read([grantOpened({ grant: 'gh-rs-2310004' })]);
    expect(verification.problems.filter((p) => p.code === 'inconsistent').map((p) => [p.line, p.message])).toEqual([
      [1, 'grant id gh-rs-2310004 starts with "gh-", which names unsanctioned uses (gh-<event id>); two uses could share one id'],
    ]);
    expect(entries).toHaveLength(1);
    expect(appendConflict([], { type: 'grant.opened', at: 0, grant: 'gh-1' })).toMatch(/starts with "gh-"/);
  });

  it('a consistent ledger has no such warning', () => {
    const { verification } = read([grantOpened({ grant: 'G1' }), close('G1'), waiver('W1'), revoke('W1')]);
    expect(verification.problems.filter((p) => p.code === 'inconsistent')).toEqual([]);
  });

  it('appendConflict says why an entry may not follow the ledger, or nothing', () => {
    const { entries } = read([grantOpened({ grant: 'G1', at: '2026-07-01T10:00:00Z' }), close('G1'), waiver('W1')]);
    const at = Date.parse('2026-07-05T00:00:00Z');
    expect(appendConflict(entries, { type: 'grant.opened', at, grant: 'G1' })).toBe('grant G1 is opened again (first opened at line 1, which stands)');
    expect(appendConflict(entries, { type: 'grant.opened', at, grant: 'G2' })).toBeUndefined();
    expect(appendConflict(entries, { type: 'grant.closed', at, grant: 'G1' })).toBe('grant G1 is closed again (first closed at line 2, which stands)');
    expect(appendConflict(entries, { type: 'grant.closed', at, grant: 'G2' })).toBe('grant G2 is closed, but no earlier line opens it');
    expect(appendConflict(entries, { type: 'waiver.revoked', at, waiver: 'W1' })).toBeUndefined();
    expect(appendConflict(entries, { type: 'waiver.revoked', at, waiver: 'W2' })).toBe('waiver W2 is revoked, but no earlier line grants it');
    const open = read([grantOpened({ grant: 'G3', at: '2026-07-01T10:00:00Z' })]).entries;
    expect(appendConflict(open, { type: 'grant.closed', at: Date.parse('2026-07-01T09:00:00Z'), grant: 'G3' })).toBe(
      'grant G3 is closed at a time before it was opened (line 1); the close is ignored',
    );
  });

  it('entryFacts (what ledger append reads, without hashing) gives the verified entries\' facts, and skips lines that do not parse', () => {
    const text = `${toText(chain([grantOpened({ grant: 'G1', at: '2026-07-01T10:00:00Z' }), close('G1'), waiver('W1'), revoke('W1')]))}not json\n{"type":"grant.opened"}\n`;
    const verified = verifyLedgerText(text, 'ledger.jsonl').entries.map((e) => ({
      type: e.type,
      at: e.at,
      ...('grant' in e ? { grant: e.grant } : {}),
      ...('waiver' in e ? { waiver: e.waiver } : {}),
      source: { line: e.source.line },
    }));
    expect(verified).toHaveLength(4);
    expect(entryFacts(text)).toEqual(verified);
  });
});
