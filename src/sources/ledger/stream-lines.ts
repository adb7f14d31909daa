/**
 * JSON-lines from a byte stream, chunk by chunk, so a large ledger is never held whole (as
 * bytes plus a decoded copy). Gives exactly the lines `splitLines(decodeLossy(bytes))` gives,
 * with `invalidUtf8Lines(bytes)`'s verdict on each; `stream-lines.test.ts` checks that on
 * random bytes cut at random places.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileDigest } from '../../domain/config.ts';
import { isUtf8 } from 'node:buffer';

export type OnLine = (line: number, text: string, invalidUtf8: boolean) => void;

export interface LineSplitter {
  push(chunk: Uint8Array): void;
  /** End of input: the last line, when the file does not end with a newline. */
  end(): void;
}

const BOM = [0xef, 0xbb, 0xbf];
const NEWLINE = 0x0a;
const TEXT_PIECE = 32 << 10;
/** The whole-file decoder drops a BOM only at the start of the file; one lossy decoder per line must keep the rest. */
const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/** True while `bytes` (shorter than a BOM) could still turn out to be one. */
function couldBeBom(bytes: Uint8Array): boolean {
  return bytes.every((b, i) => b === BOM[i]);
}

export function createLineSplitter(onLine: OnLine): LineSplitter {
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  let atStart = true;

  const emit = (bytes: Buffer): void => {
    line++;
    const valid = isUtf8(bytes);
    onLine(line, withoutCr(valid ? bytes.toString('utf8') : lossy.decode(bytes)), !valid);
  };

  /** Complete lines, joined by newlines, without the final one. */
  const emitRegion = (region: Buffer): void => {
    if (isUtf8(region)) {
      // The common case: decode, then split like splitLines. Pieces of about TEXT_PIECE bytes,
      // cut at newlines, keep the text in V8's young generation: a 1 MiB string goes to the
      // large-object space, and a stream of them sets off full mark-compacts.
      for (let from = 0; from <= region.length; ) {
        let to = from + TEXT_PIECE >= region.length ? region.length : region.lastIndexOf(NEWLINE, from + TEXT_PIECE);
        if (to < from) to = region.indexOf(NEWLINE, from + TEXT_PIECE);
        if (to === -1) to = region.length;
        for (const text of region.toString('utf8', from, to).split('\n')) onLine(++line, withoutCr(text), false);
        from = to + 1;
      }
      return;
    }
    let start = 0;
    for (let nl = region.indexOf(NEWLINE); nl !== -1; nl = region.indexOf(NEWLINE, start)) {
      emit(region.subarray(start, nl));
      start = nl + 1;
    }
    emit(region.subarray(start));
  };

  const dropBom = (final: boolean): boolean => {
    if (!atStart) return true;
    if (!final && pending.length < BOM.length && couldBeBom(pending)) return false;
    if (startsWithBom(pending)) pending = pending.subarray(BOM.length);
    atStart = false;
    return true;
  };

  return {
    push(chunk) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
      if (!dropBom(false)) return;
      const lastNewline = pending.lastIndexOf(NEWLINE);
      if (lastNewline === -1) return;
      emitRegion(pending.subarray(0, lastNewline));
      pending = pending.subarray(lastNewline + 1);
    },
    end() {
      dropBom(true);
      // splitLines drops only an empty last part: bytes after the last newline are a line.
      if (pending.length > 0) emit(pending);
      pending = Buffer.alloc(0);
    },
  };
}

/**
 * Stream the lines of `path` to `onLine`. Errors of the file system (missing, unreadable, a
 * directory) go through `onReadError`, which must throw; `onLine` is called outside it.
 */
/** Stream `path` line by line; returns the SHA-256 and size of the bytes read, for the manifest. */
export async function streamLines(path: string, onLine: OnLine, onReadError: (error: unknown) => never): Promise<FileDigest> {
  const splitter = createLineSplitter(onLine);
  const hash = createHash('sha256');
  let bytes = 0;
  // 1 MiB reads: fewer awaits than the 64 KiB default, still small next to the entries kept.
  const chunks = createReadStream(path, { highWaterMark: 1 << 20 })[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = (await chunks.next()) as IteratorResult<Buffer>;
    } catch (error) {
      onReadError(error);
    }
    if (next.done) break;
    hash.update(next.value);
    bytes += next.value.length;
    splitter.push(next.value);
  }
  splitter.end();
  return { sha256: hash.digest('hex'), bytes };
}
