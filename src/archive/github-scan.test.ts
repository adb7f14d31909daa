import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BYPASS_ACTIONS } from '../config/defaults.ts';
import { ShapeError } from '../errors.ts';
import { type FileRef, type GithubScanRequest, readGithubFiles, scanGithubFiles, splitRequest } from './github-scan.ts';
import { RESTORE_ACTIONS } from './read.ts';

const JULY = { from: Date.parse('2026-07-01T00:00:00Z'), to: Date.parse('2026-08-01T00:00:00Z') };
const WANTED = [...DEFAULT_BYPASS_ACTIONS, ...RESTORE_ACTIONS];

let dir: string;
let request: GithubScanRequest;

const at = (day: number, minute: number): string => new Date(Date.UTC(2026, 6, day, 12, minute)).toISOString();

function entry(id: string | undefined, action: string, when: string | number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...(id ? { _document_id: id } : {}), action, actor: 'alice-gh', repo: 'acme/payments', branch: 'refs/heads/main', created_at: when, ...extra });
}

/**
 * Seven audit files in reading order, with what splitting them can get wrong: an entry repeated
 * in a later file (in and out of the window), entries without `_document_id`, noise, blank and
 * CRLF lines, a JSON-array export, a gzip export, and merged-PR files.
 */
async function writeArchive(): Promise<GithubScanRequest> {
  const files: Record<string, string | Buffer> = {
    'a-06-30.ndjson': [
      entry('old-1', 'protected_branch.destroy', at(-5, 0)), // before the window, repeated later
      entry('n-1', 'repo.create', at(-5, 1)),
    ].join('\n'),
    'b-07-01.ndjson': [entry('e-1', 'protected_branch.policy_override', at(1, 0)), '', entry('n-2', 'git.push', Date.parse(at(1, 5))), entry(undefined, 'protected_branch.destroy', at(1, 7))].join('\r\n') + '\r\n',
    'c-07-02.ndjson': [entry('e-2', 'repository_ruleset.update', at(2, 0)), entry('e-1', 'protected_branch.policy_override', at(1, 0)), entry('n-3', 'protected_branch.update_name', at(2, 3))].join('\n'),
    'd-07-03.json': JSON.stringify([JSON.parse(entry('e-3', 'protected_branch.create', at(3, 0))), JSON.parse(entry('e-2', 'repository_ruleset.update', at(2, 0)))]),
    'e-07-04.json.gz': gzipSync(`${entry('e-4', 'repository_branch_protection_evaluation.disable', at(4, 0))}\n${entry('old-1', 'protected_branch.destroy', at(-5, 0))}\n`),
    'f-07-05.ndjson': [entry('e-5', 'protected_branch.destroy', at(5, 0), { note: 'caf\u00e9 \u{1f4a5}' }), entry(undefined, 'protected_branch.destroy', at(1, 7)), entry('e-1', 'protected_branch.policy_override', at(1, 0))].join('\n') + '\n',
    'g-07-06.ndjson': [entry('n-4', 'repo.archived', at(6, 0)), entry('e-6', 'protected_branch.update_admin_enforced', at(6, 1)), entry('late', 'protected_branch.destroy', Date.parse('2026-08-02T00:00:00Z'))].join('\n'),
  };
  const auditFiles: FileRef[] = [];
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), content);
    auditFiles.push({ path: join(dir, name), rel: `archive/github/audit/${name}` });
  }
  const mergeFiles: FileRef[] = [];
  for (const gate of ['payments-main', 'web-main']) {
    const lines = [1, 2, 2, 3].map((n) => JSON.stringify({ number: n, mergedAt: at(n, 9), mergedBy: 'bob-gh', baseRef: 'main', url: `https://github.com/acme/${gate}/pull/${n}` }));
    await writeFile(join(dir, `${gate}.ndjson`), `${lines.join('\n')}\n`);
    mergeFiles.push({ path: join(dir, `${gate}.ndjson`), rel: `archive/github/merges/${gate}.ndjson` });
  }
  return { auditFiles, mergeFiles, wanted: WANTED, window: JULY };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-github-scan-'));
  request = await writeArchive();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readGithubFiles', () => {
  it('on one to four worker threads gives exactly the in-thread scan', async () => {
    const inThread = await scanGithubFiles(request);
    // the fixture exercises what a split can get wrong
    const ids = inThread.audit.events.map((e) => e.id);
    expect(ids.filter((id) => !id.startsWith('x-')).sort()).toEqual(['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6']);
    expect(ids.filter((id) => id.startsWith('x-'))).toHaveLength(1);
    expect(inThread.audit.duplicates).toBe(5);
    expect(inThread.audit.derivedIds).toBe(true);
    expect(inThread.merges.prs).toBe(6);
    for (const [cores, expected] of [[2, 2], [3, 3], [4, 4], [8, 4]] as const) {
      let workers = -1;
      const offThread = await readGithubFiles(request, { offThreadBytes: 0, cores, onPlan: (n) => (workers = n) });
      expect(workers, `${cores} cores`).toBe(expected);
      expect(offThread, `${cores} cores`).toEqual(inThread);
    }
    // one worker when the calling thread has as much to read itself
    let workers = -1;
    expect(await readGithubFiles(request, { offThreadBytes: 0, cores: 2, besideBytes: 10 ** 9, onPlan: (n) => (workers = n) })).toEqual(inThread);
    expect(workers).toBe(1);
  });

  it('stays in-thread for a small audit log, a single core, or when told to', async () => {
    const inThread = await scanGithubFiles(request);
    for (const options of [{ cores: 1, offThreadBytes: 0 }, { cores: 4 }, { cores: 4, offThreadBytes: Number.POSITIVE_INFINITY }]) {
      let workers = -1;
      expect(await readGithubFiles(request, { ...options, onPlan: (n) => (workers = n) })).toEqual(inThread);
      expect(workers, JSON.stringify(options)).toBe(0);
    }
  });

  it('brings an error back from a worker as the same ShapeError, naming file and line', async () => {
    const bad = join(dir, 'z-bad.ndjson');
    await writeFile(bad, `${entry('ok', 'repo.create', at(7, 0))}\n{"action":"protected_branch.destroy","created_at":\n`);
    const broken: GithubScanRequest = { ...request, auditFiles: [...request.auditFiles, { path: bad, rel: 'archive/github/audit/z-bad.ndjson' }] };
    const inThread = await scanGithubFiles(broken).catch((e: unknown) => e);
    const offThread = await readGithubFiles(broken, { offThreadBytes: 0, cores: 3 }).catch((e: unknown) => e);
    expect(inThread).toBeInstanceOf(ShapeError);
    expect(offThread).toBeInstanceOf(ShapeError);
    const fields = (e: unknown) => ({ code: (e as ShapeError).code, message: (e as ShapeError).message, context: (e as ShapeError).context, exitCode: (e as ShapeError).exitCode });
    expect(fields(offThread)).toEqual(fields(inThread));
    expect((offThread as ShapeError).context).toMatchObject({ where: 'archive/github/audit/z-bad.ndjson', line: 2 });
  });
});

