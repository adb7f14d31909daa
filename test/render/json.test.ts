import { describe, expect, it } from 'vitest';
import { evidenceId } from '../../src/render/index.ts';
import { renderJson } from '../../src/render/json.ts';
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/defaults.ts';
import { buildReport, fixtureConfig, fixtureTemplate, ms, TRICKY } from './report-fixture.ts';
import type { Report } from '../../src/domain/report.ts';
import { expectEvidence } from '../output-schemas.ts';

function render(report: Report = buildReport()) {
  const [file] = renderJson(report, { template: fixtureTemplate(), rendered: new Map() });
  expect(file!.name).toBe('evidence.json');
  const json = JSON.parse(file!.data.toString('utf8'));
  // every evidence.json this file renders is held to the published schema
  expectEvidence(json);
  return { data: file!.data, json };
}

describe('evidence.json', () => {
  it('is pretty-printed with 2 spaces and a trailing newline, byte-identical twice', () => {
    const a = render().data;
    const b = render().data;
    expect(a.equals(b)).toBe(true);
    const text = a.toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schema": "glasstrail.evidence/v1",');
  });

  it('has the top-level keys in a fixed order', () => {
    expect(Object.keys(render().json)).toEqual([
      'schema', 'status', 'tool', 'evidenceId', 'organization', 'framework', 'generatedAt', 'asOf', 'period',
      'configDigest', 'incomplete', 'parameters', 'program', 'population', 'ledger', 'uses', 'findings', 'waived', 'waivers',
      'metrics', 'inputs',
    ]);
  });

  it('states period, times in local ISO, COMPLETE status and the evidence id', () => {
    const { json } = render();
    expect(json.status).toBe('COMPLETE');
    expect(json.incomplete).toEqual([]);
    expect(json.evidenceId).toBe(evidenceId(buildReport()));
    expect(json.organization).toBe(TRICKY.nonAscii);
    expect(json.generatedAt).toBe('2026-10-14T20:00:00-04:00');
    expect(json.period).toEqual({
      label: '2026-Q3',
      kind: 'quarter',
      zone: 'America/New_York',
      firstDay: '2026-07-01',
      lastDay: '2026-09-30',
      start: '2026-07-01T00:00:00-04:00',
      end: '2026-10-01T00:00:00-04:00',
      startUtc: '2026-07-01T04:00:00Z',
      endUtc: '2026-10-01T04:00:00Z',
    });
  });

  it('writes uses in CSV order, typed, with events, sources (relative paths) and review transitions', () => {
    const { json } = render();
    expect(json.uses.map((u: { id: string }) => u.id)).toEqual(['g-1', 'gh-doc-9', 'g-2']);
    const g1 = json.uses[0];
    expect(g1.sanctioned).toBe(true);
    expect(g1.justification).toBe(TRICKY.justification);
    expect(g1.incident).toBe(TRICKY.incident); // JSON is not a spreadsheet: no formula prefix
    expect(g1.ledgerSeq).toEqual([0, 1]);
    expect(g1.githubEvents[0]).toEqual({
      id: 'doc-2',
      kind: 'audit',
      action: 'protected_branch.policy_override',
      actor: 'alice-gh',
      at: '2026-07-06T10:05:00-04:00',
      repo: 'acme/payments',
      branch: 'main',
      rulesetId: null,
      source: { file: 'archive/github/audit/2026-07-06.ndjson', line: 3 },
    });
    expect(g1.review).toMatchObject({ ticket: 'BGR-1', status: 'done', reviewer: 'bob', businessDays: 1, slaMet: true, completedAt: '2026-07-07T10:00:00-04:00' });
    expect(g1.review.issue.transitions).toEqual([
      { at: '2026-07-07T10:00:00-04:00', historyId: '100', author: 'acc-bob', authorName: 'Bob', from: { id: '1', name: 'To Do' }, to: { id: '3', name: 'Done', category: 'done' } },
    ]);
    const unsanctioned = json.uses[1];
    expect(unsanctioned.review).toBeNull();
    expect(unsanctioned.endedAt).toBeNull();
    expect(json.uses[2].gapCodes).toEqual(['GRANT_TOO_LONG', 'GRANT_UNUSED', 'REVIEW_OVERDUE', 'SCOPE_TOO_BROAD']);
  });

  it('gives every use the same key set (absent facts are null)', () => {
    const keys = render().json.uses.map((u: object) => Object.keys(u).join(','));
    expect(new Set(keys).size).toBe(1);
  });

  it('lists findings with controls, waived events and waivers, and rounded metrics', () => {
    const { json } = render();
    expect(json.findings[0]).toEqual({ subject: 'w-1', code: 'WAIVER_STALE', severity: 'medium', control: ['CC8.1'], message: expect.stringContaining('waiver open') });
    expect(json.findings.at(-1)).toMatchObject({ subject: 'g-2', code: 'SCOPE_TOO_BROAD', control: ['CC6.3'] });
    expect(json.waived).toEqual([{ eventId: 'doc-5', waiver: 'w-1', gate: 'payments-main', repo: 'acme/payments', actor: 'carol', at: '2026-07-15T08:00:00-04:00' }]);
    expect(json.waivers[0]).toMatchObject({ waiver: 'w-1', grantedAt: '2026-06-01T08:00:00-04:00', openAtAsOf: true, ageDays: 136, revokedAt: null });
    expect(json.metrics.gates[0]).toMatchObject({ glassRate: 0.25, slaMetPct: 66.7, medianReviewBusinessDays: 2.5 });
    expect(json.metrics.findingsBySeverity).toEqual({ high: 3, medium: 2, low: 0, info: 1 });
    expect(json.ledger).toMatchObject({ file: 'ledger/breakglass.jsonl', ok: true, firstBadLine: null });
    expect(json.population.archive).toBe('archive');
    // pass-through state gets sorted keys, so its arrival order cannot change the bytes
    expect(Object.keys(json.population.state.streams)).toEqual(['github.audit', 'jira.issues']);
  });

  it('states the program as configured: gates, people without email, roster, bypass actions, status categories', () => {
    const config = {
      ...fixtureConfig(),
      people: [
        { id: 'alice', github: 'alice-gh', jira: 'acc-alice', email: 'alice@acme.example' },
        { id: 'bob', github: ['bob-new', 'bob-gh'], email: 'bob@acme.example' },
        { id: 'svc' },
      ],
      gates: [
        { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' },
        { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main', formerRepos: ['acme/www', 'old/web'] },
      ],
      roster: [
        { person: 'bob', gates: ['web-main'], from: '2026-03-01', until: '2026-08-15' },
        { person: 'alice', gates: ['*'], from: '2026-01-01', until: '2026-12-31' },
      ],
      github: { apiUrl: 'https://api.github.com', bypassActions: ['repository_ruleset.update', 'protected_branch.policy_override'] },
      jira: { host: 'https://acme.atlassian.net', jql: 'project = BGR', fields: {}, statusCategories: { '10010': 'done' as const, '9': 'indeterminate' as const } },
    };
    const { data, json } = render(buildReport({ config }));
    expect(json.program).toEqual({
      // config order, not sorted
      gates: [
        { id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main', formerRepos: [] },
        { id: 'web-main', name: 'web / main', repo: 'acme/web', branch: 'main', formerRepos: ['acme/www', 'old/web'] },
      ],
      people: [
        { id: 'alice', github: ['alice-gh'], jira: 'acc-alice' },
        { id: 'bob', github: ['bob-new', 'bob-gh'], jira: null },
        { id: 'svc', github: [], jira: null },
      ],
      roster: [
        { person: 'bob', gates: ['web-main'], from: '2026-03-01', until: '2026-08-15' },
        { person: 'alice', gates: ['*'], from: '2026-01-01', until: '2026-12-31' },
      ],
      bypassActions: ['repository_ruleset.update', 'protected_branch.policy_override'],
      statusCategories: { '9': 'indeterminate', '10010': 'done' },
    });
    expect(Object.keys(json.program.statusCategories)).toEqual(['9', '10010']);
    // data minimisation: no email address anywhere in the evidence
    expect(data.toString('utf8')).not.toContain('@acme.example');
  });

  it('program: without a github block, the default bypass actions the report counted; without jira, no status categories', () => {
    const { json } = render();
    expect(json.program.bypassActions).toEqual([...DEFAULT_BYPASS_ACTIONS]);
    expect(json.program.statusCategories).toEqual({});
    expect(json.program.people).toEqual([{ id: 'alice', github: ['alice-gh'], jira: null }]);
    expect(json.program.roster).toEqual([{ person: 'alice', gates: ['payments-main'], from: '2026-01-01', until: '2026-12-31' }]);
    expect(json.program.gates.map((g: { id: string }) => g.id)).toEqual(['payments-main', 'docs-main']);
  });

  it('flags INCOMPLETE evidence', () => {
    const { json } = render(buildReport({ incomplete: ['jira: 503 after retries'] }));
    expect(json.status).toBe('INCOMPLETE');
    expect(json.incomplete).toEqual(['jira: 503 after retries']);
  });
});

describe('evidenceId', () => {
  it('is a stable hex sha256 that ignores generatedAt and outputs', () => {
    const id = evidenceId(buildReport());
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(evidenceId(buildReport({ generatedAt: ms('2027-01-01T00:00:00Z') }))).toBe(id);
  });

  it.each<[string, Partial<Report>]>([
    ['asOf', { asOf: ms('2026-10-16T00:00:00Z') }],
    ['framework', { framework: 'sox' }],
    ['configDigest', { configDigest: 'f'.repeat(64) }],
    ['inputs', { inputs: [] }],
    ['period', { period: { ...buildReport().period, label: '2026-07' } }],
  ])('changes with %s', (_name, override) => {
    expect(evidenceId(buildReport(override))).not.toBe(evidenceId(buildReport()));
  });
});
