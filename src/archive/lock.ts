/**
 * One collect at a time per archive. Two collects into one archive (a nightly job and an ad hoc
 * `report --collect`) each read-modify-write the same day files and `state.json`: the later write
 * wins, so lines, inventory digests and watermark moves of the other are lost.
 */
import { readFile, readlink, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { SourceError, UsageError } from '../errors.ts';
import { makeDirs } from '../util/dirs.ts';

/** The lock: an empty folder in the archive (git keeps no empty folder, so it is never committed). */
export const ARCHIVE_LOCK = '.collect.lock';

/**
 * Beside the lock while it is held: the holder's host, PID namespace and process id, so that the
 * lock of a collect killed on this machine (kill -9, an OOM kill, a cancelled CI job) is taken
 * over at once. (proper-lockfile removes its folder with rmdir, so nothing may be put inside it.)
 */
export const ARCHIVE_LOCK_OWNER = '.collect.lock.owner';

/**
 * A holder refreshes the lock's mtime every STALE_MS / 6; one not refreshed for STALE_MS is taken
 * for dead. That is the fallback for a holder this machine cannot see (another host, a reused
 * process id): generous, so that a collect whose event loop is busy for seconds (merging a large
 * Jira file) never loses its lock.
 */
const STALE_MS = 30_000;
/** How long a second collect waits for the lock: long enough to see a dead holder's lock go stale. */
const WAIT_MS = STALE_MS + 2_000;
const RETRY_MS = 1_000;

/**
 * The PID namespace (Linux: `pid:[4026531836]`), null where there is none to read. A host name is
 * not enough to share process ids: a container run with the host's network (or a set hostname)
 * has the host's name but its own process ids, so a live holder's pid may not exist here.
 */
async function pidNamespace(): Promise<string | null> {
  return readlink('/proc/self/ns/pid').catch(() => null);
}

/** Whether the lock's recorded holder is a process of this machine (and PID namespace) that no longer runs. */
export async function holderIsGone(ownerPath: string): Promise<boolean> {
  let owner: { host?: unknown; pid?: unknown; pidns?: unknown };
  try {
    owner = JSON.parse(await readFile(ownerPath, 'utf8')) as typeof owner;
  } catch {
    return false; // none yet (the holder is between taking the lock and writing it), or unreadable
  }
  if (owner.host !== hostname() || typeof owner.pid !== 'number' || !Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false;
  if ((owner.pidns ?? null) !== (await pidNamespace())) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function acquire(archiveDir: string, lockPath: string, ownerPath: string, onCompromised: (error: Error) => void, onRecreated: () => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + WAIT_MS;
  let tookOver = false;
  for (;;) {
    try {
      return await lockfile.lock(archiveDir, { lockfilePath: lockPath, realpath: false, stale: STALE_MS, update: STALE_MS / 6, retries: 0, onCompromised });
    } catch (error) {
      // The run that held the lock created the archive folder, wrote nothing and removed it
      // (withArchiveLock): this run collects into it, so it makes the folder again.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && Date.now() < deadline) {
        await makeDirs(archiveDir, 0o700);
        onRecreated();
        continue;
      }
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (!tookOver && (await holderIsGone(ownerPath))) {
        tookOver = true;
        // A collect of this machine that was killed: its lock is made stale, so proper-lockfile
        // takes it over now rather than after STALE_MS. (Not removed here: should another run
        // have taken it over meanwhile, its refresh sees the changed mtime and it stops with
        // archive-lock-lost instead of two runs holding the lock unknowingly.)
        const past = new Date(Date.now() - 2 * STALE_MS);
        await utimes(lockPath, past, past).catch(() => undefined);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new UsageError('archive-busy', 'another glasstrail collect is writing this archive (its lock is held and kept fresh)', {
          where: lockPath,
          fix: `let that collect finish, then run this again (the lock of a collect killed on another machine goes stale within ${STALE_MS / 1_000} s and is taken over)`,
        }, { cause: error });
      }
      await sleep(RETRY_MS);
    }
  }
}

/**
 * Run `fn` holding the archive's collect lock. A lock held by a live collect makes this run stop
 * (exit 2, nothing written) after waiting WAIT_MS; the lock of a collect killed on this machine is
 * taken over at once, one killed elsewhere once it goes stale. SIGINT/SIGTERM release it
 * (proper-lockfile's exit hook).
 */
export async function withArchiveLock<T>(archiveDir: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = join(archiveDir, ARCHIVE_LOCK);
  const ownerPath = join(archiveDir, ARCHIVE_LOCK_OWNER);
  // The lock lives in the archive folder. A run that writes nothing (a missing token) must not
  // leave a new empty one behind: a report would take it for an archive instead of a typo.
  let created = !(await stat(archiveDir).then((info) => info.isDirectory(), () => false));
  await makeDirs(archiveDir, 0o700);
  let compromised: Error | undefined;
  const release = await acquire(
    archiveDir,
    lockPath,
    ownerPath,
    (error) => {
      compromised = error;
    },
    () => {
      created = true;
    },
  );
  try {
    await writeFile(ownerPath, `${JSON.stringify({ host: hostname(), pid: process.pid, pidns: await pidNamespace() })}\n`, { mode: 0o600 });
    const value = await fn();
    if (compromised) {
      throw new SourceError('archive-lock-lost', `the archive lock was lost while collecting (was the process paused for over ${STALE_MS / 1_000} s?): another collect may have written the same files`, {
        where: lockPath,
        fix: 'run glasstrail collect again with --since the start of this run\'s window, so what the other run may have overwritten is pulled again',
      }, { cause: compromised });
    }
    return value;
  } finally {
    await rm(ownerPath, { force: true }).catch(() => undefined);
    await release().catch(() => undefined);
    // fails, as it should, once anything was written into it
    if (created) await rmdir(archiveDir).catch(() => undefined);
  }
}
