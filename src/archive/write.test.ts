import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { adoptInventory, archivePaths, continuesWatermark, mergeNdjson, nextWatermark, readState, recordFiles, updateStreamState, writeFileAtomic } from './write.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-write-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** A pid that surely names no live process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

type Entry = { _document_id: string; created_at: number; action: string; zeta?: number; alpha?: number };
const keyOf = (r: Entry): string => r._document_id;
const sortKey = (r: Entry): number => r.created_at;

describe('writeFileAtomic', () => {
  it('writes the data with mode 0600 in new 0700 folders and leaves no tmp file', async () => {
    const path = join(dir, 'a', 'b', 'file.json');
    await writeFileAtomic(path, 'hello\n');
    expect(await readFile(path, 'utf8')).toBe('hello\n');
    expect(await mode(path)).toBe(0o600);
    expect(await mode(join(dir, 'a'))).toBe(0o700);
    expect(await mode(join(dir, 'a', 'b'))).toBe(0o700);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['file.json']);
  });

  it('replaces an existing file whole, with the requested mode', async () => {
    const path = join(dir, 'file.bin');
    await writeFile(path, 'old old old old', { mode: 0o644 });
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]), { mode: 0o640 });
    expect([...(await readFile(path))]).toEqual([1, 2, 3]);
    expect(await mode(path)).toBe(0o640);
    expect(await readdir(dir)).toEqual(['file.bin']);
  });

  it('cleans its tmp file when the rename fails', async () => {
    const path = join(dir, 'target');
    await mkdir(join(path, 'inner'), { recursive: true }); // a non-empty folder cannot be renamed over
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target']);
  });
});

