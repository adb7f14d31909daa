import { readFile, readdir } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorRecord, FileAccessError, fromSystemError, rebuildError } from './errors.ts';

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('fromSystemError', () => {
  it('names the path, says what failed in words, and gives a fix (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-errors-'));
    writeFileSync(join(dir, 'file'), 'x');
    const notDir = fromSystemError(await failure(readdir(join(dir, 'file', 'below'))));
    expect(notDir).toBeInstanceOf(FileAccessError);
    expect(notDir?.exitCode).toBe(3);
    expect(notDir?.describe()).toBe(`${join(dir, 'file', 'below')}: cannot list the folder: a part of the path is a file, not a folder (ENOTDIR)\n  fix: check the path`);
    expect(fromSystemError(await failure(readFile(dir)))?.describe()).toBe('cannot read it: is a folder where a file was expected (EISDIR)\n  fix: check the path');
    const denied = Object.assign(new Error('EACCES: permission denied, scandir \'/a\''), { code: 'EACCES', syscall: 'scandir', path: '/a' });
    expect(fromSystemError(denied)?.describe()).toBe('/a: cannot list the folder: permission denied (EACCES)\n  fix: give the user running glasstrail access to it (read for inputs; write for the out dir and the archive)');
  });

  it('leaves anything that is not a known file-system error alone', () => {
    expect(fromSystemError(new Error('plain'))).toBeUndefined();
    expect(fromSystemError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
    expect(fromSystemError(Object.assign(new Error('x'), { code: 'EWEIRD', syscall: 'open' }))).toBeUndefined();
    expect(fromSystemError('EACCES')).toBeUndefined();
  });

  it('crosses a worker boundary as itself', () => {
    const error = new FileAccessError('file-eacces', 'cannot open it: permission denied (EACCES)', { where: '/a', fix: 'f' });
    const again = rebuildError(errorRecord(error));
    expect(again).toBeInstanceOf(FileAccessError);
    expect((again as FileAccessError).describe()).toBe(error.describe());
  });
});
