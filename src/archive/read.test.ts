import { createHash } from 'node:crypto';
import { appendFile, cp, mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { unknownStatusError } from '../join/review.ts';
import { readArchive, type ArchiveReadOptions } from './read.ts';
import { DEFAULT_BYPASS_ACTIONS } from '../config/defaults.ts';

const FIXTURE = new URL('./__fixtures__/archive', import.meta.url).pathname;

const DEFAULT_BYPASS = DEFAULT_BYPASS_ACTIONS;

const JULY = { from: Date.parse('2026-07-01T00:00:00Z'), to: Date.parse('2026-08-01T00:00:00Z') };
const DAVE = '5c2f9e1a7d3b4a0012345678';
const ALICE = '5b10ac8d82e05b22cc7d4ef5';

let base: string;
let archive: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'glasstrail-read-'));
  archive = join(base, 'archive');
  await cp(FIXTURE, archive, { recursive: true });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function options(overrides: Partial<ArchiveReadOptions> = {}): ArchiveReadOptions {
  return {
    archiveDir: archive,
    baseDir: base,
    window: JULY,
    bypassActions: DEFAULT_BYPASS,
    githubOrg: 'acme',
    jiraFields: { reviewer: 'customfield_10100', followUp: 'customfield_10101' },
    ...overrides,
  };
}

async function shapeErrorOf(promise: Promise<unknown>): Promise<ShapeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShapeError);
  return error as ShapeError;
}