describe('readGithubFiles with errors in two parts', () => {
  it('reports the error an in-order read meets first, though a later part fails sooner', async () => {
    const noise = Array.from({ length: 20_000 }, (_, i) => entry(`n-${i}`, 'repo.create', at(8, i % 60))).join('\n');
    const early = join(dir, 'p1-early.ndjson');
    const late = join(dir, 'p2-late.ndjson');
    // part 1 fails on its last line; part 2, as large, on its first
    await writeFile(early, `${noise}\n{"action":"protected_branch.destroy","created_at":\n`);
    await writeFile(late, `{"action":"protected_branch.destroy","created_at":\n${noise}\n`);
    const twoParts: GithubScanRequest = {
      auditFiles: [
        { path: early, rel: 'archive/github/audit/p1-early.ndjson' },
        { path: late, rel: 'archive/github/audit/p2-late.ndjson' },
      ],
      mergeFiles: [],
      wanted: WANTED,
      window: JULY,
    };
    for (let round = 0; round < 3; round++) {
      let workers = -1;
      const error = await readGithubFiles(twoParts, { offThreadBytes: 0, cores: 2, onPlan: (n) => (workers = n) }).catch((e: unknown) => e);
      expect(workers).toBe(2);
      expect(error).toBeInstanceOf(ShapeError);
      expect((error as ShapeError).context).toMatchObject({ where: 'archive/github/audit/p1-early.ndjson', line: 20_001 });
    }
  });
});

