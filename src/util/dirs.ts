import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`: `path` and its missing parents, each created with `mode`. Not Node's
 * `mkdir(path, { recursive: true })`, which spins forever where creating a child of an existing
 * folder answers ENOENT (anything under /proc, some FUSE mounts): `--out /proc/x` hung the CLI.
 * Here each level is tried once, so that case ends in the ENOENT of the level that cannot be made.
 * A file in the way is EEXIST (for `path`) or ENOTDIR (for a parent), as with the recursive form.
 */
export async function makeDirs(path: string, mode: number): Promise<void> {
  try {
    await mkdir(path, { mode });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(path)).isDirectory()) return;
      throw error;
    }
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
  }
  await makeDirs(dirname(path), mode);
  try {
    await mkdir(path, { mode });
  } catch (error) {
    // made meanwhile by another process: fine, if it is a folder
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
  }
}
