import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from './dirs.ts';

describe('makeDirs', () => {
  const root = () => mkdtempSync(join(tmpdir(), 'gt-dirs-'));

  it('creates the folder and its missing parents with the mode, and accepts one that exists', async () => {
    const dir = join(root(), 'a', 'b', 'c');
    await makeDirs(dir, 0o700);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(join(dir, '..')).mode & 0o777).toBe(0o700);
    await expect(makeDirs(dir, 0o700)).resolves.toBeUndefined();
  });

  it('a file in the way is EEXIST at the path, ENOTDIR under it', async () => {
    const base = root();
    writeFileSync(join(base, 'f'), 'x');
    await expect(makeDirs(join(base, 'f'), 0o700)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirs(join(base, 'f', 'g'), 0o700)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.runIf(process.platform === 'linux')('ends, with ENOENT, where Node\'s recursive mkdir loops forever (/proc)', async () => {
    await expect(makeDirs('/proc/glasstrail-test/out', 0o700)).rejects.toMatchObject({ code: 'ENOENT', path: '/proc/glasstrail-test' });
  });
});
