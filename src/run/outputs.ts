import { createHash, type Hash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cleanStaleTmp, writeAtomicChunks } from '../archive/atomic.ts';
import type { OutputDigest, RenderedFile } from '../domain/template.ts';
import type { OutputSink } from '../render/index.ts';

/**
 * Text pieces are encoded into one reused buffer of this size and written when it fills: few
 * write calls, and no joined string or fresh Buffer per write for the garbage collector.
 */
const PIECE_BYTES = 4 << 20;

/**
 * The file's bytes, hashed and counted as they pass to the writer, so the digest is of exactly
 * the bytes written. A yielded view into the reused buffer is only valid until the next piece
 * is asked for: `writeAtomicChunks` writes each piece fully before it asks.
 */
function* hashedPieces(file: RenderedFile, hash: Hash, size: { bytes: number }): Generator<Buffer> {
  const emit = (piece: Buffer): Buffer => {
    hash.update(piece);
    size.bytes += piece.length;
    return piece;
  };
  if ('data' in file) {
    yield emit(file.data);
    return;
  }
  const buffer = Buffer.allocUnsafe(PIECE_BYTES);
  let used = 0;
  for (const chunk of file.chunks()) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8, so this bound never cuts a character.
    const most = typeof chunk === 'string' ? chunk.length * 3 : chunk.length;
    if (used > 0 && used + most > buffer.length) {
      yield emit(buffer.subarray(0, used));
      used = 0;
    }
    if (most > buffer.length) {
      yield emit(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    } else if (typeof chunk === 'string') {
      used += buffer.write(chunk, used, 'utf8');
    } else {
      used += chunk.copy(buffer, used);
    }
  }
  if (used > 0) yield emit(buffer.subarray(0, used));
}

function outputPath(dir: string, name: string): string {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
    throw new Error(`refusing to write output outside the out dir: ${name}`);
  }
  return join(dir, name);
}

/** Write one output by atomic rename, streaming it if it comes in pieces; returns the digest of what was written. */
async function writeOutput(dir: string, file: RenderedFile): Promise<{ path: string; digest: OutputDigest }> {
  const path = outputPath(dir, file.name);
  // A writer killed mid-write leaves its temp file beside the target: sweep it on the next write.
  await cleanStaleTmp(path);
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  await writeAtomicChunks(path, hashedPieces(file, hash, size), 0o644);
  return { path, digest: { name: file.name, sha256: hash.digest('hex'), bytes: size.bytes } };
}

/**
 * A sink for `renderReportTo` that writes each file into `outDir` as it is rendered. Each file
 * lands by atomic rename and the renderer sends `manifest.json` last, so a crash leaves either
 * the previous complete set or new files plus a stale manifest that no longer matches
 * (detectable), never a half-written file. `written` lists the paths in write order.
 */
export async function createOutputSink(outDir: string): Promise<{ sink: OutputSink; written: string[] }> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  const sink: OutputSink = async (file) => {
    const { path, digest } = await writeOutput(dir, file);
    written.push(path);
    return digest;
  };
  return { sink, written };
}

/** Write rendered files (the sample's), `manifest.json` last; same atomic writes as the sink. */
export async function writeOutputs(outDir: string, files: readonly RenderedFile[]): Promise<string[]> {
  const { sink, written } = await createOutputSink(outDir);
  const ordered = [...files].sort((a, b) => Number(a.name === 'manifest.json') - Number(b.name === 'manifest.json'));
  for (const file of ordered) await sink(file);
  return written;
}
