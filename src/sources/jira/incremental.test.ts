/**
 * Reruns against the fake Jira: what a rerun asks for, counted by the fake's request log.
 * (The first-run behaviour, faults and errors are in index.test.ts.)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeIssue, fakeIssues } from '../../../test/fake-jira/data.ts';
import { JIRA_ENV, startJiraHarness, type JiraHarness } from '../../../test/fake-jira/harness.ts';
import { DEFAULT_STATUSES, type FakeIssue, type FakeStatus } from '../../../test/fake-jira/server.ts';
import { collectJira } from './index.ts';

const ZONE = 'Pacific/Auckland';
const NOW = Date.parse('2026-07-10T00:05:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KEYS = ['BGR-1', 'BGR-3', 'OPS-7', 'BGR-404'];

const harnesses: JiraHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

function issues(): FakeIssue[] {
  return [
    fakeIssue({ key: 'BGR-1', updated: Date.parse('2026-07-01T00:00:00Z') }),
    fakeIssue({ key: 'BGR-2', updated: Date.parse('2026-07-05T00:00:00Z') }),
    fakeIssue({ key: 'BGR-3', updated: Date.parse('2026-07-08T12:00:00Z'), custom: { customfield_10100: { accountId: 'acct-9' } } }),
    fakeIssue({ key: 'OPS-7', updated: Date.parse('2026-03-01T00:00:00Z') }), // a review ticket outside the JQL
    fakeIssue({ key: 'OPS-8', updated: Date.parse('2026-02-01T00:00:00Z') }),
  ];
}

async function setup(extra: { issues?: FakeIssue[]; statuses?: FakeStatus[] } = {}): Promise<JiraHarness> {
  const h = await startJiraHarness(
    {
      timeZone: ZONE,
      issues: extra.issues ?? issues(),
      ...(extra.statuses ? { statuses: extra.statuses } : {}),
      fields: [{ id: 'customfield_10100', name: 'Reviewer', custom: true }, { id: 'customfield_10101', name: 'Follow-up', custom: true }],
    },
    { reviewer: 'Reviewer', followUp: 'customfield_10101' },
  );
  harnesses.push(h);
  return h;
}

function collect(h: JiraHarness, at: number, reviewKeys: readonly string[] = KEYS): ReturnType<typeof collectJira> {
  return collectJira({ config: h.config, reviewKeys, until: at, now: at, env: JIRA_ENV, timing: { retryBaseMs: 1, maxRetries: 2 }, schemaMismatch: 'throw' });
}

function routes(h: JiraHarness): string[] {
  return h.takeRequests().map((r) => r.route);
}

function jqlOf(request: { body: unknown } | undefined): string {
  return String((request?.body as { jql?: unknown } | undefined)?.jql);
}

function keysOf(request: { body: unknown } | undefined): unknown {
  return (request?.body as { issueIdsOrKeys?: unknown } | undefined)?.issueIdsOrKeys;
}

function archiveText(h: JiraHarness, file: string): Promise<string> {
  return readFile(join(h.config.archive, 'jira', file), 'utf8');
}

function issue(h: JiraHarness, key: string): FakeIssue {
  const found = h.fake.issues.find((i) => i.key === key);
  if (!found) throw new Error(`fixture has no ${key}`);
  return found;
}

/** A new history on the issue, moving `updated` to `at`. */
function edit(target: FakeIssue, at: number, item: FakeIssue['histories'][number]['items'][number]): void {
  target.updated = at;
  target.histories.push({ id: `${target.id}9${target.histories.length}`, created: at, author: { accountId: 'acct-1' }, items: [item] });
}

async function firstRun(h: JiraHarness, reviewKeys: readonly string[] = KEYS): Promise<void> {
  await collect(h, NOW, reviewKeys);
  h.takeRequests();
}

