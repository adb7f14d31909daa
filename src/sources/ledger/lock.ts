import { open } from 'node:fs/promises';
import { makeDirs } from '../../util/dirs.ts';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConfigError, SourceError, UsageError } from '../../errors.ts';

/**
 * Create the file (0600) and its folder (0700) if missing; never truncates. `key` is the
 * config key that names the path: a folder there is a config error, as `ledger verify` says.
 */
export async function ensureFile(path: string, key: string): Promise<void> {
  try {
    await makeDirs(dirname(path), 0o700);
    const fh = await open(path, 'a', 0o600);
    await fh.close();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EEXIST') {
      throw new ConfigError('ledger-path-not-file', code === 'EISDIR' ? 'is a folder, not a file' : 'a part of this path is a file, not a folder', {
        where: path,
        key,
        fix: `point ${key} at a file (it is created if missing)`,
      }, { cause: error });
    }
    throw error;
  }
}

/**
 * Run `fn` holding an exclusive lock on `path` (a `<path>.lock` folder, proper-lockfile),
 * retrying with jittered backoff so many concurrent writers queue up instead of failing.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      stale: 10_000,
      retries: { retries: 2_000, factor: 1.3, minTimeout: 2, maxTimeout: 100, randomize: true },
      // The default throws from a timer and kills the process; report it after the write instead.
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    throw new UsageError('lock-busy', 'could not lock the file: another writer holds it', {
      where: path,
      fix: `retry; if no glasstrail process is running, remove the stale lock folder ${path}.lock`,
    }, { cause: error });
  }
  try {
    const value = await fn();
    if (compromised) {
      throw new SourceError('lock-compromised', 'the file lock was lost while writing (was the process paused for over 10 s?)', {
        where: path,
        fix: 'run `glasstrail ledger verify` to check the file',
      }, { cause: compromised });
    }
    return value;
  } finally {
    await release().catch(() => undefined);
  }
}

/** Append `text` at the end of the open file (opened with 'a' / 'a+') and fsync before returning. */
export async function appendDurably(fh: FileHandle, text: string): Promise<void> {
  const data = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await fh.write(data, written, data.length - written);
    written += bytesWritten;
  }
  await fh.sync();
}
