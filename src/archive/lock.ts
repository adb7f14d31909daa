/**
 * One collect at a time per archive. Two collects into one archive (a nightly job and an ad hoc
 * `report --collect`) each read-modify-write the same day files and `state.json`: the later write
 * wins, so lines, inventory digests and watermark moves of the other are lost.
 */
import { rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { SourceError, UsageError } from '../errors.ts';
import { makeDirs } from '../util/dirs.ts';

/** The lock: an empty folder in the archive (git keeps no empty folder, so it is never committed). */
export const ARCHIVE_LOCK = '.collect.lock';

/** A holder refreshes the lock's mtime every STALE_MS / 2; one not refreshed for longer is dead (killed). */
const STALE_MS = 10_000;

/**
 * Run `fn` holding the archive's collect lock. A lock refreshed by a live collect makes this run
 * stop (exit 2, nothing written) once it has waited out STALE_MS; a killed collect's lock goes
 * stale within that wait and is taken over. SIGINT/SIGTERM release it (proper-lockfile's exit hook).
 */
export async function withArchiveLock<T>(archiveDir: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = join(archiveDir, ARCHIVE_LOCK);
  // The lock lives in the archive folder. A run that writes nothing (a missing token) must not
  // leave a new empty one behind: a report would take it for an archive instead of a typo.
  const created = !(await stat(archiveDir).then((info) => info.isDirectory(), () => false));
  await makeDirs(archiveDir, 0o700);
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(archiveDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_MS,
      // about STALE_MS + 2 s in all: long enough to see a dead holder's lock go stale
      retries: { retries: 12, factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new UsageError('archive-busy', 'another glasstrail collect is writing this archive (its lock is held and kept fresh)', {
      where: lockPath,
      fix: 'let that collect finish, then run this again (a killed collect\'s lock goes stale within 10 s and is taken over)',
    }, { cause: error });
  }
  try {
    const value = await fn();
    if (compromised) {
      throw new SourceError('archive-lock-lost', 'the archive lock was lost while collecting (was the process paused for over 10 s?): another collect may have written the same files', {
        where: lockPath,
        fix: 'run glasstrail collect again with --since the start of this run\'s window, so what the other run may have overwritten is pulled again',
      }, { cause: compromised });
    }
    return value;
  } finally {
    await release().catch(() => undefined);
    // fails, as it should, once anything was written into it
    if (created) await rmdir(archiveDir).catch(() => undefined);
  }
}