describe('readArchive: audit log', () => {
  it('keeps bypass and restore events in the window from NDJSON, JSON-array and gzip files, deduplicated and sorted', async () => {
    const { events } = await readArchive(options());
    expect(events.map((e) => [e.id, e.action, e.actor, new Date(e.at).toISOString(), e.repo, e.branch ?? null, e.source.file, e.source.line])).toEqual([
      ['Zq1x8Jq3mL0p2eYh4rTn-A', 'protected_branch.policy_override', 'alice-gh', '2026-07-06T14:05:00.000Z', 'acme/payments', 'main', 'archive/github/audit/2026-07-06.ndjson', 1],
      ['rs-1003', 'rule_suite.bypass', 'alice-gh', '2026-07-06T14:06:00.000Z', 'acme/payments', 'main', 'archive/github/rule-suites/2026-07-06.ndjson', 3],
      ['Pp2r5Tt8yU1iO4aSd7fGhQ', 'protected_branch.destroy', 'bob-gh', '2026-07-06T14:10:00.000Z', 'acme/payments', 'main', 'archive/github/audit/2026-07-06.ndjson', 3],
      ['Qq7w9Ee1rT3yU5iO7pAsDg', 'protected_branch.create', 'bob-gh', '2026-07-06T15:00:00.000Z', 'acme/payments', 'main', 'archive/github/audit/2026-07-06.ndjson', 5],
      ['Rr1t3Yy5uI7oP9aS1dFgHj', 'repository_ruleset.update', 'carol-gh', '2026-07-06T16:00:00.000Z', 'acme/ledger-svc', null, 'archive/github/audit/2026-07-06.ndjson', 6],
      ['Ss3y5Uu7iO9pA1sD3fGhJk', 'protected_branch.update_admin_enforced', 'bob-gh', '2026-07-06T17:00:00.000Z', 'acme/payments', 'release/*', 'archive/github/audit/2026-07-06.ndjson', 7],
      // only @timestamp, no created_at; names only the repo
      ['Vv9o1Pp3aS5dF7gH9jKlZx', 'repository_branch_protection_evaluation.disable', 'erin-gh', '2026-07-06T18:00:00.000Z', 'acme/infra', null, 'archive/github/audit/2026-07-06.ndjson', 10],
      // repository_name already qualified
      ['rs-1004', 'rule_suite.bypass', 'bob-gh', '2026-07-07T09:15:00.000Z', 'acme/infra', 'prod', 'archive/github/rule-suites/2026-07-07.ndjson', 2],
      // JSON-array export: ISO created_at and `repository` instead of `repo`
      ['Ww1p3Aa5sD7fG9hJ1kLzXc', 'protected_branch.update_pull_request_reviews_enforcement_level', 'alice-gh', '2026-07-08T09:30:00.000Z', 'acme/payments', 'main', 'archive/github/audit/export-2026-07.json', 2],
      // no _document_id: id derived from the canonical JSON
      ['x-aee8743293e173136d58', 'repository_ruleset.destroy', 'bob-gh', '2026-07-09T12:00:00.000Z', 'acme/payments', null, 'archive/github/audit/export-2026-07.json', 4],
      // gzip streaming file
      ['Yy5s7Dd9fG1hJ3kL5zXcVb', 'protected_branch.policy_override', 'carol-gh', '2026-07-10T08:00:00.000Z', 'acme/ledger-svc', 'main', 'archive/github/audit/stream/2026-07-10.json.gz', 1],
    ]);
    expect(events.find((e) => e.id === 'Rr1t3Yy5uI7oP9aS1dFgHj')?.rulesetId).toBe('42');
    expect(events.find((e) => e.id.startsWith('x-'))?.rulesetId).toBe('7');
    expect(events.filter((e) => e.kind === 'rule-suite').map((e) => e.id)).toEqual(['rs-1003', 'rs-1004']);
  });

  it('derives the id as x- + the first 20 hex of sha256 over the RFC 8785 JSON of the entry', async () => {
    const entry = { action: 'repository_ruleset.destroy', actor: 'bob-gh', created_at: Date.parse('2026-07-09T12:00:00Z'), org: 'acme', repo: 'acme/payments', ruleset_id: 7, ruleset_name: 'release-guard' };
    const canonical = '{"action":"repository_ruleset.destroy","actor":"bob-gh","created_at":1783598400000,"org":"acme","repo":"acme/payments","ruleset_id":7,"ruleset_name":"release-guard"}';
    expect(JSON.stringify(entry, Object.keys(entry).sort())).toBe(canonical);
    const expected = `x-${createHash('sha256').update(canonical).digest('hex').slice(0, 20)}`;
    const { events } = await readArchive(options());
    expect(events.some((e) => e.id === expected)).toBe(true);
  });

  it('counts lines, duplicates and bypass events, and the instant span of every entry read', async () => {
    const { population } = await readArchive(options());
    expect(population.archive).toBe('archive');
    // the June day files lie wholly outside the July window: not read, only named
    expect(population.auditEvents).toEqual({
      files: 3,
      lines: 17,
      duplicates: 2,
      bypassEvents: 8,
      earliest: Date.parse('2026-07-06T14:05:00Z'),
      latest: Date.parse('2026-07-10T08:05:00Z'), // a git.clone noise line
    });
    expect(population.notes).toContain("2 day files lie wholly outside this report's window and were not read: 1 of the audit log (UTC day 2026-06-20); 1 of the rule suites (UTC day 2026-06-15)");
    // a window that reaches them reads them
    const wide = await readArchive(options({ window: { from: Date.parse('2026-06-01T00:00:00Z'), to: JULY.to } }));
    expect(wide.population.auditEvents).toMatchObject({ files: 4, lines: 18, earliest: Date.parse('2026-06-20T10:00:00Z') });
    expect(wide.population.notes.join('\n')).not.toMatch(/not read/);
    expect(population.notes).toContain('some audit-log entries have no _document_id; their ids are derived from the entry content (x- + sha256 prefix)');
  });

  it('skips only the day files collect wrote: a file named for an outside day but not in the inventory is read like any export', async () => {
    // dropped in by hand under a day file's name, holding a July bypass
    const line = JSON.stringify({ _document_id: 'HAND-1', action: 'protected_branch.policy_override', actor: 'mallory-gh', repo: 'acme/payments', branch: 'main', created_at: Date.parse('2026-07-20T10:00:00Z') });
    await writeFile(join(archive, 'github', 'audit', '2026-05-02.ndjson'), `${line}\n`);
    const { events, population } = await readArchive(options());
    expect(events.filter((e) => e.id === 'HAND-1').map((e) => e.source.file)).toEqual(['archive/github/audit/2026-05-02.ndjson']);
    expect(population.auditEvents.files).toBe(4);
    // the June files state.json lists are still skipped
    expect(population.notes).toContain("2 day files lie wholly outside this report's window and were not read: 1 of the audit log (UTC day 2026-06-20); 1 of the rule suites (UTC day 2026-06-15)");
    // without an inventory every file is read
    await writeFile(join(archive, 'state.json'), JSON.stringify({ version: 1, streams: {} }));
    const all = await readArchive(options());
    expect(all.population.auditEvents.files).toBe(5);
    expect(all.population.notes.join('\n')).not.toMatch(/not read/);
  });

  it('refuses a copy of an entry that disagrees with it: a file read first cannot stand in for a day file\'s bypass', async () => {
    const dayFile = join(archive, 'github', 'audit', '2026-07-06.ndjson');
    const original = (await readFile(dayFile, 'utf8')).split('\n')[0] ?? '';
    // the same entry, byte for byte, in an export read first: counted once, as before
    await writeFile(join(archive, 'github', 'audit', '0-export.ndjson'), `${original}\n`);
    const same = await readArchive(options());
    expect(same.events.filter((e) => e.id === 'Zq1x8Jq3mL0p2eYh4rTn-A').map((e) => e.source.file)).toEqual(['archive/github/audit/0-export.ndjson']);
    // moved out of the window, or made a restore: the bypass would vanish with no inventoried file changed
    const entry = JSON.parse(original) as Record<string, unknown>;
    const moved = { ...entry, created_at: Date.parse('2025-01-01T00:00:00Z'), '@timestamp': Date.parse('2025-01-01T00:00:00Z') };
    for (const forged of [moved, { ...entry, action: 'protected_branch.create' }, { ...entry, actor: 'alice-bot' }]) {
      await writeFile(join(archive, 'github', 'audit', '0-export.ndjson'), `${JSON.stringify(forged)}\n`);
      const error = await shapeErrorOf(readArchive(options()));
      expect(error.code).toBe('archive-corrupt');
      expect(error.message).toContain('audit-log entry Zq1x8Jq3mL0p2eYh4rTn-A is also at archive/github/audit/0-export.ndjson:1, with a different action');
      expect(error.context.where).toBe('archive/github/audit/2026-07-06.ndjson');
    }
  });

  it('refuses a copy of a rule suite that disagrees with it', async () => {
    const dayFile = join(archive, 'github', 'rule-suites', '2026-07-06.ndjson');
    const original = (await readFile(dayFile, 'utf8')).split('\n')[2] ?? '';
    await writeFile(join(archive, 'github', 'rule-suites', '0.ndjson'), `${original}\n`);
    expect((await readArchive(options())).events.filter((e) => e.id === 'rs-1003')).toHaveLength(1);
    const suite = JSON.parse(original) as Record<string, unknown>;
    await writeFile(join(archive, 'github', 'rule-suites', '0.ndjson'), `${JSON.stringify({ ...suite, pushed_at: '2025-01-01T00:00:00Z' })}\n`);
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.code).toBe('archive-corrupt');
    expect(error.message).toContain('rule suite 1003 is also at archive/github/rule-suites/0.ndjson:1');
  });

  it('names the files read that are not in the inventory: it sees loss and change, never an added export', async () => {
    // an inventory of every file the fixture holds but the hand-dropped exports
    const keys = ['github/audit/2026-06-20.ndjson', 'github/audit/2026-07-06.ndjson', 'github/rule-suites/2026-06-15.ndjson', 'github/rule-suites/2026-07-06.ndjson', 'github/rule-suites/2026-07-07.ndjson', 'github/merges/ledger-main.ndjson', 'github/merges/payments-main.ndjson', 'jira/issues.ndjson', 'jira/statuses.json'];
    const sha = async (key: string) => `sha256:${createHash('sha256').update(await readFile(join(archive, key))).digest('hex')}`;
    const files = Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await sha(key)] as const)));
    await writeFile(join(archive, 'state.json'), JSON.stringify({ version: 1, streams: {}, files }));
    const { population } = await readArchive(options());
    expect(population.notes).toContain(
      "2 archive files read are not in that inventory (dropped in by hand, not written by collect) and were read as they are: archive/github/audit/export-2026-07.json, archive/github/audit/stream/2026-07-10.json.gz",
    );
    // a forged restore dropped in is named too
    await writeFile(join(archive, 'github', 'audit', 'restore.ndjson'), `${JSON.stringify({ _document_id: 'F-1', action: 'protected_branch.create', actor: 'bob-gh', repo: 'acme/payments', branch: 'main', created_at: Date.parse('2026-07-06T14:20:00Z') })}\n`);
    const again = await readArchive(options());
    expect(again.population.notes.join('\n')).toMatch(/^3 archive files read are not in that inventory .*: archive\/github\/audit\/export-2026-07\.json, archive\/github\/audit\/restore\.ndjson, archive\/github\/audit\/stream\/2026-07-10\.json\.gz$/m);
    // every file in it: no such note
    files['github/audit/export-2026-07.json'] = await sha('github/audit/export-2026-07.json');
    files['github/audit/stream/2026-07-10.json.gz'] = await sha('github/audit/stream/2026-07-10.json.gz');
    files['github/audit/restore.ndjson'] = await sha('github/audit/restore.ndjson');
    await writeFile(join(archive, 'state.json'), JSON.stringify({ version: 1, streams: {}, files }));
    expect((await readArchive(options())).population.notes.join('\n')).not.toMatch(/not in that inventory/);
  });

  it('keeps the window half-open: from is inside, to is outside', async () => {
    const at = Date.parse('2026-07-06T14:05:00Z');
    const inclusive = await readArchive(options({ window: { from: at, to: at + 1 } }));
    expect(inclusive.events.map((e) => e.id)).toEqual(['Zq1x8Jq3mL0p2eYh4rTn-A']);
    const exclusive = await readArchive(options({ window: { from: at - 1000, to: at } }));
    expect(exclusive.events).toEqual([]);
  });

  it('uses the configured bypass actions, keeping restore actions whatever the list', async () => {
    const { events, population } = await readArchive(options({ bypassActions: ['protected_branch.update_linear_history_requirement_enforcement_level'] }));
    expect(events.filter((e) => e.kind === 'audit').map((e) => e.action)).toEqual([
      'protected_branch.create',
      'protected_branch.update_linear_history_requirement_enforcement_level',
    ]);
    expect(population.auditEvents.bypassEvents).toBe(1);
  });

  it('reads branch, protected-branch name and ruleset from `data` in a UI export that nests them there', async () => {
    const at = (hhmm: string): number => Date.parse(`2026-07-20T${hhmm}:00Z`);
    const exported = [
      { action: 'protected_branch.policy_override', actor: 'alice-gh', repo: 'acme/payments', created_at: at('10:00'), _document_id: 'ui-1', data: { branch: 'refs/heads/main', overridden_codes: ['required_status_checks'] } },
      { action: 'protected_branch.destroy', actor: 'bob-gh', repo: 'acme/payments', created_at: at('11:00'), _document_id: 'ui-2', data: { name: 'release/*' } },
      { action: 'repository_ruleset.destroy', actor: 'bob-gh', repo: 'acme/payments', created_at: at('12:00'), _document_id: 'ui-3', data: { ruleset_id: 9, ruleset_name: 'main rules' } },
      // top level wins; a `data` that is no object is ignored
      { action: 'protected_branch.policy_override', actor: 'bob-gh', repo: 'acme/payments', branch: 'refs/heads/main', created_at: at('13:00'), _document_id: 'ui-4', data: { branch: 'refs/heads/other' } },
      { action: 'protected_branch.policy_override', actor: 'bob-gh', repo: 'acme/payments', created_at: at('14:00'), _document_id: 'ui-5', data: 'n/a' },
    ];
    await writeFile(join(archive, 'github', 'audit', 'ui-export.json'), JSON.stringify(exported));
    const { events } = await readArchive(options({ window: { from: at('00:00'), to: at('23:59') } }));
    expect(events.map((e) => [e.id, e.branch ?? null, e.rulesetId ?? null, e.rulesetName ?? null])).toEqual([
      ['ui-1', 'main', null, null],
      ['ui-2', 'release/*', null, null],
      ['ui-3', null, '9', 'main rules'],
      ['ui-4', 'main', null, null],
      ['ui-5', null, null, null],
    ]);
  });

  it('reads the event outside the window only when the window holds it', async () => {
    const { events } = await readArchive(options({ window: { from: Date.parse('2026-06-01T00:00:00Z'), to: JULY.from } }));
    expect(events.map((e) => [e.id, e.source.file])).toEqual([
      ['rs-990', 'archive/github/rule-suites/2026-06-15.ndjson'],
      ['Yk3f0aQpW2nLr7sTz1bC-Q', 'archive/github/audit/2026-06-20.ndjson'],
    ]);
  });
});

