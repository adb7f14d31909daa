import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputDigest, RenderedFile } from '../domain/template.ts';
import { FileAccessError, UsageError } from '../errors.ts';
import { MANIFEST_SCHEMA } from '../render/manifest.ts';
import { writeOutputSet } from './outputs.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'gt-outputs-'));

/** A manifest.json of ours listing the digests given. */
function manifest(outputs: OutputDigest[]): RenderedFile {
  return { name: 'manifest.json', data: Buffer.from(JSON.stringify({ schema: MANIFEST_SCHEMA, outputs })) };
}

/** Writes `files` then their manifest, as renderReportTo does. */
function writeSet(dir: string, files: RenderedFile[]): Promise<string[]> {
  return writeOutputSet(dir, MANIFEST_SCHEMA, async (sink) => {
    const digests: OutputDigest[] = [];
    for (const file of files) digests.push(await sink(file));
    await sink(manifest(digests));
  });
}

const text = (name: string, body: string): RenderedFile => ({ name, data: Buffer.from(body) });
const listing = (dir: string) => readdirSync(dir).sort();
const contents = (dir: string) => Object.fromEntries(listing(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('the output set', () => {
  it('lands whole: every file, manifest last, with the digests of the bytes written', async () => {
    const dir = fresh();
    const written = await writeSet(dir, [text('uses.csv', 'a,b\r\n'), { name: 'evidence.json', chunks: () => ['{', Buffer.from('"x":1'), '}\n'] }]);
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['uses.csv', 'evidence.json', 'manifest.json']);
    expect(listing(dir)).toEqual(['evidence.json', 'manifest.json', 'uses.csv']);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { outputs: OutputDigest[] };
    expect(m.outputs[1]).toEqual({ name: 'evidence.json', sha256: createHash('sha256').update('{"x":1}\n').digest('hex'), bytes: 8 });
  });

  it('a failure while rendering leaves the previous set exactly as it was, and no temp file', async () => {
    const dir = fresh();
    await writeSet(dir, [text('uses.csv', 'old uses'), text('gaps.csv', 'old gaps')]);
    const before = contents(dir);
    const failing = writeOutputSet(dir, MANIFEST_SCHEMA, async (sink) => {
      await sink(text('uses.csv', 'new uses'));
      await sink({
        name: 'gaps.csv',
        *chunks() {
          yield 'new gaps, part one';
          throw new Error('renderer bug');
        },
      });
    });
    await expect(failing).rejects.toThrow('renderer bug');
    expect(contents(dir)).toEqual(before);
  });

  it('a full disk names the output it was writing, and leaves the previous set', async () => {
    const dir = fresh();
    await writeSet(dir, [text('uses.csv', 'old uses')]);
    const before = contents(dir);
    const full = writeOutputSet(dir, MANIFEST_SCHEMA, async (sink) => {
      await sink({
        name: 'evidence.json',
        *chunks() {
          yield '{';
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
        },
      });
    });
    const error = await full.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FileAccessError);
    expect((error as FileAccessError).exitCode).toBe(3);
    expect((error as FileAccessError).describe()).toBe(
      `${join(dir, 'evidence.json')}: cannot write it: no space left on the device (ENOSPC)\n  fix: free some space (or choose another folder) and rerun; files already in place were not replaced`,
    );
    expect(contents(dir)).toEqual(before);
  });

  it('a folder where an output goes is found before any rename: the previous set stays whole, no temp file, the output named (exit 2)', async () => {
    const dir = fresh();
    await writeSet(dir, [text('uses.csv', 'u1'), text('evidence.json', 'j1')]);
    const before = contents(dir);
    // a folder where gaps.csv should land: its rename would fail (EISDIR / ENOTEMPTY)
    mkdirSync(join(dir, 'gaps.csv'));
    writeFileSync(join(dir, 'gaps.csv', 'x'), 'x');
    const error = await writeSet(dir, [text('uses.csv', 'u2'), text('gaps.csv', 'g2')]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`${join(dir, 'gaps.csv')} is a folder where this output file goes`);
    expect(listing(dir)).toEqual(['evidence.json', 'gaps.csv', 'manifest.json', 'uses.csv']);
    // uses.csv, staged first, was not put in place either
    for (const [name, body] of Object.entries(before)) expect(readFileSync(join(dir, name), 'utf8')).toBe(body);
  });

  it('a rerun with fewer files removes the outputs the previous manifest listed, and nothing else', async () => {
    const dir = fresh();
    await writeSet(dir, [text('uses.csv', 'u1'), text('evidence.json', 'j1'), text('evidence.pdf', 'p1')]);
    writeFileSync(join(dir, 'notes.txt'), 'the user\'s own file');
    await writeSet(dir, [text('uses.csv', 'u2')]);
    expect(listing(dir)).toEqual(['manifest.json', 'notes.txt', 'uses.csv']);
    expect(readFileSync(join(dir, 'uses.csv'), 'utf8')).toBe('u2');
  });

  it('a manifest that is not ours removes nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ outputs: [{ name: 'notes.txt' }] }));
    writeFileSync(join(dir, 'notes.txt'), 'keep');
    await writeSet(dir, [text('uses.csv', 'u')]);
    expect(listing(dir)).toEqual(['manifest.json', 'notes.txt', 'uses.csv']);
  });

  it('an out dir that is a file is a usage error (exit 2)', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'taken'), 'x');
    for (const out of [join(dir, 'taken'), join(dir, 'taken', 'below')]) {
      const error = await writeSet(out, [text('uses.csv', 'u')]).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toContain('is a file');
    }
  });
});
