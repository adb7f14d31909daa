/**
 * Streaming reads of archive files: the bytes are hashed as they pass (for the manifest),
 * gzip is undone on the fly, and text is cut into lines without holding the file.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { fromSystemError, ShapeError } from '../errors.ts';

/**
 * Not "re-run collect": collect reads a file before it adds to it, so it stops on the same bad
 * line (and reads state.json first of all); only the file's history can bring it back.
 */
export const CORRUPT_FIX = "the archive is corrupt: restore the file from the archive's history (git) or a backup; collect cannot repair it (it reads a file it wrote before adding to it); a file dropped in by hand, correct or remove it";

/**
 * Two copies of one entry (`what`: "audit-log entry X") that differ in `fields`, what the report
 * reads of them: a hand-dropped file read before a day file could otherwise stand in for its
 * entry (moved out of the window, made a restore) without any file the inventory checks changed.
 */
export function conflictingCopy(what: string, fields: string, first: { file: string; line: number }, where: string, line: number): ShapeError {
  return new ShapeError('archive-corrupt', `${what} is also at ${first.file}:${first.line}, with a different ${fields}: one of the copies is not what GitHub gave`, {
    where,
    line,
    fix: 'restore the archive from its history (git) or backup, or remove the file that disagrees with it',
  });
}

/** Bytes that are not UTF-8 on `line`: corruption, not U+FFFD in the evidence. */
export function notUtf8(where: string, line: number, cause?: unknown): ShapeError {
  return new ShapeError('archive-corrupt', 'the line is not valid UTF-8', { where, line, fix: CORRUPT_FIX }, cause === undefined ? undefined : { cause });
}

/** The JSON value of one raw entry; bad JSON is a ShapeError naming the file and line. */
export function entryValue(raw: RawEntry, where: string, what: string): unknown {
  if (!('text' in raw)) return raw.value;
  try {
    return JSON.parse(raw.text);
  } catch (error) {
    throw new ShapeError('archive-corrupt', `${what} line is not valid JSON`, { where, line: raw.line, fix: CORRUPT_FIX }, { cause: error });
  }
}

export interface FileDigest {
  sha256: string;
  bytes: number;
}

/** One record of a file: a raw text line, or an element of a JSON-array file (already parsed). */
export type RawEntry = { line: number; text: string } | { line: number; value: unknown };

export interface FileReader {
  entries: AsyncIterable<RawEntry>;
  /**
   * The same entries, a chunk of the file at a time: for the audit log's million lines, one
   * await per line (through three async generators) cost more than the work on the line.
   * Read either `entries` or `batches`, not both.
   */
  batches: AsyncIterable<RawEntry[]>;
  /** sha256 and size of the bytes on disk; complete once `entries` has been read to the end */
  digest(): FileDigest;
}

/**
 * Read `path` entry by entry. `where` names the file in errors. Lines are 1-based and count
 * blank lines, which are skipped. A file whose first non-blank character is `[` is a JSON
 * array (GitHub's UI export): only that case parses the whole file at once.
 */
export function readEntries(path: string, where: string, options: { gzip?: boolean; allowArray?: boolean } = {}): FileReader {
  const hash = createHash('sha256');
  let bytes = 0;
  let sha256: string | undefined;
  async function* raw(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const source: AsyncIterable<Buffer> = options.gzip ? gunzip(raw()) : raw();

  async function* batches(): AsyncGenerator<RawEntry[]> {
    let arrayText: string[] | undefined;
    let seenContent = false;
    try {
      for await (const lines of splitLines(source, where)) {
        const batch: RawEntry[] = [];
        for (const { text, line } of lines) {
          if (arrayText) {
            arrayText.push(text);
            continue;
          }
          if (text.trim() === '') continue;
          const first = !seenContent;
          seenContent = true;
          if (first && options.allowArray && text.trimStart().startsWith('[')) {
            arrayText = [text];
            continue;
          }
          batch.push({ line, text });
        }
        if (batch.length > 0) yield batch;
      }
    } catch (error) {
      if (error instanceof ShapeError) throw error;
      // permissions or I/O, not corruption: say so, with the fix for that
      const access = fromSystemError(error, where);
      if (access) throw access;
      const code = (error as NodeJS.ErrnoException).code;
      const what = code?.startsWith('Z_') ? 'is not a valid gzip file' : 'could not be read';
      throw new ShapeError('archive-corrupt', `archive file ${what} (${(error as Error).message})`, { where, fix: CORRUPT_FIX }, { cause: error });
    }
    sha256 = hash.digest('hex');
    if (!arrayText) return;
    let value: unknown;
    try {
      value = JSON.parse(arrayText.join('\n'));
    } catch (error) {
      throw new ShapeError('archive-corrupt', `archive file is not a valid JSON array (${(error as Error).message})`, { where, line: 1, fix: CORRUPT_FIX }, { cause: error });
    }
    if (!Array.isArray(value)) throw new ShapeError('archive-corrupt', 'archive file is not a JSON array', { where, line: 1, fix: CORRUPT_FIX });
    yield value.map((element, index) => ({ line: index + 1, value: element }));
  }

  async function* entries(): AsyncGenerator<RawEntry> {
    for await (const batch of batches()) {
      for (const entry of batch) yield entry;
    }
  }

  return {
    entries: entries(),
    batches: batches(),
    digest() {
      if (sha256 === undefined) throw new Error(`digest of ${where} requested before the file was read`);
      return { sha256, bytes };
    },
  };
}

/** pipeline() destroys the gunzip stream with any read or zlib error, so the reader's loop throws it. */
function gunzip(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const out = createGunzip();
  pipeline(Readable.from(chunks), out).catch(() => undefined);
  return out;
}

/**
 * UTF-8 lines with `\n` or `\r\n` endings, the lines of each chunk together; a leading BOM is
 * dropped. Bytes that are not UTF-8 are corruption (exit 3, naming the line), not U+FFFD in the
 * evidence: an actor `alice-k\xff` would otherwise read as a person nobody configured.
 */
async function* splitLines(chunks: AsyncIterable<Buffer>, where: string): AsyncGenerator<{ text: string; line: number }[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending = '';
  let line = 0;
  let first = true;
  // the bytes since the last line end (pieces of chunks, not copied): to name the bad line
  let carry: Buffer[] = [];
  const decode = (chunk?: Buffer): string => {
    try {
      const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      if (chunk) {
        const end = chunk.lastIndexOf(0x0a);
        if (end === -1) carry.push(chunk);
        else carry = [chunk.subarray(end + 1)];
      }
      return text;
    } catch (error) {
      // A line end is ASCII, never inside a multi-byte character: the first line whose bytes are
      // not UTF-8 is the bad one (a last one cut short at the end of the file included).
      const segments = Buffer.concat(chunk ? [...carry, chunk] : carry).toString('latin1').split('\n');
      const index = segments.findIndex((segment, i) => (i < segments.length - 1 || !chunk) && !isUtf8(Buffer.from(segment, 'latin1')));
      const bad = line + 1 + (index === -1 ? segments.length - 1 : index);
      throw notUtf8(where, bad, error);
    }
  };
  for await (const chunk of chunks) {
    let text = pending + decode(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines: { text: string; line: number }[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      line += 1;
      lines.push({ text: trimCr(text.slice(start, end)), line });
      start = end + 1;
    }
    pending = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  pending += decode();
  if (pending.length > 0) yield [{ text: trimCr(pending), line: line + 1 }];
}

function trimCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
