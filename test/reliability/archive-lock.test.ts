/**
 * One collect at a time per archive (src/archive/lock.ts). Two collects into one archive (a
 * nightly job overlapping an ad hoc `report --collect`) each read-modify-write the same day files
 * and state.json; without the lock the later write won, and a run's lines, inventory digests or
 * watermark moves were lost (seen: a report stopped with "not what collect wrote", a Jira
 * watermark left at the earlier run's end).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lockfile from 'proper-lockfile';
import { ARCHIVE_LOCK, ARCHIVE_LOCK_OWNER, withArchiveLock } from '../../src/archive/lock.ts';
import { archiveProblems, collectArgs, comparableArchive, ENV, type Fakes, iso, runCli, spawnCli, startFakes, STACK_TRACE, workDir } from './harness.ts';

let fakes: Fakes;
let baseline: Record<string, string>;

beforeAll(async () => {
  fakes = await startFakes({ latencyMs: 40 });
  const dir = workDir(fakes);
  const clean = await runCli(collectArgs(fakes.window), dir, ENV);
  expect(clean.status).toBe(0);
  baseline = comparableArchive(join(dir, 'archive'));
});

afterAll(async () => {
  await fakes?.close();
});

/** as lock.ts records it: Linux's PID namespace, null elsewhere */
function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

const dataFiles = (archive: Record<string, string>) => Object.fromEntries(Object.entries(archive).filter(([path]) => path !== 'state.json'));

describe('two collects into one archive', () => {
  it('the second waits for the first: both finish, nothing is lost, the report reads the archive', async () => {
    const dir = workDir(fakes);
    writeFileSync(join(dir, 'ledger/breakglass.jsonl'), '');
    const { since, until } = fakes.window;
    const mid = since + 5 * 24 * 3_600_000;
    // started together, so without the lock they read and rewrite the same files at the same time
    const first = spawnCli(['collect', '--since', iso(since), '--until', iso(mid)], dir, ENV);
    const second = await runCli(['collect', '--since', iso(mid), '--until', iso(until)], dir, ENV);
    const one = await first.done;
    expect([one.status, one.stderr]).toEqual([0, '']);
    expect([second.status, second.stderr]).toEqual([0, '']);
    const archive = join(dir, 'archive');
    expect(archiveProblems(archive)).toEqual([]);
    expect(dataFiles(comparableArchive(archive))).toEqual(dataFiles(baseline));
    const state = JSON.parse(readFileSync(join(archive, 'state.json'), 'utf8')) as { streams: Record<string, { watermark?: string }> };
    for (const stream of Object.values(state.streams)) expect(stream.watermark).toBe(iso(until));
    const report = await runCli(['report', '--from', iso(since).slice(0, 10), '--to', iso(until).slice(0, 10), '--as-of', iso(until), '--format', 'json', '--out', 'out'], dir, ENV);
    expect(report.stderr).not.toMatch(/not what collect wrote/);
    expect(report.status).toBe(0);
  });

  it('a collect that writes nothing (no token) leaves no archive folder for a report to take for one', async () => {
    const dir = workDir(fakes);
    const run = await runCli(['collect'], dir, { ...ENV, GITHUB_TOKEN: '' });
    expect(run.status).toBe(2);
    expect(existsSync(join(dir, 'archive'))).toBe(false);
  });

  it('a collect that finds the lock held (and kept fresh) stops with exit 2 and a plain message, writing nothing', async () => {
    const dir = workDir(fakes);
    const archive = join(dir, 'archive');
    let second: Awaited<ReturnType<typeof runCli>> | undefined;
    fakes.github.reset();
    await withArchiveLock(archive, async () => {
      second = await runCli(['report', '--collect', '--month', iso(fakes.window.until).slice(0, 7)], dir, ENV);
    });
    expect(second?.status).toBe(2);
    expect(second?.stderr).toMatch(/another glasstrail collect is writing this archive/);
    expect(second?.stderr).toMatch(/fix: let that collect finish, then run this again/);
    expect(second?.stderr).not.toMatch(STACK_TRACE);
    expect(fakes.github.count('GET /orgs/acme/audit-log')).toBe(0);
    expect(comparableArchive(archive)).toEqual({});
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  }, 60_000);

  it('the lock of a collect killed on this machine (its recorded process is gone) is taken over at once, though kept fresh', async () => {
    const dir = workDir(fakes);
    const archive = join(dir, 'archive');
    mkdirSync(archive, { recursive: true });
    // a process id that ran on this host and has exited
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    // held and kept fresh here, so only the recorded owner can tell that its holder is dead
    const release = await lockfile.lock(archive, { lockfilePath: join(archive, ARCHIVE_LOCK), realpath: false, stale: 30_000, update: 1_000, onCompromised: () => undefined });
    writeFileSync(join(archive, ARCHIVE_LOCK_OWNER), JSON.stringify({ host: hostname(), pid: gone, pidns: pidNamespace() }));
    try {
      const run = await runCli(collectArgs(fakes.window), dir, ENV);
      expect([run.status, run.stderr]).toEqual([0, '']);
    } finally {
      await release().catch(() => undefined);
    }
    expect(archiveProblems(archive)).toEqual([]);
    expect(dataFiles(comparableArchive(archive))).toEqual(dataFiles(baseline));
    expect(existsSync(join(archive, ARCHIVE_LOCK_OWNER))).toBe(false);
  }, 60_000);
});
