import { describe, expect, it } from 'vitest';
import { config, Q3, t } from '../../test/rules/builders.ts';
import { coveredFrom, retentionHole } from '../sources/github/audit.ts';
import type { Use, WaiverState } from '../domain/use.ts';
import { coverageGaps, undefinedGates } from './coverage.ts';

const AS_OF = t('2026-10-15T00:00:00Z');
const full = (over: Record<string, unknown> = {}) => ({
  'github.audit': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' },
  'github.rule-suites': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' },
  'github.merges': { watermark: '2026-10-15T05:00:00Z' },
  'jira.issues': { watermark: '2026-10-15T05:00:00Z' },
  ...over,
});
const withSources = () => ({
  ...config(),
  github: { org: 'acme', apiUrl: 'https://api.github.com', token: 'env:GITHUB_TOKEN', bypassActions: [] },
  jira: { host: 'https://acme.atlassian.net', email: 'env:JIRA_EMAIL', token: 'env:JIRA_API_TOKEN', jql: 'project = BGR', fields: {} },
}) as unknown as ReturnType<typeof config>;

describe('coverageGaps (what the archive does not hold of the report)', () => {
  it('none when every stream reaches from before the period to the end', () => {
    expect(coverageGaps(withSources(), Q3, AS_OF, full())).toEqual([]);
  });

  it('none for a source the config does not collect', () => {
    expect(coverageGaps({ ...config(), github: undefined, jira: undefined } as unknown as ReturnType<typeof config>, Q3, AS_OF, {})).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a stream never collected', full({ 'jira.issues': undefined }), /^the Jira review tickets \(jira\.issues\): never collected/],
    ['collected only up to mid-period', full({ 'github.merges': { watermark: '2026-08-01T00:00:00Z' } }), /merged pull requests \(github\.merges\): collected up to 2026-07-31T20:00:00-04:00 only/],
    ['the audit log collected only from mid-period', full({ 'github.audit': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-08-20T00:00:00Z' } }), /audit log \(github\.audit\): collected from 2026-08-19T20:00:00-04:00 only, after the period starts/],
    ['rule suites reaching only 30 days back', full({ 'github.rule-suites': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-09-15T00:00:00Z' } }), /rule suites .* collected from 2026-09-14T20:00:00-04:00/],
  ])('%s', (_name, state, gap) => {
    const gaps = coverageGaps(withSources(), Q3, AS_OF, state);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatch(gap);
  });

  it('a watermark floored to the second (collect does) is no gap for an as-of with milliseconds', () => {
    const now = t('2026-07-15T10:00:00.500Z');
    const state = full({
      'github.audit': { watermark: '2026-07-15T10:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' },
      'github.rule-suites': { watermark: '2026-07-15T10:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' },
      'github.merges': { watermark: '2026-07-15T10:00:00Z' },
    });
    expect(coverageGaps(withSources(), Q3, now, state)).toEqual([]);
    expect(coverageGaps(withSources(), Q3, t('2026-07-15T10:00:01Z'), state)).toHaveLength(3);
  });

  it('an as-of inside the period needs the archive only up to as-of', () => {
    const state = full({ 'github.merges': { watermark: '2026-08-01T00:00:00Z' } });
    expect(coverageGaps(withSources(), Q3, t('2026-07-31T00:00:00Z'), state)).toEqual([]);
  });

  it('review tickets are needed up to as-of, not only to the period end (reviews are judged at as-of)', () => {
    const gaps = coverageGaps(withSources(), Q3, AS_OF, full({ 'jira.issues': { watermark: '2026-10-05T00:00:00Z' } }));
    expect(gaps).toEqual([expect.stringMatching(/^the Jira review tickets \(jira\.issues\): collected up to 2026-10-04T20:00:00-04:00 only, before the report's end \(2026-10-14T20:00:00-04:00\)/)]);
  });

  it('a hole recorded inside the covered span is a gap of every period it touches, and of no other', () => {
    // no collect from 2026-03-26 until 2026-10-15: GitHub kept the audit log only from 2026-04-18 then
    const state = full({
      'github.audit': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2025-07-05T00:00:00Z', holes: [{ from: '2026-03-26T12:00:00Z', to: '2026-04-18T12:00:00Z' }] },
      'github.rule-suites': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2025-12-02T00:00:00Z', holes: [{ from: '2026-03-26T12:00:00Z', to: '2026-09-15T12:00:00Z' }] },
    });
    const quarter = (start: string, end: string) => ({ ...Q3, start: t(start), end: t(end) });
    const q1 = coverageGaps(withSources(), quarter('2026-01-01T05:00:00Z', '2026-04-01T04:00:00Z'), AS_OF, state);
    expect(q1).toEqual([
      expect.stringMatching(/^the GitHub audit log \(github\.audit\): nothing collected between 2026-03-26T08:00:00-04:00 and 2026-04-18T08:00:00-04:00/),
      expect.stringMatching(/^the GitHub rule suites \(github\.rule-suites\): nothing collected between 2026-03-26T08:00:00-04:00 and 2026-09-15T08:00:00-04:00/),
    ]);
    expect(coverageGaps(withSources(), Q3, AS_OF, state)).toEqual([expect.stringMatching(/^the GitHub rule suites .*nothing collected between/)]);
    expect(coverageGaps(withSources(), quarter('2025-10-01T04:00:00Z', '2026-01-01T05:00:00Z'), AS_OF, state)).toEqual([
      expect.stringMatching(/^the GitHub rule suites \(github\.rule-suites\): collected from 2025-12-01T19:00:00-05:00 only/),
    ]);
  });

  it('an action added to github.bypassActions later is a gap of the periods before its backfill, one missing from actions of every period', () => {
    const cfg = { ...withSources(), github: { ...withSources().github!, bypassActions: ['protected_branch.policy_override', 'repo.destroy'] } } as ReturnType<typeof config>;
    const known = ['protected_branch.create', 'protected_branch.policy_override', 'repository_branch_protection_evaluation.enable', 'repository_ruleset.create'];
    const audit = (over: Record<string, unknown>) => full({ 'github.audit': { watermark: '2026-10-15T05:00:00Z', coveredFrom: '2026-01-01T00:00:00Z', ...over } });
    // repo.destroy was added on 2026-08-01 and backfilled from 180 days before: from 2026-08-10 here
    const late = audit({ actions: [...known, 'repo.destroy'], actionsFrom: { 'repo.destroy': '2026-08-10T00:00:00Z' } });
    expect(coverageGaps(cfg, Q3, AS_OF, late)).toEqual([
      expect.stringMatching(/^the GitHub audit log \(github\.audit\): repo\.destroy collected from 2026-08-09T20:00:00-04:00 only \(added to github\.bypassActions later/),
    ]);
    const q4 = { ...Q3, start: t('2026-10-01T04:00:00Z'), end: t('2027-01-01T05:00:00Z') };
    expect(coverageGaps(cfg, q4, t('2026-10-15T00:00:00Z'), late)).toEqual([]);
    // added to the config, not collected since
    expect(coverageGaps(cfg, Q3, AS_OF, audit({ actions: known }))).toEqual([
      expect.stringMatching(/^the GitHub audit log \(github\.audit\): repo\.destroy is configured but not collected over the archive's span/),
    ]);
    // an archive that records no actions (older) is not judged
    expect(coverageGaps(cfg, Q3, AS_OF, audit({}))).toEqual([]);
  });

  it('a gate whose merges were searched from a later start (added or re-pointed) is a gap of the periods before it, under a former repo name too', () => {
    const cfg = { ...withSources(), gates: [{ id: 'web-main', name: 'web', repo: 'acme/web', branch: 'main', formerRepos: ['acme/web-old'] }] } as ReturnType<typeof config>;
    const merges = (gatesFrom: Record<string, string>) => full({ 'github.merges': { watermark: '2026-10-15T05:00:00Z', gatesFrom } });
    expect(coverageGaps(cfg, Q3, AS_OF, merges({ 'web-main acme/web main': '2026-08-10T00:00:00Z' }))).toEqual([
      expect.stringMatching(/^the merged pull requests \(github\.merges\) of gate web-main \(acme\/web@main\): searched from 2026-08-09T20:00:00-04:00 only/),
    ]);
    expect(coverageGaps(cfg, Q3, AS_OF, merges({ 'web-main acme/web-old main': '2026-08-10T00:00:00Z' }))).toHaveLength(1);
    expect(coverageGaps(cfg, Q3, AS_OF, merges({ 'web-main acme/web main': '2026-06-10T00:00:00Z' }))).toEqual([]);
  });

  it('an audit log whose span start was never recorded (an older archive) is not judged at the start', () => {
    expect(coverageGaps(withSources(), Q3, AS_OF, full({ 'github.audit': { watermark: '2026-10-15T05:00:00Z' } }))).toEqual([]);
  });
});

describe('coveredFrom (the audit log span start collect records)', () => {
  const D = (iso: string) => t(iso);
  const RETAINED = D('2026-06-04T00:00:00Z'); // 180 days before 2026-12-01
  it.each<[string, Record<string, unknown> | undefined, number, number, boolean, number | undefined]>([
    ['a first run starts the span', undefined, D('2026-06-05T00:00:00Z'), D('2026-12-01T00:00:00Z'), true, D('2026-06-05T00:00:00Z')],
    ['a first run asked for more than GitHub keeps starts at the retention', undefined, D('2026-01-01T00:00:00Z'), D('2026-12-01T00:00:00Z'), true, RETAINED],
    ['a backfill past the retention moves it back only to the retention', { watermark: '2026-12-01T00:00:00Z', coveredFrom: '2026-09-01T00:00:00Z' }, D('2026-01-01T00:00:00Z'), D('2026-12-02T00:00:00Z'), true, RETAINED],
    ['a rerun from the overlap keeps it', { watermark: '2026-12-01T00:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' }, D('2026-11-30T23:00:00Z'), D('2026-12-02T00:00:00Z'), true, D('2026-06-01T00:00:00Z')],
    ['a backfill reaching into the span moves it back', { watermark: '2026-12-01T00:00:00Z', coveredFrom: '2026-09-01T00:00:00Z' }, D('2026-07-01T00:00:00Z'), D('2026-12-02T00:00:00Z'), true, D('2026-07-01T00:00:00Z')],
    ['a window wholly before the span leaves it', { watermark: '2026-12-01T00:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' }, D('2026-04-01T00:00:00Z'), D('2026-04-30T00:00:00Z'), true, D('2026-06-01T00:00:00Z')],
    ['a run after a hole leaves it', { watermark: '2026-12-01T00:00:00Z', coveredFrom: '2026-06-01T00:00:00Z' }, D('2026-12-10T00:00:00Z'), D('2026-12-11T00:00:00Z'), false, D('2026-06-01T00:00:00Z')],
    ['an older archive without it stays unknown', { watermark: '2026-12-01T00:00:00Z' }, D('2026-11-30T23:00:00Z'), D('2026-12-02T00:00:00Z'), true, undefined],
  ])('%s', (_name, state, since, until, continued, expected) => {
    expect(coveredFrom(state, since, until, continued, RETAINED)).toBe(expected);
  });
});

describe('retentionHole (an audit log not collected for longer than GitHub keeps it)', () => {
  const D = (iso: string) => t(iso);
  const RETAINED = D('2026-04-18T12:00:00Z'); // 180 days before 2026-10-15T12:00Z
  it.each<[string, string | undefined, number, boolean, { from: number; to: number } | undefined]>([
    ['a daily run from the overlap', '2026-10-14T12:00:00Z', D('2026-10-14T11:00:00Z'), true, undefined],
    ['a run after months without collect', '2026-03-26T12:00:00Z', D('2026-03-26T11:00:00Z'), true, { from: D('2026-03-26T12:00:00Z'), to: RETAINED }],
    ['an explicit window after a hole leaves the watermark (the next default run sees the hole)', '2026-03-26T12:00:00Z', D('2026-10-01T00:00:00Z'), false, undefined],
    ['a first run', undefined, D('2026-01-01T00:00:00Z'), true, undefined],
  ])('%s', (_name, watermark, since, continued, expected) => {
    expect(retentionHole(watermark, since, continued, RETAINED)).toEqual(expected);
  });
});

describe('undefinedGates (grants and waivers naming a gate the config no longer defines)', () => {
  const use = (id: string, gate: string | null, sanctioned = true) => ({ id, gate, sanctioned }) as unknown as Use;
  const waiverOf = (gate: string, at = t('2026-08-01T00:00:00Z'), end: { expiresAt?: number; revokedAt?: number } = {}) =>
    ({ waiver: { gate, at, ...(end.expiresAt === undefined ? {} : { expiresAt: end.expiresAt }) }, ...(end.revokedAt === undefined ? {} : { revokedAt: end.revokedAt }), openAtAsOf: false }) as unknown as WaiverState;
  it('names each such gate once, with its grants and waivers', () => {
    const notes = undefinedGates(config(), Q3, [use('G1', 'payments-old'), use('G2', 'payments-old'), use('G3', 'payments-main'), use('gh-x', null, false)], [waiverOf('payments-old'), waiverOf('web-main')]);
    expect(notes).toEqual([expect.stringMatching(/^2 grant\(s\) of the period and 1 waiver\(s\) name gate payments-old, which the config does not define/)]);
  });
  it('none when every gate named is configured', () => {
    expect(undefinedGates(config(), Q3, [use('G3', 'payments-main')], [waiverOf('web-main')])).toEqual([]);
  });
  it('a waiver that ended before the period, or was granted after it, is not the period\'s', () => {
    const june = t('2026-06-01T00:00:00Z');
    const waivers = [
      waiverOf('gone-1', june, { expiresAt: t('2026-06-30T00:00:00Z') }),
      waiverOf('gone-2', june, { revokedAt: t('2026-06-02T00:00:00Z') }),
      waiverOf('gone-3', t('2026-10-02T00:00:00Z')),
      // revoked in the period: it waived what came before
      waiverOf('gone-4', june, { revokedAt: t('2026-07-02T00:00:00Z') }),
      // never ends
      waiverOf('gone-5', june),
    ];
    const notes = undefinedGates(config(), Q3, [], waivers);
    expect(notes.map((note) => /name gate (\S+),/.exec(note)?.[1])).toEqual(['gone-4', 'gone-5']);
  });
});
