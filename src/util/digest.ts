/** SHA-256 and size of bytes as read, the form manifest.json lists every input in. */
import { createHash } from 'node:crypto';
import type { FileDigest } from '../domain/config.ts';

/** Hex SHA-256; a string is hashed as its UTF-8 bytes (what is written to disk). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileDigest(bytes: Uint8Array): FileDigest {
  return { sha256: sha256Hex(bytes), bytes: bytes.length };
}
