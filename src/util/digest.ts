/** SHA-256 and size of bytes as read, the form manifest.json lists every input in. */
import { hash } from 'node:crypto';
import type { FileDigest } from '../domain/config.ts';

/**
 * Hex SHA-256; a string is hashed as its UTF-8 bytes (what is written to disk). The one-shot
 * `crypto.hash` is about 4× faster than a `createHash` object per call: the ledger hashes every
 * entry, 95k of them at 50k uses.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

export function fileDigest(bytes: Uint8Array): FileDigest {
  return { sha256: sha256Hex(bytes), bytes: bytes.length };
}