describe('collectJira reruns', () => {
  it('first run: metadata, one search page, the out-of-JQL keys by key, changelogs, statuses', async () => {
    const h = await setup();
    await collect(h, NOW);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['myself', 'field', 'search', 'bulkfetch', 'changelog', 'status']);
    expect(keysOf(requests[3])).toEqual(['BGR-404', 'OPS-7']);
    expect(await h.readState()).toMatchObject({
      timeZone: ZONE,
      fieldIds: { reviewer: 'customfield_10100', followUp: 'customfield_10101' },
      configuredFields: { reviewer: 'Reviewer', followUp: 'customfield_10101' },
      missingKeys: ['BGR-404'],
      outsideKeys: ['OPS-7'],
    });
    expect(await h.lastRefresh()).toBe('2026-07-10T00:05:00Z');
  });

  it('a rerun with nothing new makes exactly one request and changes no archive file', async () => {
    const h = await setup();
    await firstRun(h);
    const issuesBefore = await archiveText(h, 'issues.ndjson');
    const statusesBefore = await archiveText(h, 'statuses.json');
    const [summary] = await collect(h, NOW + 15 * MINUTE);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['search']);
    expect(summary?.requests).toBe(1);
    // watermark − 1 h overlap − 1 day margin, as wall clock in Auckland (UTC+12)
    expect(jqlOf(requests[0])).toBe(
      '((project = BGR) OR key in ("OPS-7")) AND updated >= "2026-07-09 11:05" AND updated <= "2026-07-11 12:20" ORDER BY key ASC',
    );
    expect(await archiveText(h, 'issues.ndjson')).toBe(issuesBefore);
    expect(await archiveText(h, 'statuses.json')).toBe(statusesBefore);
    expect(await h.readState()).toMatchObject({ missingKeys: ['BGR-404'], outsideKeys: ['OPS-7'] });
    expect(await h.lastRefresh()).toBe('2026-07-10T00:05:00Z');
  });

  it('refreshes an archived review ticket outside the JQL through the same search', async () => {
    const h = await setup();
    await firstRun(h);
    edit(issue(h, 'OPS-7'), NOW + 10 * MINUTE, { field: 'labels', fieldId: 'labels', from: null, to: null, fromString: '', toString: 'audited' });
    await collect(h, NOW + 15 * MINUTE);
    expect(routes(h)).toEqual(['search', 'changelog']);
    const stored = (await archiveText(h, 'issues.ndjson')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { key: string; changelog: { histories: { items: { toString?: string }[] }[] } });
    const ops7 = stored.find((line) => line.key === 'OPS-7');
    expect(ops7?.changelog.histories.at(-1)?.items[0]?.toString).toBe('audited');
  });

  it('fetches a new ledger key by key, then folds it into the search', async () => {
    const h = await setup();
    await firstRun(h);
    await collect(h, NOW + 15 * MINUTE, [...KEYS, 'OPS-8']);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['search', 'bulkfetch', 'changelog']);
    expect(keysOf(requests[1])).toEqual(['OPS-8']);
    expect(await archiveText(h, 'issues.ndjson')).toContain('"key":"OPS-8"');

    await collect(h, NOW + 30 * MINUTE, [...KEYS, 'OPS-8']);
    const next = h.takeRequests();
    expect(next.map((r) => r.route)).toEqual(['search']);
    expect(jqlOf(next[0])).toContain('OR key in ("OPS-7", "OPS-8"))');
  });

  it.each([
    { via: 'the issue status', back: false },
    { via: 'a changelog entry only', back: true },
  ])('refreshes the status catalogue when $via names an unknown status', async ({ back }) => {
    const statuses: FakeStatus[] = [...DEFAULT_STATUSES];
    const h = await setup({ statuses });
    await firstRun(h);
    statuses.push({ id: '10002', name: "Won't do", category: 'done' });
    const bgr2 = issue(h, 'BGR-2');
    edit(bgr2, NOW + 5 * MINUTE, { field: 'status', fieldId: 'status', from: '10001', fromString: 'Done', to: '10002', toString: "Won't do" });
    bgr2.statusId = '10002';
    if (back) {
      edit(bgr2, NOW + 6 * MINUTE, { field: 'status', fieldId: 'status', from: '10002', fromString: "Won't do", to: '10001', toString: 'Done' });
      bgr2.statusId = '10001';
    }
    await collect(h, NOW + 15 * MINUTE);
    expect(routes(h)).toEqual(['search', 'changelog', 'status']);
    const catalogue = JSON.parse(await archiveText(h, 'statuses.json')) as { id: string }[];
    expect(catalogue.map((s) => s.id)).toContain('10002');
    expect(await h.lastRefresh()).toBe('2026-07-10T00:05:00Z'); // not the daily refresh
  });

  it('a status deleted from Jira since is kept in the catalogue, after the statuses GET /status returns as returned', async () => {
    const statuses: FakeStatus[] = [...DEFAULT_STATUSES, { id: '10002', name: "Won't do", category: 'done' }];
    const h = await setup({ statuses });
    await firstRun(h);
    const before = JSON.parse(await archiveText(h, 'statuses.json')) as { id: string }[];
    expect(before.map((s) => s.id)).toContain('10002');
    statuses.pop(); // an admin deletes "Won't do" from every workflow
    await collect(h, NOW + 25 * HOUR); // the daily refresh fetches GET /status again
    const after = JSON.parse(await archiveText(h, 'statuses.json')) as { id: string }[];
    // what Jira returned now, unchanged and in order, then the deleted status as stored
    expect(after).toEqual([...before.filter((s) => s.id !== '10002'), before.find((s) => s.id === '10002')]);
  });

  it.each([
    ['edited by hand (a forged done status added)', (text: string) => text.replace(/\]\s*$/, ',{"id":"777","name":"Forged","statusCategory":{"key":"done"}}]\n')],
    ['damaged (cut short)', (text: string) => text.slice(0, -3)],
  ])('a catalogue not as collect wrote it, %s, is replaced by Jira\'s answer and nothing is kept from it, with a note', async (_name, spoil) => {
    const statuses: FakeStatus[] = [...DEFAULT_STATUSES, { id: '10002', name: "Won't do", category: 'done' }];
    const h = await setup({ statuses });
    await firstRun(h);
    const path = join(h.config.archive, 'jira', 'statuses.json');
    await writeFile(path, spoil(await readFile(path, 'utf8')));
    statuses.pop();
    const [summary] = await collect(h, NOW + 25 * HOUR);
    const after = JSON.parse(await archiveText(h, 'statuses.json')) as { id: string }[];
    expect(after.map((s) => s.id)).toEqual(DEFAULT_STATUSES.map((s) => s.id));
    expect(summary?.notes).toContain("jira/statuses.json was not as collect wrote it (edited, damaged, or older than the inventory): replaced by Jira's answer, so statuses Jira has deleted since are no longer known");
  });

  it('a change naming only known statuses does not fetch the catalogue', async () => {
    const h = await setup();
    await firstRun(h);
    edit(issue(h, 'BGR-2'), NOW + 5 * MINUTE, { field: 'status', fieldId: 'status', from: '10001', fromString: 'Done', to: '3', toString: 'In Progress' });
    issue(h, 'BGR-2').statusId = '3';
    await collect(h, NOW + 15 * MINUTE);
    expect(routes(h)).toEqual(['search', 'changelog']);
  });

  it('24 h later refreshes zone, field ids, statuses and missing keys once, then not again', async () => {
    const h = await setup();
    await firstRun(h);
    await collect(h, NOW + 25 * HOUR);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route).toSorted()).toEqual(['bulkfetch', 'field', 'myself', 'search', 'status']);
    expect(keysOf(requests.find((r) => r.route === 'bulkfetch'))).toEqual(['BGR-404']);
    expect(await h.readState()).toMatchObject({ missingKeys: ['BGR-404'] });
    expect(await h.lastRefresh()).toBe('2026-07-11T01:05:00Z');
    await collect(h, NOW + 26 * HOUR);
    expect(routes(h)).toEqual(['search']);
  });

  it('looks the field ids up again when jira.fields changes, without re-asking for the zone', async () => {
    const h = await setup();
    await firstRun(h);
    const jira = h.config.jira;
    if (!jira) throw new Error('fixture');
    jira.fields = { reviewer: 'customfield_10100' };
    await collect(h, NOW + 15 * MINUTE);
    expect(routes(h)).toEqual(['field', 'search']);
    expect(await h.readState()).toMatchObject({ fieldIds: { reviewer: 'customfield_10100' }, configuredFields: { reviewer: 'customfield_10100' } });
  });

  it('a missing key found later is archived and leaves missingKeys at the 24 h re-check', async () => {
    const h = await setup();
    await firstRun(h);
    h.fake.issues.push(fakeIssue({ key: 'BGR-404', updated: Date.parse('2026-01-01T00:00:00Z') }));
    await collect(h, NOW + HOUR);
    expect(routes(h)).toEqual(['search']); // known missing: not asked again within 24 h
    await collect(h, NOW + 25 * HOUR);
    expect(routes(h)).toContain('bulkfetch');
    expect(await h.readState()).toMatchObject({ missingKeys: [], outsideKeys: ['BGR-404', 'OPS-7'] });
    expect(await archiveText(h, 'issues.ndjson')).toContain('"key":"BGR-404"');
  });

  it('survives an archived out-of-JQL ticket deleted from Jira (key in → 400), once', async () => {
    const h = await setup();
    await firstRun(h);
    h.fake.issues.splice(h.fake.issues.indexOf(issue(h, 'OPS-7')), 1);
    await collect(h, NOW + 15 * MINUTE);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['search', 'bulkfetch', 'search']);
    expect(jqlOf(requests[2])).toMatch(/^\(project = BGR\) AND updated/);
    expect(await h.readState()).toMatchObject({ missingKeys: ['BGR-404', 'OPS-7'], outsideKeys: [] });
    expect(await archiveText(h, 'issues.ndjson')).toContain('"key":"OPS-7"'); // the archived version stays
    await collect(h, NOW + 30 * MINUTE);
    expect(routes(h)).toEqual(['search']);
  });

  it('still throws a 400 that is not about a vanished key', async () => {
    const h = await setup();
    await firstRun(h);
    const jira = h.config.jira;
    if (!jira) throw new Error('fixture');
    jira.jql = 'project = NOPE';
    const error = await collect(h, NOW + 15 * MINUTE).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("The value 'NOPE' does not exist");
    expect(routes(h)).toEqual(['search', 'bulkfetch']);
  });

  it('splits more than 100 out-of-JQL keys into key-in chunks', async () => {
    const ops = fakeIssues('OPS', 150, Date.parse('2026-03-01T00:00:00Z'), HOUR, 1);
    const h = await setup({ issues: [...issues().filter((i) => !i.key.startsWith('OPS')), ...ops] });
    const keys = ['BGR-1', ...ops.map((i) => i.key)];
    await firstRun(h, keys);
    await collect(h, NOW + 15 * MINUTE, keys);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['search', 'search']);
    expect(jqlOf(requests[0]).match(/"OPS-\d+"/g)).toHaveLength(100);
    expect(jqlOf(requests[1])).toMatch(/^key in \("OPS-\d+"(, "OPS-\d+"){49}\) AND updated >= /);
  });

  it('state from before outsideKeys: classifies the archived review keys once', async () => {
    const h = await setup();
    await firstRun(h);
    const statePath = join(h.config.archive, 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { streams: Record<string, Record<string, unknown>> };
    delete state.streams['jira.issues']?.outsideKeys;
    await writeFile(statePath, JSON.stringify(state));
    await collect(h, NOW + 15 * MINUTE);
    const requests = h.takeRequests();
    expect(requests.map((r) => r.route)).toEqual(['search', 'search']);
    expect(jqlOf(requests[0])).toBe('key in ("BGR-1", "BGR-3", "OPS-7") AND NOT (project = BGR) ORDER BY key ASC');
    expect(await h.readState()).toMatchObject({ outsideKeys: ['OPS-7'] });
    await collect(h, NOW + 30 * MINUTE);
    expect(routes(h)).toEqual(['search']);
  });
});
