import { spawnSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { holderIsGone, withArchiveLock } from './lock.ts';

let base: string | undefined;
afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

describe('withArchiveLock', () => {
  it('a collect waiting for the lock of one that created the archive folder, wrote nothing and removed it, still runs', async () => {
    base = await mkdtemp(join(tmpdir(), 'gt-lock-'));
    const archive = join(base, 'archive');
    // the first collect into a new archive: every source fails, nothing is written
    const first = withArchiveLock(archive, async () => {
      await sleep(1_200);
      throw new Error('every source failed');
    });
    await sleep(150);
    // a second collect started meanwhile finds the folder (so it did not create it) and waits
    const second = withArchiveLock(archive, async () => (await readdir(archive)).filter((name) => !name.startsWith('.')).length);
    await expect(first).rejects.toThrow('every source failed');
    await expect(second).resolves.toBe(0);
    // and, having written nothing either, it leaves no empty folder behind
    expect(existsSync(archive)).toBe(false);
  }, 10_000);

  it('a run that wrote nothing into the folder it created removes it; one that wrote keeps it', async () => {
    base = await mkdtemp(join(tmpdir(), 'gt-lock-'));
    const archive = join(base, 'archive');
    await withArchiveLock(archive, async () => undefined);
    expect(existsSync(archive)).toBe(false);
    await withArchiveLock(archive, async () => writeFile(join(archive, 'state.json'), '{}\n'));
    expect(await readdir(archive)).toEqual(['state.json']);
  });

  it('takes a recorded holder for dead only when its process id is gone from this host and PID namespace', async () => {
    base = await mkdtemp(join(tmpdir(), 'gt-lock-'));
    const owner = join(base, '.collect.lock.owner');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    let ours: string | null = null;
    try {
      ours = readlinkSync('/proc/self/ns/pid');
    } catch {
      // no /proc: no namespace to compare
    }
    await writeFile(owner, JSON.stringify({ host: hostname(), pid: gone, pidns: ours }));
    expect(await holderIsGone(owner)).toBe(true);
    await writeFile(owner, JSON.stringify({ host: hostname(), pid: process.pid === 1 ? 2 : 1, pidns: ours }));
    expect(await holderIsGone(owner)).toBe(false);
    // a container with this host's name (host network) but its own process ids: its pid means nothing here
    if (ours !== null) {
      await writeFile(owner, JSON.stringify({ host: hostname(), pid: gone, pidns: 'pid:[1]' }));
      expect(await holderIsGone(owner)).toBe(false);
      await writeFile(owner, JSON.stringify({ host: hostname(), pid: gone }));
      expect(await holderIsGone(owner)).toBe(false);
    }
  });
});
