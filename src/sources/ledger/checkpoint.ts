import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { CHECKPOINT_SCHEMA } from '../../domain/ledger.ts';
import { ConfigError, LedgerError, UsageError } from '../../errors.ts';
import { jcs } from './hash.ts';
import { keyIdOf, parsePrivateKey } from './keys.ts';
import { decodeLossy, invalidUtf8Lines } from './lines.ts';
import { appendDurably, ensureFile, withLock } from './lock.ts';
import { formatRfc3339Utc } from './rfc3339.ts';
import { verifyLedger } from './verify.ts';

async function readLedgerBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ConfigError('ledger-missing', 'ledger file not found or unreadable', { where: path, key: 'ledger.path', fix: 'check ledger.path in the config' }, { cause: error });
  }
}

/**
 * Sign the ledger's current size and head and append that checkpoint. Refuses when the
 * ledger does not verify exactly as `ledger verify` would see it: with every configured
 * public key (`publicKeys`, plus this key's own), so a checkpoint by another key that no
 * longer matches, or one by a key the config lacks, stops it. Signing over such a break
 * would vouch for a rewritten history once the other key is rotated out.
 * Holds the ledger lock throughout so no append lands between verifying and signing.
 */
export async function writeCheckpoint(opts: {
  ledgerPath: string;
  checkpointsPath: string;
  privateKeyPem: string;
  now: number;
  /** the configured public keys by key id */
  publicKeys?: ReadonlyMap<string, KeyObject>;
}): Promise<{ size: number; head: string; keyId: string }> {
  const privateKey = parsePrivateKey(opts.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  await readLedgerBytes(opts.ledgerPath);
  return withLock(opts.ledgerPath, async () => {
    await ensureFile(opts.checkpointsPath, 'ledger.checkpoints');
    return withLock(opts.checkpointsPath, async () => {
      const ledgerBytes = await readLedgerBytes(opts.ledgerPath);
      const fh = await open(opts.checkpointsPath, 'a+');
      try {
        const cpBytes = await fh.readFile();
        const cpText = decodeLossy(cpBytes);
        const { verification } = verifyLedger({
          text: decodeLossy(ledgerBytes),
          file: opts.ledgerPath,
          invalidUtf8: invalidUtf8Lines(ledgerBytes),
          checkpoints: { text: cpText, file: opts.checkpointsPath, invalidUtf8: invalidUtf8Lines(cpBytes) },
          keys: new Map([...(opts.publicKeys ?? []), [keyId, publicKey]]),
        });
        const blocking = verification.problems.filter((p) => p.severity === 'error');
        const first = blocking[0];
        if (first) {
          throw new LedgerError(
            'ledger-not-verified',
            `the ledger does not verify (${blocking.length} problem(s), first ${first.file}:${first.line}: ${first.code}: ${first.message}); not signing it`,
            { where: opts.ledgerPath, fix: 'run `glasstrail ledger verify` and resolve the problems first' },
          );
        }
        if (verification.head === null || verification.lines === 0) {
          throw new UsageError('ledger-empty', 'the ledger is empty; there is nothing to checkpoint', { where: opts.ledgerPath, fix: 'append an entry first' });
        }
        const body = { schema: CHECKPOINT_SCHEMA, size: verification.lines, head: verification.head, at: formatRfc3339Utc(opts.now), keyId };
        const sig = sign(null, Buffer.from(jcs(body)), privateKey).toString('base64');
        const separator = cpText === '' || cpText.endsWith('\n') ? '' : '\n';
        await appendDurably(fh, `${separator}${JSON.stringify({ ...body, sig })}\n`);
        return { size: body.size, head: body.head, keyId };
      } finally {
        await fh.close();
      }
    });
  });
}