describe('mergeNdjson', () => {
  const a: Entry = { _document_id: 'a', created_at: 3000, action: 'protected_branch.destroy', zeta: 1, alpha: 2 };
  const b: Entry = { _document_id: 'b', created_at: 1000, action: 'repository_ruleset.update' };
  const c: Entry = { _document_id: 'c', created_at: 2000, action: 'protected_branch.policy_override' };

  it('writes records sorted by sortKey, one JSON.stringify per line with keys in the order received', async () => {
    const path = join(dir, 'github', 'audit', '2026-07-06.ndjson');
    const result = await mergeNdjson(path, [a, b], { keyOf, sortKey });
    // the digest is of the file as written (collect records it in state.json's inventory)
    expect(result).toEqual({ added: 2, total: 2, sha256: `sha256:${createHash('sha256').update(await readFile(path)).digest('hex')}` });
    expect(await readFile(path, 'utf8')).toBe(
      '{"_document_id":"b","created_at":1000,"action":"repository_ruleset.update"}\n' +
        '{"_document_id":"a","created_at":3000,"action":"protected_branch.destroy","zeta":1,"alpha":2}\n',
    );
    expect(await mode(path)).toBe(0o600);
  });

  it('is idempotent: the same records again give a byte-identical file', async () => {
    const path = join(dir, 'seg.ndjson');
    await mergeNdjson(path, [a, b, c], { keyOf, sortKey });
    const first = await readFile(path);
    // unchanged, not rewritten: the digest is still of the file as it is
    expect(await mergeNdjson(path, [c, a, b], { keyOf, sortKey })).toEqual({ added: 0, total: 3, sha256: `sha256:${createHash('sha256').update(first).digest('hex')}` });
    expect((await readFile(path)).equals(first)).toBe(true);
    expect(await readdir(dir)).toEqual(['seg.ndjson']);
  });

  it('adds new keys to existing lines and keeps the first copy of a known key', async () => {
    const path = join(dir, 'seg.ndjson');
    await mergeNdjson(path, [a], { keyOf, sortKey });
    const changed = { ...a, action: 'changed' };
    expect(await mergeNdjson(path, [changed, c, c], { keyOf, sortKey })).toMatchObject({ added: 1, total: 2 });
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(lines.map((l) => [l._document_id, l.action])).toEqual([
      ['c', 'protected_branch.policy_override'],
      ['a', 'protected_branch.destroy'],
    ]);
  });

  it('with replace, a later record of a known key wins', async () => {
    const path = join(dir, 'issues.ndjson');
    await mergeNdjson(path, [a, b], { keyOf });
    expect(await mergeNdjson(path, [{ ...a, action: 'v2' }], { keyOf, replace: true })).toMatchObject({ added: 0, total: 2 });
    // no sortKey: ordered by key
    expect(await readFile(path, 'utf8')).toBe(
      '{"_document_id":"a","created_at":3000,"action":"v2","zeta":1,"alpha":2}\n' +
        '{"_document_id":"b","created_at":1000,"action":"repository_ruleset.update"}\n',
    );
  });

  it('breaks sortKey ties by key, in code-unit order', async () => {
    const path = join(dir, 'seg.ndjson');
    const same = (id: string): Entry => ({ _document_id: id, created_at: 5, action: 'x' });
    await mergeNdjson(path, [same('b'), same('B'), same('a')], { keyOf, sortKey });
    const ids = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as Entry)._document_id);
    expect(ids).toEqual(['B', 'a', 'b']);
  });

  it('creates no file for no records', async () => {
    const path = join(dir, 'none.ndjson');
    expect(await mergeNdjson(path, [], { keyOf })).toEqual({ added: 0, total: 0 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('ignores and removes a stale tmp file of a crashed writer, keeps other files', async () => {
    const path = join(dir, 'seg.ndjson');
    await mergeNdjson(path, [a], { keyOf, sortKey });
    const stale = join(dir, `.seg.ndjson.${deadPid()}.0a1b2c3d4e5f.tmp`);
    const mine = join(dir, `.seg.ndjson.${process.pid}.ffffffffffff.tmp`);
    const foreign = join(dir, '.seg.ndjson.notes.tmp');
    for (const file of [stale, mine, foreign]) await writeFile(file, '{"_document_id":"half');
    expect(await mergeNdjson(path, [a, b], { keyOf, sortKey })).toMatchObject({ added: 1, total: 2 });
    expect((await readdir(dir)).sort()).toEqual([`.seg.ndjson.${process.pid}.ffffffffffff.tmp`, '.seg.ndjson.notes.tmp', 'seg.ndjson'].sort());
  });

  it('refuses to merge into a corrupt segment, naming file and line', async () => {
    const path = join(dir, 'seg.ndjson');
    await writeFile(path, '{"_document_id":"a","created_at":1}\n\n{"_document_id":\n');
    const error = await mergeNdjson(path, [b], { keyOf }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeError);
    expect([(error as ShapeError).context.where, (error as ShapeError).context.line]).toEqual([path, 3]);
    // so the fix cannot be "re-run collect": that run stops on the same line
    expect((error as ShapeError).context.fix).not.toMatch(/re-?run/);
    expect((error as ShapeError).context.fix).toMatch(/history \(git\) or a backup/);
  });
});

describe('state.json', () => {
  it('reads a missing state as empty', async () => {
    expect(await readState(dir)).toEqual({ version: 1, streams: {} });
  });

  it('updates one stream at a time: pretty JSON, sorted keys, trailing newline, mode 0600', async () => {
    await updateStreamState(dir, 'jira.issues', { watermark: '2026-07-14T06:00:00Z', collectedAt: '2026-07-14T06:01:10Z' });
    await updateStreamState(dir, 'github.audit', { watermark: '2026-07-14T05:50:00Z', collectedAt: '2026-07-14T06:00:05Z', cursor: { b: 1, a: 2 } });
    await updateStreamState(dir, 'github.audit', { watermark: '2026-07-15T05:50:00Z' });
    const path = archivePaths.state(dir);
    expect(await readFile(path, 'utf8')).toBe(
      [
        '{',
        '  "streams": {',
        '    "github.audit": {',
        '      "collectedAt": "2026-07-14T06:00:05Z",',
        '      "cursor": {',
        '        "a": 2,',
        '        "b": 1',
        '      },',
        '      "watermark": "2026-07-15T05:50:00Z"',
        '    },',
        '    "jira.issues": {',
        '      "collectedAt": "2026-07-14T06:01:10Z",',
        '      "watermark": "2026-07-14T06:00:00Z"',
        '    }',
        '  },',
        '  "version": 1',
        '}',
        '',
      ].join('\n'),
    );
    expect(await mode(path)).toBe(0o600);
    expect((await readState(dir)).streams['github.audit']?.watermark).toBe('2026-07-15T05:50:00Z');
  });

  it('keeps every stream when collectors update in parallel', async () => {
    const streams = ['github.audit', 'github.rule-suites', 'github.merges', 'jira.issues', 'jira.statuses'];
    await Promise.all(streams.map((s, i) => updateStreamState(dir, s, { watermark: `2026-07-1${i}T00:00:00Z` })));
    const state = await readState(dir);
    expect(Object.keys(state.streams).sort()).toEqual([...streams].sort());
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('merges the files of each update into the inventory; recordFiles moves no cursor', async () => {
    const a = `sha256:${'a'.repeat(64)}`;
    const b = `sha256:${'b'.repeat(64)}`;
    await updateStreamState(dir, 'github.audit', { watermark: '2026-07-14T05:50:00Z' }, { 'github/audit/2026-07-13.ndjson': a });
    await Promise.all([
      updateStreamState(dir, 'jira.issues', { watermark: '2026-07-14T06:00:00Z' }, { 'jira/issues.ndjson': b }),
      recordFiles(dir, { 'github/audit/2026-07-13.ndjson': b, 'github/audit/2026-07-14.ndjson': a }),
    ]);
    const state = await readState(dir);
    expect(state.files).toEqual({ 'github/audit/2026-07-13.ndjson': b, 'github/audit/2026-07-14.ndjson': a, 'jira/issues.ndjson': b });
    expect(state.streams['github.audit']).toEqual({ watermark: '2026-07-14T05:50:00Z' });
  });

  it('refuses an inventory entry that is not a SHA-256', async () => {
    await writeFile(archivePaths.state(dir), '{"version":1,"streams":{},"files":{"jira/issues.ndjson":"md5:00"}}\n');
    const error = await readState(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).message).toContain('files.jira/issues.ndjson');
  });

  it('adopts the files of an archive collected before the inventory, once', async () => {
    const put = async (rel: string, text: string) => {
      await mkdir(join(dir, rel, '..'), { recursive: true });
      await writeFile(join(dir, rel), text);
    };
    const digest = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    // a fresh archive (no stream yet) has nothing to adopt
    await put('github/audit/2026-07-01.ndjson', '{"a":1}\n');
    expect(await adoptInventory(dir)).toBe(0);
    await updateStreamState(dir, 'github.audit', { watermark: '2026-07-14T05:50:00Z' });
    await put('github/audit/export-2026.json', '[]');
    await put('github/rule-suites/2026-07-02.ndjson', '{"r":1}\n');
    await put('github/merges/web-main.ndjson', '{"m":1}\n');
    await put('jira/issues.ndjson', '');
    await put('jira/statuses.json', '[]\n');
    await put('jira/notes.txt', 'x');
    expect(await adoptInventory(dir)).toBe(5);
    expect((await readState(dir)).files).toEqual({
      'github/audit/2026-07-01.ndjson': digest('{"a":1}\n'),
      'github/rule-suites/2026-07-02.ndjson': digest('{"r":1}\n'),
      'github/merges/web-main.ndjson': digest('{"m":1}\n'),
      'jira/issues.ndjson': digest(''),
      'jira/statuses.json': digest('[]\n'),
    });
    // once: a file deleted after adoption stays recorded (the report will miss it)
    await rm(join(dir, 'github/audit/2026-07-01.ndjson'));
    expect(await adoptInventory(dir)).toBe(0);
    expect(Object.keys((await readState(dir)).files ?? {})).toContain('github/audit/2026-07-01.ndjson');
  });

  it('reads a state.json saved by hand with a BOM and CRLF line ends', async () => {
    const state = { version: 1, streams: { 'jira.issues': { watermark: '2026-07-14T06:00:00Z' } }, files: { 'jira/issues.ndjson': `sha256:${'0'.repeat(64)}` } };
    await writeFile(archivePaths.state(dir), `\uFEFF${JSON.stringify(state, null, 2).replaceAll('\n', '\r\n')}\r\n`);
    expect(await readState(dir)).toEqual(state);
  });

  it('refuses a state.json of the wrong shape', async () => {
    await writeFile(archivePaths.state(dir), '{"version":2,"streams":{}}\n');
    const error = await readState(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).message).toContain('version');
  });

  it('a state.json that is not JSON (a git conflict marker) is to be restored, not collected again: collect reads it first', async () => {
    await writeFile(archivePaths.state(dir), '<<<<<<< HEAD\n{"version":1,"streams":{}}\n');
    const error = await updateStreamState(dir, 'github.audit', { watermark: '2026-07-14T06:00:00Z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShapeError);
    expect((error as ShapeError).context.fix).not.toMatch(/re-?run|run glasstrail collect/);
    expect((error as ShapeError).context.fix).toMatch(/^restore state\.json from the archive's history \(git\) or a backup/);
  });
});

describe('archivePaths', () => {
  it('cuts segments by the UTC day of the event', () => {
    const late = Date.parse('2026-07-06T23:59:59.999-04:00'); // 03:59 UTC on the 7th
    expect(archivePaths.auditSegment('/a', late)).toBe('/a/github/audit/2026-07-07.ndjson');
    expect(archivePaths.ruleSuiteSegment('/a', Date.parse('2026-07-06T00:00:00Z'))).toBe('/a/github/rule-suites/2026-07-06.ndjson');
    expect(archivePaths.mergesFile('/a', 'payments-main')).toBe('/a/github/merges/payments-main.ndjson');
    expect(archivePaths.jiraIssues('/a')).toBe('/a/jira/issues.ndjson');
    expect(archivePaths.jiraStatuses('/a')).toBe('/a/jira/statuses.json');
    expect(archivePaths.state('/a')).toBe('/a/state.json');
  });

  it('refuses an instant that is not a number', () => {
    expect(() => archivePaths.auditSegment('/a', Number.NaN)).toThrow(ShapeError);
  });
});

describe('watermarks', () => {
  const t = (iso: string) => Date.parse(iso);
  it.each<[string, string | undefined, string, string, string, boolean]>([
    ['first run', undefined, '2026-07-01T00:00:00Z', '2026-07-10T00:00:00Z', '2026-07-10T00:00:00Z', true],
    ['an unreadable watermark counts as none', 'garbage', '2026-07-01T00:00:00Z', '2026-07-10T00:00:00Z', '2026-07-10T00:00:00Z', true],
    ['a run continuing from the overlap', '2026-07-10T00:00:00Z', '2026-07-09T23:00:00Z', '2026-07-11T00:00:00Z', '2026-07-11T00:00:00Z', true],
    ['starting exactly at the watermark', '2026-07-10T00:00:00Z', '2026-07-10T00:00:00Z', '2026-07-11T00:00:00Z', '2026-07-11T00:00:00Z', true],
    ['a window after a hole leaves it', '2026-07-10T00:00:00Z', '2026-07-15T00:00:00Z', '2026-07-20T00:00:00Z', '2026-07-10T00:00:00Z', false],
    ['a backfill inside the span never lowers it', '2026-07-10T00:00:00Z', '2026-06-01T00:00:00Z', '2026-06-05T00:00:00Z', '2026-07-10T00:00:00Z', true],
  ])('%s', (_name, previous, since, until, next, continues) => {
    expect(continuesWatermark(previous, t(since))).toBe(continues);
    expect(new Date(nextWatermark(previous, t(since), t(until))).toISOString()).toBe(new Date(t(next)).toISOString());
  });
});
