import { readFile } from 'node:fs/promises';
import type { LedgerRead } from '../../domain/ledger.ts';
import { ConfigError } from '../../errors.ts';
import { loadPublicKeys } from './keys.ts';
import { decodeLossy, invalidUtf8Lines } from './lines.ts';
import { streamLines } from './stream-lines.ts';
import { completeVerification } from './verify.ts';
import { createChainVerifier } from './verify-chain.ts';
import { fileDigest } from '../../util/digest.ts';

function readError(error: unknown, path: string, key: string, fix: string): ConfigError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
  return new ConfigError(code === 'ENOENT' ? 'ledger-file-missing' : 'ledger-file-unreadable', code === 'ENOENT' ? 'file not found' : `cannot read file (${code})`, { where: path, key, fix }, { cause: error });
}

async function readConfigured(path: string, key: string, fix: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw readError(error, path, key, fix);
  }
}

/**
 * Read and verify the ledger (and its checkpoints). Content problems never throw: they are
 * in `verification.problems`. A missing or unreadable file is a configuration problem.
 * The ledger is streamed line by line into the chain check, so only the entries are kept,
 * never the whole file; the checkpoints file is small and read whole.
 */
export async function readLedger(opts: { path: string; checkpoints?: string; publicKeys: string[] }): Promise<LedgerRead> {
  const chain = createChainVerifier(opts.path);
  // Each file is digested from the bytes verified, never read a second time for the manifest:
  // an append landing in between would be hashed but not verified.
  const files: NonNullable<LedgerRead['files']> = [];
  const digest = (path: string, bytes: Uint8Array) => files.push({ path, ...fileDigest(bytes) });
  const ledgerDigest = await streamLines(opts.path, chain.push, (error) => {
    throw readError(error, opts.path, 'ledger.path', 'check ledger.path (or --ledger); `glasstrail ledger append` creates the file');
  });
  files.push({ path: opts.path, ...ledgerDigest });
  const keys = await loadPublicKeys(opts.publicKeys, digest);
  let checkpoints: { text: string; file: string; invalidUtf8: Set<number> } | undefined;
  if (opts.checkpoints !== undefined) {
    // Configured but missing is an error, not "no checkpoints": deleting the file must not
    // quietly turn a verified ledger into a merely unanchored one.
    const cpBytes = await readConfigured(
      opts.checkpoints,
      'ledger.checkpoints',
      'write the first checkpoint with `glasstrail ledger checkpoint --key KEY`, or remove ledger.checkpoints from the config',
    );
    checkpoints = { text: decodeLossy(cpBytes), file: opts.checkpoints, invalidUtf8: invalidUtf8Lines(cpBytes) };
    digest(opts.checkpoints, cpBytes);
  }
  return { ...completeVerification(chain.result, { file: opts.path, checkpoints, keys }), files };
}
