/** `glasstrail ledger append|verify|checkpoint|keygen` (CONTRACT §5). */
import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import type { LedgerVerification } from '../domain/ledger.ts';
import { ConfigError, UsageError } from '../errors.ts';
import {
  appendEntry,
  generateKeyPair,
  keyIdOf,
  loadPublicKeys,
  parsePrivateKey,
  readLedger,
  writeCheckpoint,
  type AppendResult,
} from '../sources/ledger/index.ts';
import { parseObjectLine } from '../sources/ledger/lines.ts';
import type { RunEnv } from './context.ts';
import { configPath } from './report.ts';
import { hasUtf16Bom } from '../util/text.ts';

export interface LedgerAppendOptions {
  configFile?: string;
  /** a file path, or `-` for standard input */
  json: string;
  /** the raw bytes: the entry must be UTF-8, and a lossy decode would sign U+FFFD into the ledger */
  readStdin: () => Promise<Uint8Array>;
}

export async function runLedgerAppend(options: LedgerAppendOptions, run: RunEnv): Promise<AppendResult> {
  const config = await loadConfig(configPath(options, run));
  const where = options.json === '-' ? '<stdin>' : options.json;
  const bytes = options.json === '-'
    ? await options.readStdin()
    : await readFile(resolve(run.cwd, options.json)).catch(() => {
        throw new UsageError('entry-unreadable', 'cannot read the entry file', { where, fix: 'pass an existing JSON file, or - to read standard input' });
      });
  // UTF-16 (PowerShell 5's `>` and its pipes can write it) puts a NUL beside each ASCII
  // character, which UTF-8 allows but JSON never holds raw: name the encoding, not a JSON error
  const utf16 = hasUtf16Bom(bytes) || bytes.includes(0);
  const text = utf16 ? undefined : utf8Text(bytes);
  if (text === undefined) {
    throw new UsageError('entry-bad-utf8', `the entry is not valid UTF-8${utf16 ? ' (it looks like UTF-16)' : ''} (the ledger is UTF-8 text)`, { where, fix: 'save the entry as UTF-8' });
  }
  // the same reading as `verify` gives each stored line: one object, no repeated name
  if (text.trim() === '') throw new UsageError('entry-empty', 'the entry is empty', { where, fix: 'pass one JSON object, e.g. {"type":"grant.opened",...}' });
  const parsed = parseObjectLine(text.trim());
  if ('error' in parsed) {
    throw new UsageError('entry-bad-json', parsed.error, { where, fix: 'pass one JSON object, e.g. {"type":"grant.opened",...}' });
  }
  const entry: unknown = parsed.obj;
  // Gates are checked once the config defines some (a ledger may be started before them).
  const gates = config.gates.length > 0 ? new Set(config.gates.map((g) => g.id)) : undefined;
  return appendEntry(config.ledger.path, entry, { ...(gates ? { gates } : {}), consistent: true });
}

/** The text of UTF-8 bytes (a BOM dropped), or undefined when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export interface LedgerVerifyOptions {
  configFile?: string;
  ledger?: string;
  checkpoints?: string;
}

export async function runLedgerVerify(options: LedgerVerifyOptions, run: RunEnv): Promise<LedgerVerification> {
  const config = await loadConfig(configPath(options, run));
  const path = options.ledger ? resolve(run.cwd, options.ledger) : config.ledger.path;
  const checkpoints = options.checkpoints ? resolve(run.cwd, options.checkpoints) : config.ledger.checkpoints;
  const { verification } = await readLedger({ path, checkpoints, publicKeys: config.ledger.publicKeys });
  return verification;
}

export interface LedgerCheckpointOptions {
  configFile?: string;
  key: string;
}

export async function runLedgerCheckpoint(options: LedgerCheckpointOptions, run: RunEnv) {
  const config = await loadConfig(configPath(options, run));
  if (!config.ledger.checkpoints) {
    throw new ConfigError('no-checkpoints-file', 'ledger.checkpoints is not set', {
      where: config.file,
      key: 'ledger.checkpoints',
      fix: 'add ledger.checkpoints: ./ledger/checkpoints.jsonl (kept where the ledger writer cannot change it)',
    });
  }
  const keyPath = resolve(run.cwd, options.key);
  const privateKeyPem = await readFile(keyPath, 'utf8').catch(() => {
    throw new UsageError('key-unreadable', 'cannot read the private key', { where: keyPath, fix: 'create one with `glasstrail ledger keygen --out PREFIX`' });
  });
  // A checkpoint that verify cannot check is worse than none: it fails every later verify
  // (checkpoint-unknown-key). Sign only with a key whose public half the config lists.
  const keyId = keyIdOf(createPublicKey(parsePrivateKey(privateKeyPem)));
  const known = await loadPublicKeys(config.ledger.publicKeys);
  if (!known.has(keyId)) {
    throw new UsageError('checkpoint-key-not-configured', `the public half of this key (${keyId}) is not in ledger.publicKeys, so verify could not check the checkpoint`, {
      where: config.file,
      key: 'ledger.publicKeys',
      fix: 'add the matching .pub.pem (written beside the key by `glasstrail ledger keygen`) to ledger.publicKeys, then sign again; nothing was written',
    });
  }
  return writeCheckpoint({ ledgerPath: config.ledger.path, checkpointsPath: config.ledger.checkpoints, privateKeyPem, now: run.now, publicKeys: known });
}

export async function runLedgerKeygen(options: { out: string }, run: RunEnv) {
  return generateKeyPair(resolve(run.cwd, options.out));
}
