import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAccessError } from '../errors.ts';
import { forEachByteLine, JSON_ARRAY } from './byte-lines.ts';
import { readEntries } from './lines.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-byte-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Line = { line: number; latin1: string; utf8: string };

async function byteLines(bytes: Uint8Array, sizes?: { chunk: number; piece: number }) {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.ndjson`);
  await writeFile(path, bytes);
  const lines: Line[] = [];
  const result = await forEachByteLine(
    path,
    'f.ndjson',
    (line, latin1, buf, start, end) => {
      // the latin1 text is the raw bytes one char each; the bytes decode to the real text
      expect(Buffer.from(latin1, 'latin1').equals(buf.subarray(start, end))).toBe(true);
      lines.push({ line, latin1, utf8: buf.toString('utf8', start, end) });
    },
    sizes,
  );
  return { lines, result, path };
}

/** What the general reader gives for the same file: non-blank lines, their numbers and text. */
async function generalLines(path: string) {
  const reader = readEntries(path, 'f.ndjson');
  const lines: { line: number; text: string }[] = [];
  for await (const batch of reader.batches) for (const raw of batch) if ('text' in raw) lines.push({ line: raw.line, text: raw.text });
  return { lines, digest: reader.digest() };
}

describe('forEachByteLine', () => {
  it('cuts LF and CRLF lines, drops a leading BOM only, keeps a last line without newline', async () => {
    const text = '\ufeff{"a":1}\r\n\n  \n{"b":"é"}\n\ufeff{"c":3}';
    const { lines, result: digest } = await byteLines(Buffer.from(text, 'utf8'));
    expect(lines.map((l) => [l.line, l.utf8])).toEqual([
      [1, '{"a":1}'],
      [2, ''],
      [3, '  '],
      [4, '{"b":"é"}'],
      [5, '\ufeff{"c":3}'],
    ]);
    expect(lines[3]?.latin1).toBe('{"b":"Ã©"}');
    expect(digest).toEqual({ sha256: createHash('sha256').update(text, 'utf8').digest('hex'), bytes: Buffer.byteLength(text) });
  });

  it('gives the lines and digest the general reader gives, wherever reads and text pieces are cut', async () => {
    const piece = fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r', ' ', '{}', '\ufeff', 'é', '💥', '"action":"x"'),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    await fc.assert(
      // text pieces, and raw bytes (invalid UTF-8 too: the byte reader hands it over, the general reader refuses it)
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.uint8Array({ maxLength: 6 })), { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 48 }), async (pieces, chunk, textPiece) => {
        const bytes = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
        const ours = await byteLines(bytes, { chunk, piece: textPiece });
        if (ours.result === JSON_ARRAY) {
          // only when the content starts with `[` (after a BOM and JSON whitespace)
          expect(bytes.toString('latin1').replace(/^\xef\xbb\xbf/, '').replace(/^[ \t\r\n]*/, '').startsWith('[')).toBe(true);
          return;
        }
        // the general reader refuses bytes that are not UTF-8, naming the first such line
        // (a line end is ASCII, never inside a multi-byte character: lines are checked apart)
        const badLine = bytes.toString('latin1').split('\n').findIndex((_, i, all) => !isUtf8(Buffer.from(all[i]!, 'latin1')));
        if (badLine !== -1) {
          await expect(generalLines(ours.path)).rejects.toMatchObject({ message: 'the line is not valid UTF-8', context: { line: badLine + 1 } });
          return;
        }
        const general = await generalLines(ours.path);
        expect(ours.result).toEqual(general.digest);
        // the general reader skips blank lines; the byte reader hands them over for the caller to skip
        expect(ours.lines.filter((l) => l.utf8.trim() !== '').map((l) => ({ line: l.line, text: l.utf8 }))).toEqual(general.lines);
      }),
      { numRuns: 300 },
    );
  });

  it('the general reader names the line of bytes that are not UTF-8 far into a file, past characters cut by its reads', async () => {
    // 2-byte characters everywhere, so the 64 KiB reads cut some; the bad byte on line 3001
    const lines = Array.from({ length: 5000 }, (_, i) => Buffer.from(`{"n":${i},"t":"${'é'.repeat(7 + (i % 5))}"}`));
    lines[3000] = Buffer.concat([Buffer.from('{"t":"é'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const path = join(dir, 'far.ndjson');
    await writeFile(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    await expect(generalLines(path)).rejects.toMatchObject({ message: 'the line is not valid UTF-8', context: { where: 'f.ndjson', line: 3001 } });
  });

  it('handles a line longer than a read', async () => {
    const long = `{"x":"${'a'.repeat(5000)}"}`;
    const { lines } = await byteLines(Buffer.from(`${long}\n{"y":1}\n`), { chunk: 64, piece: 16 });
    expect(lines.map((l) => l.utf8)).toEqual([long, '{"y":1}']);
  });

  it('gives each file its own lines when files are read at the same time and one after another (read buffers are reused)', async () => {
    const sizes = { chunk: 32, piece: 8 };
    const files = ['{"a":"long line, longer than a read"}\n{"b":2}\n', '{"c":3}', 'x\ny\nz\n', `{"d":"${'é'.repeat(40)}"}\n{"e":5}`].map((t) => Buffer.from(t, 'utf8'));
    const alone = [];
    for (const bytes of files) alone.push((await byteLines(bytes, sizes)).lines.map((l) => l.utf8));
    expect(alone[1]).toEqual(['{"c":3}']);
    expect(alone[2]).toEqual(['x', 'y', 'z']);
    const together = await Promise.all(files.map((bytes) => byteLines(bytes, sizes)));
    expect(together.map((r) => r.lines.map((l) => l.utf8))).toEqual(alone);
    // a short file right after a long one: nothing of the long one's bytes shows
    const again = await byteLines(files[1]!, sizes);
    expect(again.lines.map((l) => l.utf8)).toEqual(['{"c":3}']);
  });

  it('names the file when it cannot be read, as a file-access problem rather than corruption', async () => {
    const error = await forEachByteLine(join(dir, 'missing.ndjson'), 'archive/github/audit/missing.ndjson', () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileAccessError);
    expect((error as FileAccessError).exitCode).toBe(3);
    expect((error as FileAccessError).describe()).toBe('archive/github/audit/missing.ndjson: cannot open it: no such file or folder (ENOENT)\n  fix: check the path');
    // a folder where the file should be (what a permission error looks like, whoever runs the test)
    await mkdir(join(dir, 'a-folder.ndjson'));
    const folder = await forEachByteLine(join(dir, 'a-folder.ndjson'), 'archive/github/audit/a-folder.ndjson', () => undefined).catch((e: unknown) => e);
    expect((folder as FileAccessError).describe()).toMatch(/^archive\/github\/audit\/a-folder\.ndjson: cannot read it: is a folder where a file was expected \(EISDIR\)/);
  });

  it('finishes its read in flight and closes the file when the handler throws', async () => {
    const { path } = await byteLines(Buffer.from('{"a":1}\n'.repeat(100)), { chunk: 16, piece: 8 });
    let seen = 0;
    const error = await forEachByteLine(
      path,
      'f.ndjson',
      () => {
        if (++seen === 3) throw new Error('stop');
      },
      { chunk: 16, piece: 8 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe('stop');
    expect(seen).toBe(3);
  });
});

describe('forEachByteLine on a JSON array', () => {
  it.each([
    ['[{"a":1}]', true],
    ['\ufeff  \n[', true],
    ['{"a":1}\n', false],
    ['', false],
    [`${' '.repeat(5000)}\n[`, true],
  ])('%j -> array %s', async (text, array) => {
    const path = join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(path, text);
    const content: string[] = [];
    const result = await forEachByteLine(path, 's.json', (_line, latin1) => void (latin1.trim() && content.push(latin1)), { chunk: 64, piece: 16 });
    expect(result === JSON_ARRAY).toBe(array);
    if (array) expect(content).toEqual([]);
  });
});
