/**
 * Atomic file replacement: the archive must never hold a half-written segment, even when
 * `collect` is killed mid-write. Readers see either the old file or the new one.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { makeDirs } from '../util/dirs.ts';
import { basename, dirname, join } from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** A tmp file of a dead process, or one older than this, is debris from a crash. */
const STALE_TMP_MS = 24 * 60 * 60 * 1000;

/** `.<name>.<pid>.<random>.tmp` — the naming every atomic write of ours uses. */
export function tmpPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeAtomic(path: string, data: string | Uint8Array, mode = FILE_MODE): Promise<void> {
  await replaceAtomic(path, mode, (handle) => handle.writeFile(data));
}

/**
 * `writeAtomic` for content produced in pieces (a 50k-use evidence.json): each piece is
 * written as it arrives, so the whole file never sits in memory. Same temp + fsync + rename.
 */
export async function writeAtomicChunks(path: string, chunks: Iterable<Uint8Array>, mode = FILE_MODE): Promise<void> {
  await replaceAtomic(path, mode, (handle) => writeChunks(handle, chunks));
}

/** Write every piece in order, each fully before the next is asked for. */
export async function writeChunks(handle: FileHandle, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const chunk of chunks) {
    let done = 0;
    // write() may take less than it was given (a full disk, a signal): loop until it is all out.
    while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
  }
}

/**
 * The first half of an atomic write: a new temp file beside `path` (created exclusively, with
 * exactly `mode`), filled and fsynced. The caller renames it into place (then `syncDir`) or
 * removes it; on failure here it is already removed.
 */
export async function stageFile(path: string, mode: number, fill: (handle: FileHandle) => Promise<void>): Promise<string> {
  await makeDirs(dirname(path), DIR_MODE);
  const tmp = tmpPathFor(path);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      // open()'s mode is filtered by the umask; chmod makes the mode exact.
      await handle.chmod(mode);
      await fill(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  return tmp;
}

async function replaceAtomic(path: string, mode: number, fill: (handle: FileHandle) => Promise<void>): Promise<void> {
  const tmp = await stageFile(path, mode, fill);
  try {
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(path));
}

/** fsync the folder so the rename itself survives a power cut (POSIX; not possible on Windows). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Remove tmp files of our naming for `path` left by a crashed writer. A file whose pid is
 * this process may belong to a write in flight, so it is never touched; another pid's file
 * is stale when that process is gone or the file is older than a day (pid reuse).
 */
export async function cleanStaleTmp(path: string, now = Date.now()): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (processAlive(pid) && now - info.mtimeMs < STALE_TMP_MS) continue;
    await unlink(file).catch(() => undefined);
    removed.push(file);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file's text, or undefined when it does not exist (any other error is thrown). */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
