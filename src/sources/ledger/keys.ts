import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { makeDirs } from '../../util/dirs.ts';
import { dirname } from 'node:path';
import { ConfigError, UsageError } from '../../errors.ts';
import { sha256Hex } from '../../util/digest.ts';

/** `"sha256:"` + hex SHA-256 of the public key's DER SubjectPublicKeyInfo (CONTRACT §5). */
export function keyIdOf(publicKey: KeyObject): string {
  return `sha256:${sha256Hex(publicKey.export({ type: 'spki', format: 'der' }))}`;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}

/** Read the configured public keys (PEM, Ed25519) into a keyId → key map. */
export async function loadPublicKeys(paths: readonly string[], onRead?: (path: string, bytes: Buffer) => void): Promise<Map<string, KeyObject>> {
  const keys = new Map<string, KeyObject>();
  for (const path of paths) {
    let pem: string;
    try {
      const bytes = await readFile(path);
      onRead?.(path, bytes);
      pem = bytes.toString('utf8');
    } catch (error) {
      throw new ConfigError('public-key-unreadable', 
        errorCode(error) === 'ENOENT' ? 'public key file not found' : 'cannot read public key file',
        { where: path, key: 'ledger.publicKeys', fix: 'point ledger.publicKeys at the .pub.pem written by `glasstrail ledger keygen`' },
        { cause: error },
      );
    }
    // createPublicKey derives the public half from a private PEM without a word; a private
    // key in the config (which the ledger writer can read) would let anyone forge checkpoints.
    if (isPrivateKeyPem(pem)) {
      throw new ConfigError('public-key-is-private', 'this is a private key; the config must only list public keys', {
        where: path,
        key: 'ledger.publicKeys',
        fix: 'list the .pub.pem instead, and keep the .key.pem away from the config (treat it as exposed if it was shared)',
      });
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (error) {
      throw new ConfigError('public-key-invalid', 'not a PEM public key', { where: path, key: 'ledger.publicKeys', fix: 'use the .pub.pem written by `glasstrail ledger keygen`' }, { cause: error });
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new ConfigError('public-key-invalid', `public key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`, {
        where: path,
        key: 'ledger.publicKeys',
        fix: 'checkpoints are signed with Ed25519; generate a key pair with `glasstrail ledger keygen`',
      });
    }
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

function isPrivateKeyPem(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

/** The Ed25519 private key for `ledger checkpoint --key`. */
export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new UsageError('private-key-invalid', 'the checkpoint key is not a PEM private key', { key: '--key', fix: 'pass the .key.pem written by `glasstrail ledger keygen`' }, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError('private-key-invalid', `the checkpoint key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`, {
      key: '--key',
      fix: 'generate an Ed25519 key pair with `glasstrail ledger keygen`',
    });
  }
  return key;
}

/**
 * Write `<prefix>.key.pem` (PKCS8, 0600) and `<prefix>.pub.pem` (SPKI). Never overwrites:
 * both files are opened with `wx`, and a half-written pair is not left behind.
 */
export async function generateKeyPair(prefix: string): Promise<{ privatePath: string; publicPath: string; keyId: string }> {
  const privatePath = `${prefix}.key.pem`;
  const publicPath = `${prefix}.pub.pem`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  try {
    await makeDirs(dirname(privatePath), 0o700);
  } catch (error) {
    const code = errorCode(error);
    // A file where a folder of the prefix should be is a bad --out, like `report --out afile/sub`.
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new UsageError('key-folder-is-file', 'a part of the --out prefix is a file, not a folder', { where: dirname(privatePath), key: '--out', fix: 'choose a prefix inside a folder, e.g. --out keys/ledger' }, { cause: error });
    }
    throw error;
  }
  // Public first: if it exists we stop before creating the private key file.
  await writeNew(publicPath, publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644);
  try {
    await writeNew(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  } catch (error) {
    await rm(publicPath, { force: true });
    throw error;
  }
  return { privatePath, publicPath, keyId: keyIdOf(publicKey) };
}

async function writeNew(path: string, data: string, mode: number): Promise<void> {
  try {
    await writeFile(path, data, { flag: 'wx', mode });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw new UsageError('key-exists', 'file already exists; keygen never overwrites a key', { where: path, fix: 'choose another --out prefix or move the old key away' });
    }
    throw new UsageError('key-write-failed', `cannot write key file (${errorCode(error) ?? 'error'})`, { where: path, fix: 'check that the folder is writable' }, { cause: error });
  }
}