describe('splitRequest', () => {
  const files = (n: number, prefix: string): FileRef[] => Array.from({ length: n }, (_, i) => ({ path: `/${prefix}${i}`, rel: `${prefix}${i}` }));
  const base = (audit: number, merges: number): GithubScanRequest => ({ auditFiles: files(audit, 'a'), mergeFiles: files(merges, 'm'), wanted: WANTED, window: JULY });

  it('cuts contiguous parts of about equal bytes, every file once and in order', () => {
    const req = base(10, 2);
    const parts = splitRequest(req, [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [25, 25], 2);
    expect(parts.map((p) => [p.auditFiles.map((f) => f.rel), p.mergeFiles.map((f) => f.rel)])).toEqual([
      [['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'], []],
      [[], ['m0', 'm1']],
    ]);
    for (const threads of [1, 2, 3, 4, 7]) {
      const sizes = [9, 1, 1, 1, 1, 30, 2, 2, 2, 2];
      const cut = splitRequest(req, sizes, [4, 4], threads);
      expect(cut.length).toBeLessThanOrEqual(threads);
      expect(cut.flatMap((p) => p.auditFiles)).toEqual(req.auditFiles);
      expect(cut.flatMap((p) => p.mergeFiles)).toEqual(req.mergeFiles);
      expect(cut.every((p) => p.auditFiles.length + p.mergeFiles.length > 0)).toBe(true);
    }
  });

  it('gives one part for one thread or no files', () => {
    expect(splitRequest(base(3, 1), [1, 1, 1], [1], 1)).toHaveLength(1);
    expect(splitRequest(base(0, 0), [], [], 4)).toHaveLength(1);
  });
});

describe('merged PRs into another branch or repo than the gate\'s', () => {
  it('are not counted, on this thread or a worker, and are counted per gate as such', async () => {
    // the gate was pointed from release to main, and from acme/legacy to acme/payments (acme/pay-old
    // is a former name): collect kept the lines it had written
    const line = (n: number, baseRef: string, repo = 'acme/payments') => JSON.stringify({ number: n, mergedAt: at(n, 9), mergedBy: 'bob-gh', baseRef, url: `https://github.com/${repo}/pull/${n}` });
    const path = join(dir, 'moved.ndjson');
    const lines = [line(1, 'main'), line(2, 'release'), line(3, 'main'), line(3, 'main'), line(4, 'release'), line(5, 'main', 'acme/legacy'), line(6, 'main', 'Acme/Pay-Old'), JSON.stringify({ number: 7, mergedAt: at(7, 9), mergedBy: null, baseRef: 'main', url: '' })];
    await writeFile(path, lines.join('\n') + '\n');
    const moved: GithubScanRequest = { auditFiles: [], mergeFiles: [{ path, rel: 'archive/github/merges/moved.ndjson' }], wanted: WANTED, window: JULY, mergeGates: { moved: { branch: 'main', repos: ['acme/payments', 'acme/pay-old'] } } };
    const scan = await scanGithubFiles(moved);
    expect(scan.merges.merges.get('moved')?.map((pr) => pr.number)).toEqual([1, 3, 6, 7]);
    expect(scan.merges.prs).toBe(4);
    expect(scan.merges.notCounted.get('moved')).toEqual({ otherBranch: 2, otherRepo: 1 });
    expect(await readGithubFiles(moved, { offThreadBytes: 0, cores: 2 })).toEqual(scan);
    // a file of no configured gate is read as it is
    const { mergeGates: _, ...unconfigured } = moved;
    expect((await scanGithubFiles(unconfigured)).merges.prs).toBe(7);
  });
});
