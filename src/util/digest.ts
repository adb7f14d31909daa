/** SHA-256 and size of bytes as read, the form manifest.json lists every input in. */
import { createHash } from 'node:crypto';
import type { FileDigest } from '../domain/config.ts';

export function fileDigest(bytes: Uint8Array): FileDigest {
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}
