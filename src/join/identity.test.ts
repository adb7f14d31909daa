import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../domain/index.ts';
import { config, event } from '../../test/rules/builders.ts';
import { gateOfEvent, resolveIdentity } from './index.ts';

describe('resolveIdentity', () => {
  const c = config({
    people: [
      { id: 'alice', github: 'Alice-GH', jira: 'acc-alice' },
      // a person whose id collides with someone else's GitHub login: the id wins
      { id: 'bob', github: 'bob-gh', jira: 'acc-bob' },
      { id: 'bob-gh-owner', github: 'bob' },
      // renamed on GitHub: older audit entries carry the old login
      { id: 'dave', github: ['dave-new', 'Dave-Old'] },
      // composed é (U+00E9), as one keyboard types it; another sends e + U+0301
      { id: 'jos\u00e9', jira: 'acc-jose' },
      { id: 'rene\u0301', jira: 'acc-rene' },
    ],
  });
  it.each([
    ['alice', 'alice'],
    ['alice-gh', 'alice'],
    ['ALICE-gh', 'alice'],
    ['acc-alice', 'alice'],
    ['bob', 'bob'],
    ['acc-bob', 'bob'],
    ['mallory', 'mallory'],
    ['dave-new', 'dave'],
    ['dave-old', 'dave'],
    ['ACC-ALICE', 'ACC-ALICE'],
    // one name in two normal forms is one person; the configured spelling names them
    ['jose\u0301', 'jos\u00e9'],
    ['ren\u00e9', 'rene\u0301'],
    // with no entry, the raw value in NFC: two spellings of one stranger are one identity
    ['zo\u00eb', 'zo\u00eb'],
    ['zoe\u0308', 'zo\u00eb'],
  ])('%s -> %s', (raw, id) => {
    expect(resolveIdentity(c, raw)).toBe(id);
  });
});

describe('gateOfEvent', () => {
  const c = config();
  it.each<[string, Partial<AuditEvent>, string | null]>([
    ['repo + branch', { repo: 'acme/payments', branch: 'main' }, 'payments-main'],
    ['other branch of the same repo', { repo: 'acme/payments', branch: 'release' }, 'payments-release'],
    ['refs/heads/ stripped', { repo: 'acme/payments', branch: 'refs/heads/release' }, 'payments-release'],
    ['repo name in another case', { repo: 'ACME/Payments', branch: 'main' }, 'payments-main'],
    ['branch is case-sensitive', { repo: 'acme/payments', branch: 'Main' }, null],
    ['branch that is no gate', { repo: 'acme/payments', branch: 'feature' }, null],
    ['no branch, repo with two gates', { repo: 'acme/payments', branch: undefined }, null],
    ['no branch, repo with one gate', { repo: 'acme/web', branch: undefined }, 'web-main'],
    ['repo with no gate', { repo: 'acme/other', branch: 'main' }, null],
  ])('%s', (_name, over, gate) => {
    expect(gateOfEvent(c, event('e', over))?.id ?? null).toBe(gate);
  });

  // acme/web was named acme/web-old, and before that lived in the org other
  const renamed = config({
    gates: [
      { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' },
      { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main', formerRepos: ['acme/web-old', 'other/web'] },
    ],
  });
  it.each<[string, Partial<AuditEvent>, string | null]>([
    ['current name', { repo: 'acme/web', branch: 'main' }, 'web-main'],
    ['former name', { repo: 'acme/web-old', branch: 'main' }, 'web-main'],
    ['former owner, another case', { repo: 'OTHER/web', branch: 'main' }, 'web-main'],
    ['former name, no branch, one gate', { repo: 'acme/web-old', branch: undefined }, 'web-main'],
    ['former name, other branch', { repo: 'acme/web-old', branch: 'dev' }, null],
  ])('formerRepos: %s', (_name, over, gate) => {
    expect(gateOfEvent(renamed, event('e', over))?.id ?? null).toBe(gate);
  });
});
