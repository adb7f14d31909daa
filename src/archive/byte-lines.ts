/**
 * The lines of a plain NDJSON file without decoding most of them: the audit log is a million
 * lines of which a report keeps a few percent, and decoding each line as UTF-8 into its own
 * string cost more than deciding to drop it. Each chunk is viewed as latin1 text (one char
 * per byte, no decoding): JSON's structure and the action names are ASCII, and a UTF-8
 * multi-byte character never contains an ASCII byte, so every ASCII test on that text
 * (prefilter, `"action"`, the timestamp) answers exactly as on the decoded line. The line's
 * bytes are handed along for the few lines that need their real text.
 *
 * Reads are 4 MiB and the next one is in flight while a chunk is being cut, so the thread
 * does not wait on the disk between chunks; the two read buffers are kept for the next file.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fromSystemError, ShapeError } from '../errors.ts';
import type { FileDigest } from './lines.ts';
import { CORRUPT_FIX } from './lines.ts';

/**
 * One line: its 1-based number, the line as latin1 text (without `\n` and a trailing `\r`), and
 * `bytes[start, end)` the same line's raw bytes. Both are only valid during the call.
 */
export type ByteLineHandler = (line: number, latin1: string, bytes: Buffer, start: number, end: number) => void;

const CHUNK = 4 << 20;
const TEXT_PIECE = 32 << 10;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The file is a JSON array (a GitHub export), not NDJSON: its first byte after a BOM and
 * JSON whitespace is `[`. `forEachByteLine` answers this too, before any line, so a reader
 * that handles both formats opens each file once.
 */
export const JSON_ARRAY = 'json-array';

/**
 * Calls `onLine` for every line of `path` in order and returns the digest of its bytes, or
 * JSON_ARRAY (and no line, except blank ones before the `[`) when the file is a JSON array.
 */
export async function forEachByteLine(
  path: string,
  where: string,
  onLine: ByteLineHandler,
  /** read and text sizes (tests use small ones to put boundaries everywhere) */
  sizes = { chunk: CHUNK, piece: TEXT_PIECE },
): Promise<FileDigest | typeof JSON_ARRAY> {
  const handle = await open(path, 'r').catch((error: unknown) => unreadable(error, where));
  const hash = createHash('sha256');
  let total = 0;
  let line = 0;
  // the unfinished last line of the previous chunk (copied: the read buffers are reused)
  let carry: Buffer = Buffer.alloc(0);

  const emit = (bytes: Buffer, start: number, end: number): void => {
    line++;
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
    onLine(line, bytes.toString('latin1', start, stop), bytes, start, stop);
  };

  /** The complete lines of `bytes[from, to)`, which ends just before a newline. */
  const region = (bytes: Buffer, from: number, to: number): void => {
    const text = bytes.toString('latin1', from, to);
    let start = 0;
    for (let nl = text.indexOf('\n'); ; nl = text.indexOf('\n', start)) {
      const end = nl === -1 ? text.length : nl;
      const crlf = end > start && text.charCodeAt(end - 1) === CR;
      line++;
      const stop = crlf ? end - 1 : end;
      onLine(line, text.slice(start, stop), bytes, from + start, from + stop);
      if (nl === -1) return;
      start = nl + 1;
    }
  };

  // A BOM is dropped only at the very start of the file (as splitLines does); it is still hashed.
  const head = Buffer.alloc(BOM.length);
  const { bytesRead: headBytes } = await handle.read(head, 0, head.length, 0).catch(async (error: unknown) => {
    await handle.close();
    return unreadable(error, where);
  });
  let start = 0;
  if (headBytes === BOM.length && head.equals(BOM)) {
    hash.update(head);
    total = start = BOM.length;
  }
  const buffers = [takeBuffer(sizes.chunk), takeBuffer(sizes.chunk)];
  let which = 0;
  const read = async (buffer: Buffer, at: number) => {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at).catch((error: unknown) => unreadable(error, where));
    return { bytesRead, at };
  };
  let next = read(buffers[which]!, start);
  // until the first byte that is not JSON whitespace is seen: is it an array's `[`?
  let looking = true;
  try {
    for (;;) {
      const { bytesRead, at } = await next;
      if (bytesRead === 0) break;
      const bytes = buffers[which]!;
      if (looking) {
        const first = firstContent(bytes, bytesRead);
        if (first !== -1) {
          looking = false;
          if (bytes[first] === 0x5b) return JSON_ARRAY;
        }
      }
      which ^= 1;
      // the next read goes on while this chunk is cut (positioned: a short read loses nothing)
      next = read(buffers[which]!, at + bytesRead);
      hash.update(bytes.subarray(0, bytesRead));
      total += bytesRead;
      let from = 0;
      // (the buffer is reused: bytes past bytesRead are an earlier chunk's)
      const firstNl = bytes.indexOf(NEWLINE);
      if (firstNl === -1 || firstNl >= bytesRead) {
        carry = Buffer.concat([carry, bytes.subarray(0, bytesRead)]);
        continue;
      }
      if (carry.length > 0) {
        const joined = Buffer.concat([carry, bytes.subarray(0, firstNl)]);
        emit(joined, 0, joined.length);
        from = firstNl + 1;
      }
      const lastNl = bytes.lastIndexOf(NEWLINE, bytesRead - 1);
      // Cut into pieces of about TEXT_PIECE: their text stays in V8's young generation, where
      // it dies cheaply (a 4 MiB string goes to the large-object space and every few of them
      // set off a full mark-compact).
      while (from <= lastNl) {
        let to = from + sizes.piece >= lastNl ? lastNl : bytes.lastIndexOf(NEWLINE, from + sizes.piece);
        if (to < from) to = bytes.indexOf(NEWLINE, from + sizes.piece);
        region(bytes, from, to);
        from = to + 1;
      }
      carry = Buffer.from(bytes.subarray(from, bytesRead));
    }
    // bytes after the last newline are a line of their own
    if (carry.length > 0) emit(carry, 0, carry.length);
  } finally {
    // a read may still be in flight when onLine threw: let it finish before closing
    await next.catch(() => undefined);
    for (const buffer of buffers) giveBack(buffer);
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes: total };
}

/**
 * Read buffers kept for the next file. An audit archive is a hundred or so daily files of a
 * few MB; two fresh 4 MiB buffers per file meant the kernel handing out (and zeroing) new pages
 * for every read, about 100k page faults and a second of system time per million lines on a
 * virtual machine. Taken and given back whole, so files read at the same time never share one.
 */
const spare: Buffer[] = [];
const MAX_SPARE = 4;

function takeBuffer(size: number): Buffer {
  const index = spare.findIndex((b) => b.length === size);
  return index === -1 ? Buffer.allocUnsafe(size) : spare.splice(index, 1)[0]!;
}

/** The most recently used are kept (a reader with other sizes, as tests use, pushes the oldest out). */
function giveBack(buffer: Buffer): void {
  if (spare.length >= MAX_SPARE) spare.shift();
  spare.push(buffer);
}

/** Index of the first byte in `bytes[0, length)` that is not JSON whitespace, or -1. */
function firstContent(bytes: Buffer, length: number): number {
  for (let i = 0; i < length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== NEWLINE && b !== CR) return i;
  }
  return -1;
}

function unreadable(error: unknown, where: string): never {
  // permissions or I/O, not corruption: say so, with the fix for that
  const access = fromSystemError(error, where);
  if (access) throw access;
  throw new ShapeError('archive-corrupt', `archive file could not be read (${(error as Error).message})`, { where, fix: CORRUPT_FIX }, { cause: error });
}
