import { describe, expect, it } from 'vitest';
import type { Use } from '../domain/use.ts';
import { overstayNotes, reviewNotes } from './use-notes.ts';

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
      '2 review ticket(s) are named by more than one grant of the period: BGR-7 by BG-1, BG-2; BGR-9 by BG-10, BG-11, BG-12, BG-13, BG-14 and 2 more; check that each ticket reviews every use that names it',
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
