/**
 * Checkpoints: signed statements "the ledger had `size` entries and the last one hashed to
 * `head`". They are what catches a rewrite that recomputed every hash, and a truncation.
 */
import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { LedgerProblem, LedgerProblemCode, VerifiedCheckpoint } from '../../domain/ledger.ts';
import { jcs, omitKey, unhashableReason } from './hash.ts';
import { parseObjectLine, splitLines } from './lines.ts';
import { checkpointIssues } from './schema.ts';
import type { CheckpointLine } from './schema.ts';
import type { ChainResult } from './verify-chain.ts';

/** A failed checkpoint; `size` is what it claims to cover (Infinity when unreadable). */
export interface CheckpointFailure {
  problem: LedgerProblem;
  size: number;
}

export interface CheckpointResult {
  count: number;
  verified: VerifiedCheckpoint[];
  failures: CheckpointFailure[];
}

/** An Ed25519 signature is 64 bytes: 88 base64 characters, padded. */
const SIG_PATTERN = /^[A-Za-z0-9+/]{86}==$/;

/** True iff `sig` is a valid Ed25519 signature by `key` over the JCS of `obj` without `sig`. */
export function checkSignature(obj: Record<string, unknown>, key: KeyObject): boolean {
  const sig = obj.sig;
  if (typeof sig !== 'string' || !SIG_PATTERN.test(sig)) return false;
  try {
    return verify(null, Buffer.from(jcs(omitKey(obj, 'sig'))), key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}

export function verifyCheckpoints(
  text: string,
  file: string,
  keys: ReadonlyMap<string, KeyObject>,
  chain: ChainResult,
  invalidUtf8: ReadonlySet<number> = new Set(),
): CheckpointResult {
  const result: CheckpointResult = { count: 0, verified: [], failures: [] };
  const fail = (code: LedgerProblemCode, line: number, message: string, size = Number.POSITIVE_INFINITY): void => {
    result.failures.push({ problem: { code, severity: 'error', file, line, message }, size });
  };
  for (const { line, text: lineText } of splitLines(text)) {
    result.count++;
    if (invalidUtf8.has(line)) {
      fail('checkpoint-bad', line, 'not valid UTF-8');
      continue;
    }
    const parsed = parseObjectLine(lineText);
    if ('error' in parsed) {
      fail('checkpoint-bad', line, parsed.error);
      continue;
    }
    const { obj } = parsed;
    const issues = [unhashableReason(obj), ...checkpointIssues(obj)].filter((issue) => issue !== undefined);
    if (issues.length > 0) {
      fail('checkpoint-bad', line, issues.join('; '));
      continue;
    }
    const checkpoint = obj as CheckpointLine;
    const { size, head, keyId } = checkpoint;
    const key = keys.get(keyId);
    if (!key) {
      fail('checkpoint-unknown-key', line, `signed by key ${keyId}, which is not among the configured ledger.publicKeys`, size);
      continue;
    }
    if (!checkSignature(obj, key)) {
      fail('checkpoint-signature', line, `signature does not verify with key ${keyId}`, size);
      continue;
    }
    if (size > chain.lines) {
      fail('truncated', line, `the ledger is truncated: it has ${chain.lines} entries but checkpoint at line ${line} covers ${size}`, size);
      continue;
    }
    const entry = chain.bySeq.get(size - 1);
    if (!entry) {
      fail('checkpoint-head', line, `the ledger has no entry with seq ${size - 1} to compare with this checkpoint's head`, size);
      continue;
    }
    if (entry.hash !== head) {
      fail('checkpoint-head', line, `head ${head} does not match the hash of seq ${size - 1} (ledger line ${entry.line}): entries up to it were rewritten`, size);
      continue;
    }
    result.verified.push({ size, head, at: checkpoint.at, keyId, line });
  }
  return result;
}