describe('readArchive: rule suites, merges, state, inputs', () => {
  it('counts rule-suite bypasses in the window and states the span of the suites read', async () => {
    const { population } = await readArchive(options());
    expect(population.ruleSuites).toEqual({
      files: 2,
      bypasses: 2,
      earliest: Date.parse('2026-07-06T13:00:00Z'),
      latest: Date.parse('2026-07-07T10:00:00Z'),
    });
    expect(population.notes).toContain(
      'rule suites reach back about 30 days from each collect; the rule suites read span 2026-07-06T13:00:00Z – 2026-07-07T10:00:00Z',
    );
    // with the configured zone, in local time with the offset, like every time in the evidence
    const local = await readArchive(options({ zone: 'Asia/Kathmandu', window: { from: Date.parse('2026-06-01T00:00:00Z'), to: JULY.to } }));
    expect(local.population.notes).toContain(
      'rule suites reach back about 30 days from each collect; the rule suites read span 2026-06-15T13:45:00+05:45 – 2026-07-07T15:45:00+05:45',
    );
  });

  it('says the audit entries read that lie outside the window (after as-of, before the period) do not count', async () => {
    const note = (notes: string[]) => notes.find((n) => n.startsWith('GitHub keeps audit-log web events'));
    const wide = await readArchive(options({ window: { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') } }));
    expect(note(wide.population.notes)).toMatch(/read span .* – [^(]*$/);
    const { earliest, latest } = wide.population.auditEvents;
    expect(latest).toBeGreaterThan(earliest!);
    // as-of before the last entry read
    const cut = await readArchive(options({ window: { from: Date.parse('2026-01-01T00:00:00Z'), to: latest! } }));
    expect(note(cut.population.notes)).toMatch(/ \(only those in the report's window count; the rest have not happened by as-of, or lie before the period\)$/);
  });

  it('leaves a bare repository_name unqualified when no org is configured', async () => {
    const { events } = await readArchive(options({ githubOrg: undefined }));
    expect(events.find((e) => e.id === 'rs-1003')?.repo).toBe('payments');
  });

  it('reads merged PRs per gate, sorted by merge time', async () => {
    const { merges, population } = await readArchive(options());
    expect([...merges.keys()].sort()).toEqual(['ledger-main', 'payments-main']);
    expect(merges.get('payments-main')).toEqual([
      { number: 99, mergedAt: Date.parse('2026-06-30T23:59:59Z') },
      { number: 101, mergedAt: Date.parse('2026-07-02T15:00:00Z') },
      { number: 104, mergedAt: Date.parse('2026-07-06T14:09:00Z') },
    ]);
    expect(population.merges).toEqual({ gates: 2, prs: 4 });
  });

  it('puts the state.json streams in the population', async () => {
    const { population } = await readArchive(options());
    expect(population.state).toEqual({
      'github.audit': { collectedAt: '2026-07-14T06:00:05Z', watermark: '2026-07-14T05:50:00Z' },
      'jira.issues': { collectedAt: '2026-07-14T06:01:10Z', watermark: '2026-07-14T06:00:00Z' },
    });
  });

  it('lists every file read with its sha256 and size, relative to the base folder, sorted', async () => {
    const { inputs } = await readArchive(options({ window: { from: Date.parse('2026-06-01T00:00:00Z'), to: JULY.to } }));
    expect(inputs.map((i) => i.path)).toEqual([
      'archive/github/audit/2026-06-20.ndjson',
      'archive/github/audit/2026-07-06.ndjson',
      'archive/github/audit/export-2026-07.json',
      'archive/github/audit/stream/2026-07-10.json.gz',
      'archive/github/merges/ledger-main.ndjson',
      'archive/github/merges/payments-main.ndjson',
      'archive/github/rule-suites/2026-06-15.ndjson',
      'archive/github/rule-suites/2026-07-06.ndjson',
      'archive/github/rule-suites/2026-07-07.ndjson',
      'archive/jira/issues.ndjson',
      'archive/jira/statuses.json',
      'archive/state.json',
    ]);
    for (const input of inputs) {
      const bytes = await readFile(join(base, input.path));
      expect(input, input.path).toEqual({ path: input.path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    }
  });

  it('treats an absent archive as empty, with a note', async () => {
    const result = await readArchive(options({ archiveDir: join(base, 'nowhere') }));
    expect(result.events).toEqual([]);
    expect(result.inputs).toEqual([]);
    expect(result.tickets.size).toBe(0);
    expect(result.population.archive).toBe('nowhere');
    expect(result.population.auditEvents).toEqual({ files: 0, lines: 0, duplicates: 0, bypassEvents: 0, earliest: null, latest: null });
    expect(result.population.notes).toEqual(['the archive folder nowhere does not exist: no GitHub or Jira data was read (run glasstrail collect)']);
  });

  it('reads an archive with missing subfolders', async () => {
    await rm(join(archive, 'github'), { recursive: true });
    await rm(join(archive, 'state.json'));
    const result = await readArchive(options());
    expect(result.events).toEqual([]);
    expect(result.merges.size).toBe(0);
    expect(result.tickets.size).toBe(4);
    expect(result.population.state).toEqual({});
    expect(result.population.ruleSuites).toEqual({ files: 0, bypasses: 0, earliest: null, latest: null });
    expect(result.population.notes).toEqual(['rule suites reach back about 30 days from each collect; none was read']);
    expect(result.inputs.map((i) => i.path)).toEqual(['archive/jira/issues.ndjson', 'archive/jira/statuses.json']);
  });

  it('ignores our own hidden tmp files left by a crashed writer', async () => {
    await writeFile(join(archive, 'github/audit/.2026-07-06.ndjson.999999.abcdef.tmp'), '{"half": ');
    const { population } = await readArchive(options());
    expect(population.auditEvents.files).toBe(3);
  });
});

describe('readArchive: Jira', () => {
  it('normalises a done ticket with -0400 times, a user-object reviewer and an ADF follow-up', async () => {
    const { tickets, population } = await readArchive(options());
    expect(population.jira).toEqual({ issues: 4, statusCatalogue: true });
    const t = tickets.get('BGR-1');
    expect(t?.key).toBe('BGR-1');
    expect(t?.summary).toBe('Review break-glass use on payments/main');
    expect(t?.created).toBe(Date.parse('2026-07-06T14:12:33.123Z'));
    expect(t?.resolutionDate).toBe(Date.parse('2026-07-07T19:59:00Z'));
    expect([t?.statusId, t?.statusName, t?.statusCategory]).toEqual(['10002', 'Done', 'done']);
    expect(t?.url).toBe('https://acme.atlassian.net/browse/BGR-1');
    expect(t?.reviewerField).toBe(DAVE);
    expect(t?.followUpText).toBe('Rotate the deploy key today.\nAdd a CODEOWNERS rule for @Dave Reviewer');
    expect(t?.links).toEqual([]);
    expect(t?.source).toEqual({ file: 'archive/jira/issues.ndjson', line: 1 });
    // the changelog lists the later history first: transitions come out in time order
    expect(t?.transitions).toEqual([
      { at: Date.parse('2026-07-06T15:00:00Z'), historyId: '20001', author: DAVE, authorName: 'Dave Reviewer', fromId: '10000', fromName: 'To Do', toId: '10001', toName: 'In Progress', toCategory: 'indeterminate' },
      { at: Date.parse('2026-07-07T19:59:00Z'), historyId: '20002', author: DAVE, authorName: 'Dave Reviewer', fromId: '10001', fromName: 'In Progress', toId: '10002', toName: 'Done', toCategory: 'done' },
    ]);
    expect(t?.reviewerChanges).toEqual([{ at: Date.parse('2026-07-06T14:30:00Z'), author: ALICE, field: 'customfield_10100', to: DAVE }]);
  });

  it('a ticket moved to another project answers to its former key, and replaces a copy archived under it before the move', async () => {
    const path = join(archive, 'jira/issues.ndjson');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const original = JSON.parse(lines[0]!) as { key: string; fields: Record<string, unknown>; changelog: { histories: unknown[] } };
    expect(original.key).toBe('BGR-1');
    const moved = structuredClone(original);
    moved.key = 'OPS-7';
    moved.fields.summary = 'after the move';
    moved.changelog.histories.push({ id: '29999', created: '2026-08-01T10:00:00.000-0400', items: [{ field: 'Key', fieldtype: 'jira', from: null, fromString: 'BGR-1', to: null, toString: 'OPS-7' }] });
    // the stale BGR-1 copy stays on line 1; the moved issue is a later line
    await writeFile(path, `${[...lines, JSON.stringify(moved)].join('\n')}\n`);
    const { tickets, population } = await readArchive(options());
    expect(tickets.get('BGR-1')?.key).toBe('OPS-7');
    expect(tickets.get('BGR-1')?.summary).toBe('after the move');
    expect(tickets.get('OPS-7')).toBe(tickets.get('BGR-1'));
    expect(tickets.get('OPS-7')?.formerKeys).toEqual(['BGR-1']);
    // distinct issues: the stale copy and the moved issue are one
    expect(population.jira.issues).toBe(4);
  });

  it('a reviewer change without a fieldId (older changelogs) is matched by the field id, or by the name the config gave', async () => {
    const path = join(archive, 'jira/issues.ndjson');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const issue = JSON.parse(lines[0]!) as { changelog: { histories: unknown[] } };
    issue.changelog.histories.push({ id: '29998', created: '2026-07-10T10:00:00.000-0400', author: { accountId: ALICE }, items: [{ field: 'Reviewer', fieldtype: 'custom', from: DAVE, to: ALICE }] });
    lines[0] = JSON.stringify(issue);
    await writeFile(path, `${lines.join('\n')}\n`);
    const byId = (await readArchive(options())).tickets.get('BGR-1')!;
    expect(byId.reviewerChanges.map((c) => c.to)).toEqual([DAVE]);
    const byName = (await readArchive(options({ jiraFields: { reviewer: 'customfield_10100', reviewerName: 'Reviewer', followUp: 'customfield_10101' } }))).tickets.get('BGR-1')!;
    expect(byName.reviewerChanges.map((c) => c.to)).toEqual([DAVE, ALICE]);
  });

  it('keeps every transition of a reopened ticket, an array reviewer (first wins), links, and a blank follow-up as none', async () => {
    const { tickets } = await readArchive(options());
    const t = tickets.get('BGR-2');
    expect(t?.transitions.map((x) => [x.historyId, x.toId, x.toCategory, new Date(x.at).toISOString()])).toEqual([
      ['21001', '10002', 'done', '2026-07-08T13:00:00.000Z'],
      ['21002', '4', 'indeterminate', '2026-07-08T16:00:00.000Z'],
      ['21003', '10002', 'done', '2026-07-09T16:00:00.000Z'],
    ]);
    expect(t?.reviewerField).toBe(DAVE);
    expect(t?.followUpText).toBeUndefined();
    expect(t?.links).toEqual(['OPS-7', 'SEC-3']);
  });

  it('takes the last line of a key, a plain-string reviewer, and no follow-up when the field is null', async () => {
    const { tickets } = await readArchive(options());
    const t = tickets.get('BGR-3');
    expect(t?.summary).toBe('Review policy override on ledger-svc (updated)');
    expect(t?.statusId).toBe('10001');
    expect(t?.source.line).toBe(5);
    expect(t?.transitions.map((x) => x.historyId)).toEqual(['22001']);
    expect(t?.reviewerField).toBe(DAVE);
    expect(t?.followUpText).toBeUndefined();
    expect(t?.resolutionDate).toBeUndefined();
  });

  it('reads a status item named only by field, without author, and fills a catalogue gap from issue statuses', async () => {
    const { tickets } = await readArchive(options());
    const t = tickets.get('BGR-4');
    expect(t?.transitions).toEqual([
      { at: Date.parse('2026-07-13T14:00:00Z'), historyId: '23001', fromId: '10001', fromName: 'In Progress', toId: '10003', toName: 'Closed', toCategory: 'done' },
    ]);
    expect(t?.reviewerField).toBeUndefined();
    expect(t?.followUpText).toBeUndefined(); // an ADF document with an empty paragraph
  });

  it('without statuses.json, takes categories from the statuses of archived issues only', async () => {
    await rm(join(archive, 'jira/statuses.json'));
    // an issue sitting in Reopened (id 4) tells its category
    const reopened = { key: 'OPS-1', fields: { status: { id: '4', name: 'Reopened', statusCategory: { key: 'indeterminate' } } } };
    await appendFile(join(archive, 'jira/issues.ndjson'), `${JSON.stringify(reopened)}\n`);
    const { tickets, population, inputs } = await readArchive(options());
    expect(population.jira.statusCatalogue).toBe(false);
    expect(inputs.some((i) => i.path.endsWith('statuses.json'))).toBe(false);
    expect(tickets.get('BGR-2')?.transitions.map((x) => [x.toId, x.toCategory])).toEqual([
      ['10002', 'done'],
      ['4', 'indeterminate'],
      ['10002', 'done'],
    ]);
    expect(tickets.get('BGR-1')?.transitions.map((x) => x.toCategory)).toEqual(['indeterminate', 'done']);
  });

  it.each([
    ['without statuses.json', 'no-catalogue', 'is the status of no archived issue and there is no jira/statuses.json'],
    ['with a statuses.json that lacks it', 'not-in-catalogue', 'is in neither jira/statuses.json nor any archived issue'],
  ])('a transition to a status known nowhere (%s) is marked, not read as "not done"; its error names file, line, key and status', async (name, unknown, words) => {
    const catalogue = join(archive, 'jira/statuses.json');
    if (name.startsWith('without')) await rm(catalogue);
    else await writeFile(catalogue, JSON.stringify([{ id: '10002', name: 'Done', statusCategory: { key: 'done' } }, { id: '10001', name: 'In Progress', statusCategory: { key: 'indeterminate' } }]));
    // no archived issue sits in Reopened (id 4), the target of BGR-2's second transition (line 3)
    const { tickets } = await readArchive(options());
    const ticket = tickets.get('BGR-2')!;
    const t = ticket.transitions.find((x) => x.toId === '4')!;
    expect([t.toCategory, t.toUnknown]).toEqual([undefined, unknown]);
    // join/review.ts raises it when the ticket reviews a use
    const error = unknownStatusError(ticket, t);
    expect([error.context.where, error.context.line, error.context.key, error.code]).toEqual(['archive/jira/issues.ndjson', 3, 'BGR-2', 'archive-unknown-status']);
    expect(error.message).toBe(`Jira issue: changelog history 21002 moves it to status id 4 ("Reopened"), which ${words}, so whether the review was done cannot be told`);
    expect(error.context.fix).toContain('run glasstrail collect to fetch the status catalogue again');
    expect(error.exitCode).toBe(3);
  });

  it('jira.statusCategories gives the category of a status known nowhere, with a note; the archive\'s own word wins over it', async () => {
    await writeFile(join(archive, 'jira/statuses.json'), JSON.stringify([{ id: '10002', name: 'Done', statusCategory: { key: 'done' } }, { id: '10001', name: 'In Progress', statusCategory: { key: 'indeterminate' } }]));
    const { tickets, population } = await readArchive(options({ statusCategories: { '4': 'indeterminate', '10002': 'new', '77': 'done' } }));
    const t = tickets.get('BGR-2')!.transitions.find((x) => x.toId === '4')!;
    expect([t.toCategory, t.toUnknown]).toEqual(['indeterminate', undefined]);
    expect(tickets.get('BGR-2')!.transitions.filter((x) => x.toId === '10002').map((x) => x.toCategory)).toEqual(['done', 'done']);
    expect(population.notes.filter((n) => /statusCategories|Jira status/.test(n))).toEqual([
      'Jira status 4 is in neither jira/statuses.json nor any archived issue: its category (indeterminate) is taken from the config (jira.statusCategories) for 1 changelog move(s)',
      'jira.statusCategories gives status 10002 the category new, but the archive knows it as done: the archive\'s is used',
    ]);
  });

  it('a status of a category other than new, indeterminate or done is known, and not done', async () => {
    await writeFile(
      join(archive, 'jira/statuses.json'),
      JSON.stringify([
        { id: '10001', name: 'In Progress', statusCategory: { key: 'indeterminate' } },
        { id: '10002', name: 'Done', statusCategory: { key: 'done' } },
        { id: '4', name: 'Reopened', statusCategory: { key: 'undefined' } }, // Jira's "No Category"
      ]),
    );
    const { tickets } = await readArchive(options());
    // known (no toUnknown), of no category the review counts
    expect(tickets.get('BGR-2')?.transitions.map((x) => [x.toId, x.toCategory, x.toUnknown])).toEqual([
      ['10002', 'done', undefined],
      ['4', undefined, undefined],
      ['10002', 'done', undefined],
    ]);
  });

  it('statuses.json wins over an archived issue that reports another category', async () => {
    await writeFile(
      join(archive, 'jira/statuses.json'),
      JSON.stringify([
        { id: '10002', name: 'Done', statusCategory: { key: 'indeterminate' } },
        { id: '4', name: 'Reopened', statusCategory: { key: 'indeterminate' } },
      ]),
    );
    const { tickets } = await readArchive(options());
    expect(tickets.get('BGR-1')?.transitions.map((x) => x.toCategory)).toEqual(['indeterminate', 'indeterminate']);
  });

  it('without configured fields, reads neither reviewer nor follow-up', async () => {
    const { tickets } = await readArchive(options({ jiraFields: {} }));
    expect(tickets.get('BGR-1')?.reviewerField).toBeUndefined();
    expect(tickets.get('BGR-1')?.followUpText).toBeUndefined();
    expect(tickets.get('BGR-1')?.reviewerChanges).toEqual([]);
  });
});

describe('readArchive: corrupt archive', () => {
  const good = '{"action":"protected_branch.destroy","actor":"bob-gh","created_at":1783347000000,"_document_id":"a1","repo":"acme/payments","name":"main"}';
  const noise = '{"action":"git.push","actor":"bob-gh","created_at":1783347000000,"_document_id":"a2","repo":"acme/web"}';

  it.each([
    ['bad JSON on a wanted line', `${good}\n\n{"action":"protected_branch.destroy","created_at":17833`, 3, 'not valid JSON'],
    ['a truncated noise line', `${noise}\n{"action":"git.push","created_at":1783347000000`, 2, 'not valid JSON'],
    ['an object without action', `${good}\n{"actor":"bob-gh","created_at":1783347000000}`, 2, 'action'],
    ['a noise line without created_at', `${noise}\n{"action":"git.push","actor":"bob-gh"}`, 2, 'created_at'],
    ['a wanted line with an unreadable time', `{"action":"protected_branch.destroy","created_at":"yesterday"}`, 1, 'created_at'],
    ['a JSON value that is not an object', `${good}\n42`, 2, '(entry)'],
  ])('audit NDJSON with %s -> ShapeError naming file and line', async (_name, text, line, words) => {
    await writeFile(join(archive, 'github/audit/2026-07-20.ndjson'), `${text}\n`);
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe('archive/github/audit/2026-07-20.ndjson');
    expect(error.context.line).toBe(line);
    expect(error.context.fix).toBe("the archive is corrupt: restore the file from the archive's history (git) or a backup; collect cannot repair it (it reads a file it wrote before adding to it); a file dropped in by hand, correct or remove it");
    expect(error.message).toContain(words);
    expect(error.exitCode).toBe(3);
  });

  it.each([
    ['a wanted line', '{"action":"protected_branch.destroy","actor":"bob-gh","created_at":1785767594,"_document_id":"s1","repo":"acme/payments"}'],
    ['a noise line', '{"action":"git.push","actor":"bob-gh","created_at":1785767594,"_document_id":"s2","repo":"acme/web"}'],
  ])('%s timed in epoch seconds (1970 as milliseconds) -> ShapeError saying so, not a silently dropped event', async (_name, line) => {
    await writeFile(join(archive, 'github/audit/2026-07-20.ndjson'), `${good}
${line}
`);
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/audit/2026-07-20.ndjson', 2]);
    expect(error.message).toBe("audit-log entry time 1785767594 is before 2008 read as epoch milliseconds (GitHub's unit): seconds?");
    expect(error.context.fix).toContain('× 1000');
  });

  it.each([
    ['a folder at jira/issues.ndjson', 'jira/issues.ndjson', 'folder', 'is a folder, not a file'],
    ['a dangling link at jira/issues.ndjson', 'jira/issues.ndjson', 'link', 'is a link to a file that does not exist'],
    ['a folder at state.json', 'state.json', 'folder', 'is a folder, not a file'],
    ['a folder at jira/statuses.json', 'jira/statuses.json', 'folder', 'is a folder, not a file'],
    ['a folder named like a merges file', 'github/merges/payments-main.ndjson', 'folder', 'is a folder, not a file'],
    ['a dangling link named like an audit day file', 'github/audit/2026-07-06.ndjson', 'link', 'is a link to a file that does not exist'],
    ['a folder named like a rule-suite file', 'github/rule-suites/2026-07-06.ndjson', 'folder', 'is a folder, not a file'],
  ])('%s -> ShapeError (exit 3), never read as "no data"', async (_name, rel, kind, words) => {
    const path = join(archive, rel);
    await rm(path);
    if (kind === 'folder') await mkdir(path);
    else await symlink(join(base, 'nowhere.ndjson'), path);
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe(path);
    expect(error.message).toBe(`${words}, so the archive cannot be read completely`);
    expect(error.exitCode).toBe(3);
  });

  it('the Jira issues file gone while state.json records a Jira collect is exit 3, even with statuses.json still there', async () => {
    await writeFile(join(archive, 'state.json'), JSON.stringify({ version: 1, streams: { 'jira.issues': { watermark: '2026-07-20T00:00:00Z' } } }));
    await rm(join(archive, 'jira/issues.ndjson'));
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.message).toBe('the Jira part of the archive is missing (no jira/issues.ndjson), yet state.json records a Jira collect');
    expect(error.context.where).toBe('archive/jira/issues.ndjson');
    // an empty file (a collect that found no issue) is no loss
    await writeFile(join(archive, 'jira/issues.ndjson'), '');
    expect((await readArchive(options())).population.jira.issues).toBe(0);
  });

  it('a link to a real file is read like the file', async () => {
    const path = join(archive, 'jira/issues.ndjson');
    await cp(path, join(base, 'issues-elsewhere.ndjson'));
    await rm(path);
    await symlink(join(base, 'issues-elsewhere.ndjson'), path);
    const { population } = await readArchive(options());
    expect(population.jira.issues).toBeGreaterThan(0);
  });

  it('a JSON-array export with a bad element names the element', async () => {
    await writeFile(join(archive, 'github/audit/export-bad.json'), JSON.stringify([JSON.parse(good), { action: 'git.push' }], null, 2));
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/audit/export-bad.json', 2]);
  });

  it('a JSON-array export that does not parse', async () => {
    await writeFile(join(archive, 'github/audit/export-bad.json'), `[\n${good},\n`);
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/audit/export-bad.json', 1]);
    expect(error.message).toContain('not a valid JSON array');
  });

  it.each([
    ['cut short', '[\n{"id":"10002","name":"Do'],
    ['not an array', '{"id":"10002"}\n'],
    ['a bad status', '[{"id":10002}]'],
  ])('a damaged statuses.json (%s) says that collect replaces it: it is Jira\'s catalogue, fetched again when it does not parse', async (_name, text) => {
    await writeFile(join(archive, 'jira/statuses.json'), text);
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe('archive/jira/statuses.json');
    expect(error.context.fix).toContain('run glasstrail collect');
    expect(error.context.fix).not.toContain('cannot repair');
  });

  it('a corrupt gzip file', async () => {
    const gz = gzipSync(`${good}\n`);
    await writeFile(join(archive, 'github/audit/bad.json.gz'), gz.subarray(0, gz.length - 6));
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe('archive/github/audit/bad.json.gz');
    expect(error.message).toContain('gzip');
  });

  it('a bad line inside a gzip file names its line', async () => {
    await writeFile(join(archive, 'github/audit/bad.json.gz'), gzipSync(`${good}\r\n${noise}\r\nnot json\r\n`));
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/audit/bad.json.gz', 3]);
  });

  it.each([
    ['an NDJSON day file', 'github/audit/2026-07-07.ndjson', (b: Buffer) => b],
    ['a gzip export', 'github/audit/bad.json.gz', (b: Buffer) => gzipSync(b)],
    ['the Jira issues', 'jira/issues.ndjson', (b: Buffer) => b],
  ])('bytes that are not UTF-8 in %s are corruption naming the line, not U+FFFD in an actor', async (_what, file, wrap) => {
    const bad = Buffer.from(good.replace(/"actor":"[^"]*"/, '"actor":"alice-k\u0000"'));
    bad[bad.indexOf(0)] = 0xff; // a lone 0xFF: never UTF-8
    expect(bad.includes(0xff)).toBe(true);
    const lines = Buffer.concat([Buffer.from(`${noise}\n${noise}\n`), bad, Buffer.from(`\n${noise}\n`)]);
    await writeFile(join(archive, file), wrap(lines));
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line, error.message]).toEqual([`archive/${file}`, 3, 'the line is not valid UTF-8']);
  });

  it('a real U+FFFD in a line is text, not corruption', async () => {
    await writeFile(join(archive, 'github/audit/2026-07-07.ndjson'), `${good.replace(/"actor":"[^"]*"/, '"actor":"alice-\uFFFD"')}\n`);
    const { events } = await readArchive(options());
    expect(events.some((e) => e.actor === 'alice-\uFFFD')).toBe(true);
  });

  it('a rule suite without pushed_at', async () => {
    await writeFile(join(archive, 'github/rule-suites/2026-07-08.ndjson'), '{"id":5,"result":"pass","pushed_at":"2026-07-08T00:00:00Z"}\n{"id":6,"result":"bypass"}\n');
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/rule-suites/2026-07-08.ndjson', 2]);
    expect(error.message).toContain('pushed_at');
  });

  it('a merged PR without a number', async () => {
    await writeFile(join(archive, 'github/merges/payments-main.ndjson'), '{"mergedAt":"2026-07-02T15:00:00Z","mergedBy":null,"baseRef":"main","url":"u"}\n');
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/github/merges/payments-main.ndjson', 1]);
    expect(error.message).toContain('number');
  });

  it.each([
    ['a bad created time', { key: 'BGR-9', fields: { created: 'last tuesday' } }, 'fields.created'],
    ['an epoch-ms resolution date', { key: 'BGR-9', fields: { resolutiondate: '1783000000' } }, 'fields.resolutiondate is not a valid time: "1783000000" (expected an ISO 8601 time'],
    ['an epoch-ms changelog time', { key: 'BGR-9', fields: {}, changelog: { histories: [{ id: '7', created: '1783000000000', items: [] }] } }, 'changelog history 7 has a bad created time "1783000000000" (expected an ISO 8601'],
    ['a status item without target', { key: 'BGR-9', fields: {}, changelog: { histories: [{ id: '1', created: '2026-07-06T10:00:00.000-0400', items: [{ fieldId: 'status', from: '1' }] }] } }, 'no target status'],
    ['a reviewer of the wrong type', { key: 'BGR-9', fields: { customfield_10100: 42 } }, 'reviewer field customfield_10100'],
    ['a follow-up of the wrong type', { key: 'BGR-9', fields: { customfield_10101: { type: 'paragraph' } } }, 'follow-up field customfield_10101'],
    ['a status without id', { key: 'BGR-9', fields: { status: { name: 'Done' } } }, 'fields.status.id'],
  ])('a Jira issue with %s -> ShapeError naming file, line and key', async (_name, issue, words) => {
    const path = join(archive, 'jira/issues.ndjson');
    await writeFile(path, `${await readFile(path, 'utf8')}${JSON.stringify(issue)}\n`);
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line, error.context.key]).toEqual(['archive/jira/issues.ndjson', 6, 'BGR-9']);
    expect(error.message).toContain(words);
  });

  it('a Jira line that is not JSON', async () => {
    await mkdir(join(archive, 'jira'), { recursive: true });
    await writeFile(join(archive, 'jira/issues.ndjson'), '{"key":"BGR-1",\n');
    const error = await shapeErrorOf(readArchive(options()));
    expect([error.context.where, error.context.line]).toEqual(['archive/jira/issues.ndjson', 1]);
  });

  it('files checked out with CRLF line ends (git core.autocrlf): named as such, not as changed content', async () => {
    const keys = ['github/audit/2026-07-06.ndjson', 'jira/issues.ndjson'];
    const sha = async (key: string) => `sha256:${createHash('sha256').update(await readFile(join(archive, key))).digest('hex')}`;
    const files = Object.fromEntries(await Promise.all(keys.map(async (key) => [key, await sha(key)] as const)));
    await writeFile(join(archive, 'state.json'), JSON.stringify({ version: 1, streams: {}, files }));
    const crlf = async (key: string) => writeFile(join(archive, key), (await readFile(join(archive, key), 'utf8')).replaceAll('\n', '\r\n'));
    for (const key of keys) await crlf(key);
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe('archive/github/audit/2026-07-06.ndjson');
    expect(error.message).toBe('archive/github/audit/2026-07-06.ndjson has CRLF line ends where collect wrote LF (git core.autocrlf?); with LF its SHA-256 is the one state.json records (and 1 more)');
    expect(error.context.fix).toMatch(/\.gitattributes/);
    // CRLF and an edit besides: the content changed, said as before
    await appendFile(join(archive, keys[0]!), '\r\n');
    expect((await shapeErrorOf(readArchive(options()))).message).toMatch(/^archive\/github\/audit\/2026-07-06\.ndjson is not what collect wrote/);
  });

  it('a state.json that is not JSON', async () => {
    await writeFile(join(archive, 'state.json'), '{"version":1,');
    const error = await shapeErrorOf(readArchive(options()));
    expect(error.context.where).toBe('archive/state.json');
  });
});
