import { createHash, type Hash } from 'node:crypto';
import { lstat, readFile, rename, stat, unlink } from 'node:fs/promises';
import { makeDirs } from '../util/dirs.ts';
import { basename, join, resolve } from 'node:path';
import { cleanStaleTmp, stageFile, syncDir, writeChunks } from '../archive/atomic.ts';
import { fromSystemError, UsageError } from '../errors.ts';
import { MANIFEST_NAME, MANIFEST_SCHEMA } from '../render/manifest.ts';
import { SAMPLE_SCHEMA } from '../render/sample.ts';
import type { RenderedFile } from '../domain/template.ts';
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

/** The out dir, created if need be; a file in its place is the user's to fix (exit 2). */
async function prepareOutDir(dir: string): Promise<void> {
  try {
    await makeDirs(dir, 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notAFolder(dir);
    throw fromSystemError(error) ?? error;
  }
}

const KIND: Record<string, string> = { [MANIFEST_SCHEMA]: 'report evidence set', [SAMPLE_SCHEMA]: 'sample' };

type PreviousManifest = { schema?: unknown; outputs?: { name?: unknown }[] } | null | undefined;

/** The manifest.json already in `dir`, parsed; undefined when there is none or it is not JSON. */
async function previousManifest(dir: string): Promise<PreviousManifest> {
  const text = await readFile(join(dir, MANIFEST_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PreviousManifest;
  } catch {
    return undefined;
  }
}

/**
 * Before anything is collected or rendered: the out dir is a folder (or can be made one), and
 * holds no set of the other kind. A report and a sample both write manifest.json, so one written
 * over the other would remove the other's files (or orphan them): refused, exit 2.
 */
export async function checkOutDir(outDir: string, schema: string): Promise<void> {
  const dir = resolve(outDir);
  const found = await stat(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOTDIR' ? 'under-a-file' : undefined));
  if (found === 'under-a-file' || (found && !found.isDirectory())) throw notAFolder(dir);
  if (!found) return;
  const other = (await previousManifest(dir))?.schema;
  if (typeof other !== 'string' || !(other in KIND) || other === schema) return;
  throw new UsageError('out-holds-other-set', `the out dir ${dir} holds a glasstrail ${KIND[other]} (manifest.json ${other}); writing a ${KIND[schema] ?? schema} there would replace its manifest and remove or orphan its files`, {
    fix: schema === SAMPLE_SCHEMA ? 'write the sample to its own folder (the default is reports/<label>/sample), or pass another --out' : 'pass another --out for the report (the default is reports/<label>)',
  });
}

function notAFolder(dir: string): UsageError {
  return new UsageError('out-not-a-folder', `the out dir ${dir} is a file (or lies under one), not a folder`, { fix: 'pass --out a folder path (it is created if missing)' });
}

/**
 * Names of the outputs the manifest already in `dir` lists: the set a previous run of the same
 * kind (`schema`) left there. Anything else (absent, unreadable, foreign) lists nothing.
 */
async function previousOutputs(dir: string, schema: string): Promise<string[]> {
  const manifest = await previousManifest(dir);
  if (manifest?.schema !== schema || !Array.isArray(manifest.outputs)) return [];
  return manifest.outputs
    .map((o) => o?.name)
    .filter((name): name is string => typeof name === 'string' && /^[^./\\][^/\\]*$/.test(name) && name !== MANIFEST_NAME);
}

export interface OutputSet {
  /** stages one file (written in full to a temp file beside its target); returns its digest */
  sink: OutputSink;
  /** paths moved into place by `commit`, in order (manifest.json last) */
  written: string[];
  /**
   * Moves every staged file into place, manifest.json last, after removing the outputs the
   * previous manifest listed that this run does not write (a `--format csv` rerun must not
   * leave last run's evidence.json beside this run's CSVs).
   */
  commit(): Promise<void>;
  /** Removes the staged files: the out dir keeps exactly what it held before. */
  abort(): Promise<void>;
}

/**
 * An evidence set written all or nothing (as far as a file system allows): each file is written
 * in full to a temp file as it is rendered (the CSVs and evidence.json in pieces, so a 50k-use
 * report never holds its outputs in memory), and only when every one is on disk does `commit`
 * rename them into place, manifest.json last. A failure while rendering or writing (a full
 * disk, a bug) leaves the previous set untouched, as does a folder where an output goes (checked
 * before the first rename). A rename that fails all the same, or a crash during the
 * renames, leaves new files beside the previous manifest, which no longer matches them
 * (detectable), never a half-written file; the temp files not yet renamed are removed.
 */
export async function createOutputSink(outDir: string, schema: string): Promise<OutputSet> {
  const dir = resolve(outDir);
  await checkOutDir(dir, schema);
  await prepareOutDir(dir);
  const staged: { tmp: string; path: string }[] = [];
  const written: string[] = [];
  const sink: OutputSink = async (file) => {
    const path = outputPath(dir, file.name);
    // A writer killed mid-write leaves its temp file beside the target: sweep it.
    await cleanStaleTmp(path);
    const hash = createHash('sha256');
    const size = { bytes: 0 };
    try {
      staged.push({ tmp: await stageFile(path, 0o644, (handle) => writeChunks(handle, hashedPieces(file, hash, size))), path });
    } catch (error) {
      // name the output, not its temp file
      throw fromSystemError(error, path) ?? error;
    }
    return { name: file.name, sha256: hash.digest('hex'), bytes: size.bytes };
  };
  const commit = async (): Promise<void> => {
    const names = new Set(staged.map((s) => basename(s.path)));
    // A folder where an output goes fails its rename: found before the first one, the set is
    // not left half in place (new CSVs beside the previous manifest).
    for (const { path } of staged) {
      const there = await lstat(path).catch(() => undefined);
      if (there?.isDirectory()) {
        throw new UsageError('out-file-is-a-folder', `${path} is a folder where this output file goes`, { fix: 'move or remove that folder and rerun; nothing of this run was put in place' });
      }
    }
    const stale = (await previousOutputs(dir, schema)).filter((name) => !names.has(name));
    while (staged.length > 0) {
      const { tmp, path } = staged[0]!;
      // Last to go is the manifest: just before it, the previous set's leftovers are removed, so
      // until then the old manifest still describes what is there.
      if (staged.length === 1) for (const name of stale) await unlink(join(dir, name)).catch(() => undefined);
      try {
        await rename(tmp, path);
      } catch (error) {
        // this entry stays staged: abort() removes its temp file and those after it
        throw fromSystemError(error, path) ?? error;
      }
      staged.shift();
      written.push(path);
    }
    await syncDir(dir);
  };
  const abort = async (): Promise<void> => {
    for (const { tmp } of staged.splice(0)) await unlink(tmp).catch(() => undefined);
  };
  return { sink, written, commit, abort };
}

/** Render into an output set and commit it; on any failure nothing of this run is left behind. */
export async function writeOutputSet(outDir: string, schema: string, render: (sink: OutputSink) => Promise<void>): Promise<string[]> {
  const set = await createOutputSink(outDir, schema);
  try {
    await render(set.sink);
    await set.commit();
  } catch (error) {
    await set.abort();
    throw error;
  }
  return set.written;
}

/** Write rendered files (the sample's), `manifest.json` last; same all-or-nothing set as the report's. */
export async function writeOutputs(outDir: string, schema: string, files: readonly RenderedFile[]): Promise<string[]> {
  const ordered = [...files].sort((a, b) => Number(a.name === MANIFEST_NAME) - Number(b.name === MANIFEST_NAME));
  return writeOutputSet(outDir, schema, async (sink) => {
    for (const file of ordered) await sink(file);
  });
}
