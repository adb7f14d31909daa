import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger.ts';
import type { Use, WaivedEvent, WaiverState } from '../domain/use.ts';
import { overstayNotes, reviewNotes, untrustedWaiverNotes } from './use-notes.ts';

const ZONE = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

function use(id: string, startedAt: string, review: { key?: string; completedAt?: string } | null, sanctioned = true): Use {
  return {
    id,
    sanctioned,
    startedAt: at(startedAt),
    review: review === null
      ? null
      : { status: review.completedAt ? 'done' : 'open', ...(review.key ? { ticket: { key: review.key } } : {}), ...(review.completedAt ? { completedAt: at(review.completedAt) } : {}) },
  } as unknown as Use;
}

describe('reviewNotes', () => {
  it('names a use whose review was completed before its grant opened, in local time', () => {
    const notes = reviewNotes([
      use('BG-1', '2026-09-20T03:05:00Z', { key: 'BGR-120', completedAt: '2026-09-02T14:00:00Z' }),
      use('BG-2', '2026-09-20T03:05:00Z', { key: 'BGR-121', completedAt: '2026-09-20T03:05:00Z' }), // same instant: not before
      use('BG-3', '2026-09-21T03:05:00Z', { key: 'BGR-122' }),
    ], ZONE);
    expect(notes).toEqual([
      '1 use(s) name a review completed before the grant opened, which the SLA rule counts as on time though a ticket closed before the use cannot record a review of it: BG-1 (review BGR-120 completed 2026-09-02T10:00:00-04:00, grant opened 2026-09-19T23:05:00-04:00); check that each ticket reviews this use',
    ]);
  });

  it('names a ticket several grants of the period name, and lists at most five grants per ticket', () => {
    const many = Array.from({ length: 7 }, (_, i) => use(`BG-${10 + i}`, '2026-09-20T03:05:00Z', { key: 'BGR-9' }));
    const notes = reviewNotes([use('BG-1', '2026-09-20T03:05:00Z', { key: 'BGR-7' }), use('BG-2', '2026-09-21T03:05:00Z', { key: 'BGR-7' }), ...many], ZONE);
    expect(notes).toEqual([
      '2 review ticket(s) are named by more than one grant of the period: BGR-7 by BG-1, BG-2; BGR-9 by BG-10, BG-11, BG-12, BG-13, BG-14, and 2 more; check that each ticket reviews every use that names it',
    ]);
  });

  it('says nothing of unsanctioned uses, missing reviews, or one ticket per grant', () => {
    expect(reviewNotes([
      use('gh-1', '2026-09-20T03:05:00Z', null, false),
      use('BG-1', '2026-09-20T03:05:00Z', null),
      use('BG-2', '2026-09-20T03:05:00Z', { key: 'BGR-1', completedAt: '2026-09-21T00:00:00Z' }),
      use('BG-3', '2026-09-20T03:05:00Z', { key: 'BGR-2' }),
    ], ZONE)).toEqual([]);
  });

  it('lists twenty uses and counts the rest', () => {
    const early = Array.from({ length: 23 }, (_, i) => use(`BG-${i}`, '2026-09-20T03:05:00Z', { key: `BGR-${i}`, completedAt: '2026-09-01T00:00:00Z' }));
    const [note] = reviewNotes(early, ZONE);
    expect(note).toMatch(/^23 use\(s\) name a review completed before the grant opened/);
    expect(note!.match(/\(review BGR-/g)).toHaveLength(20);
    expect(note).toContain('; and 3 more; check that each ticket reviews this use');
  });
});

describe('overstayNotes', () => {
  const grant = (id: string, expiresAt: string, endedAt: string | undefined, events: string[]): Use =>
    ({ id, sanctioned: true, startedAt: at('2026-09-20T10:00:00Z'), expiresAt: at(expiresAt), ...(endedAt ? { endedAt: at(endedAt) } : {}), events: events.map((e) => ({ at: at(e) })), review: null }) as unknown as Use;
  const FIVE_MIN = 5 * 60_000;

  it('names a grant closed after its expiry that covers events after it (beyond the tolerance)', () => {
    const notes = reviewNotes([], ZONE).concat(
      overstayNotes([
        grant('BG-1', '2026-09-20T14:00:00Z', '2026-09-20T23:00:00Z', ['2026-09-20T11:00:00Z', '2026-09-20T18:00:00Z']),
        grant('BG-2', '2026-09-20T14:00:00Z', '2026-09-20T23:00:00Z', ['2026-09-20T14:05:00Z']), // within the tolerance
        grant('BG-3', '2026-09-20T14:00:00Z', '2026-09-20T13:00:00Z', ['2026-09-20T12:00:00Z']), // closed early
        grant('BG-4', '2026-09-20T14:00:00Z', undefined, ['2026-09-20T13:00:00Z']),
      ], ZONE, FIVE_MIN),
    );
    expect(notes).toEqual([
      '1 grant(s) cover GitHub events after their expiresAt, because they were closed later (a grant\'s window ends at its close when it has one) and GRANT_TOO_LONG judges expiresAt − at only: BG-1 (expired 2026-09-20T10:00:00-04:00, closed 2026-09-20T19:00:00-04:00: 1 event(s) after its expiry); check that each stay past the expiry was authorized',
    ]);
  });
});

describe('untrustedWaiverNotes', () => {
  const entry = (line: number, type: string, atIso: string, waiver?: string) => ({ type, at: at(atIso), source: { line }, ...(waiver ? { waiver } : { grant: `BG-${line}` }) }) as unknown as LedgerEntry;
  const state = (waiver: string, line: number) => ({ waiver: { waiver, source: { line } }, openAtAsOf: true }) as unknown as WaiverState;
  const event = (eventId: string, waiver: string, atIso: string) => ({ eventId, waiver, at: at(atIso) }) as unknown as WaivedEvent;
  const entries = [
    entry(1, 'waiver.granted', '2026-09-01T12:00:00Z', 'WV-1'),
    entry(2, 'grant.opened', '2026-09-10T12:00:00Z'),
    entry(3, 'waiver.granted', '2026-09-12T12:00:00Z', 'WV-3'),
    entry(4, 'waiver.revoked', '2026-09-13T12:00:00Z', 'WV-1'),
  ];
  const waivers = [state('WV-1', 1), state('WV-3', 3)];

  it('names waived events whose waiver has a line at or after the first bad line, or that happened after the last trusted line', () => {
    const notes = untrustedWaiverNotes(
      [event('e-early', 'WV-1', '2026-09-05T00:00:00Z'), event('e-late', 'WV-1', '2026-09-11T00:00:00Z'), event('e-wv3', 'WV-3', '2026-09-12T13:00:00Z')],
      waivers,
      { verification: { ok: false, firstBadLine: 3 }, entries },
      ZONE,
    );
    // WV-1 was granted on a trusted line but revoked on untrusted line 4 (its at may have been moved
    // past any of its events); WV-3 was granted on line 3
    expect(notes).toEqual([
      'the ledger fails verification from line 3, and 3 waived event(s) rest on its untrusted part after line 2 (2026-09-10T08:00:00-04:00): a waiver line there, or an event after the last trusted line, when a revocation written later may have been removed or altered: e-early (waiver WV-1, line 4); e-late (waiver WV-1, line 4); e-wv3 (waiver WV-3, line 3); LEDGER_TAMPERED marks uses only, so treat these as unsanctioned until the ledger is restored',
    ]);
  });

  it('names an event after the last trusted line though its waiver has no untrusted line (a revocation may have been removed)', () => {
    const notes = untrustedWaiverNotes([event('e-1', 'WV-1', '2026-09-11T00:00:00Z'), event('e-0', 'WV-1', '2026-09-09T00:00:00Z')], [state('WV-1', 1)], { verification: { ok: false, firstBadLine: 3 }, entries: entries.slice(0, 2) }, ZONE);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(': e-1 (waiver WV-1, 2026-09-10T20:00:00-04:00); LEDGER_TAMPERED');
  });

  it('says nothing when the ledger verifies', () => {
    expect(untrustedWaiverNotes([event('e-1', 'WV-3', '2026-09-12T13:00:00Z')], waivers, { verification: { ok: true, firstBadLine: null }, entries }, ZONE)).toEqual([]);
  });
});
