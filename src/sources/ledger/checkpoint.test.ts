import { verify } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, LedgerError, UsageError } from '../../errors.ts';
import { chain, refJcs, sampleBodies, toText } from '../../../test/ledger/build.ts';
import { appendEntry } from './append.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { generateKeyPair, keyIdOf, loadPublicKeys } from './keys.ts';
import { readLedger } from './read.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-cp-'));
});

const NOW = Date.UTC(2026, 7, 1, 4, 5, 0);

async function setup(n = 4) {
  const ledgerPath = join(dir, 'ledger.jsonl');
  const checkpointsPath = join(dir, 'cps', 'checkpoints.jsonl');
  const objs = chain(sampleBodies(n));
  await writeFile(ledgerPath, toText(objs));
  const keys = await generateKeyPair(join(dir, 'keys', 'ledger'));
  const privateKeyPem = await readFile(keys.privatePath, 'utf8');
  return { ledgerPath, checkpointsPath, objs, keys, privateKeyPem };
}

describe('generateKeyPair', () => {
  it('writes PKCS8 (0600) and SPKI PEM files and returns the key id', async () => {
    const { privatePath, publicPath, keyId } = await generateKeyPair(join(dir, 'k'));
    expect(privatePath).toBe(join(dir, 'k.key.pem'));
    expect(publicPath).toBe(join(dir, 'k.pub.pem'));
    expect((await stat(privatePath)).mode & 0o777).toBe(0o600);
    expect(await readFile(privatePath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const pub = createPublicKey(await readFile(publicPath, 'utf8'));
    expect(pub.asymmetricKeyType).toBe('ed25519');
    expect(keyIdOf(pub)).toBe(keyId);
    expect(keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses to overwrite either file', async () => {
    await writeFile(join(dir, 'k.key.pem'), 'old');
    await expect(generateKeyPair(join(dir, 'k'))).rejects.toBeInstanceOf(UsageError);
    expect(await readFile(join(dir, 'k.key.pem'), 'utf8')).toBe('old');
    await expect(stat(join(dir, 'k.pub.pem'))).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'j.pub.pem'), 'old');
    await expect(generateKeyPair(join(dir, 'j'))).rejects.toThrow(/already exists/);
    expect(await readFile(join(dir, 'j.pub.pem'), 'utf8')).toBe('old');
  });
});

describe('writeCheckpoint', () => {
  it('signs size and head so that readLedger verifies and anchors the ledger', async () => {
    const { ledgerPath, checkpointsPath, objs, keys, privateKeyPem } = await setup();
    const result = await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW });
    expect(result).toEqual({ size: 4, head: objs[3]!.hash, keyId: keys.keyId });

    const line = JSON.parse((await readFile(checkpointsPath, 'utf8')).trimEnd()) as Record<string, unknown>;
    const { sig, ...body } = line;
    expect(body).toEqual({ schema: 'glasstrail.checkpoint/v1', size: 4, head: objs[3]!.hash, at: '2026-08-01T04:05:00Z', keyId: keys.keyId });
    const pub = createPublicKey(await readFile(keys.publicPath, 'utf8'));
    expect(verify(null, Buffer.from(refJcs(body)), pub, Buffer.from(sig as string, 'base64'))).toBe(true);

    await appendEntry(ledgerPath, { type: 'waiver.granted', at: '2026-08-02T00:00:00Z', waiver: 'W-1', gate: 'payments-main' });
    const read = await readLedger({ path: ledgerPath, checkpoints: checkpointsPath, publicKeys: [keys.publicPath] });
    expect(read.verification).toMatchObject({ ok: true, unanchored: 1, checkpoints: { count: 1, lastVerified: { size: 4, line: 1 } } });

    await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW + 1 });
    const again = await readLedger({ path: ledgerPath, checkpoints: checkpointsPath, publicKeys: [keys.publicPath] });
    expect(again.verification).toMatchObject({ ok: true, unanchored: 0, problems: [], checkpoints: { count: 2, lastVerified: { size: 5, at: '2026-08-01T04:05:00.001Z' } } });
  });

  it('refuses to sign a ledger that does not verify', async () => {
    const { ledgerPath, checkpointsPath, privateKeyPem } = await setup();
    const text = await readFile(ledgerPath, 'utf8');
    await writeFile(ledgerPath, text.replace('"reason":"done"', '"reason":"gone"'));
    const error = await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).exitCode).toBe(1);
    expect((error as LedgerError).message).toMatch(/ledger\.jsonl:2: hash/);
    expect(await readFile(checkpointsPath, 'utf8')).toBe('');
  });

  it('refuses to sign a ledger cut below an existing checkpoint', async () => {
    const { ledgerPath, checkpointsPath, objs, privateKeyPem } = await setup();
    await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW });
    await writeFile(ledgerPath, toText(objs.slice(0, 2)));
    await expect(writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW })).rejects.toThrow(/truncated/);
  });

  it('refuses to sign when a checkpoint by another configured key no longer matches (a rewrite with hashes recomputed)', async () => {
    const { ledgerPath, checkpointsPath, objs, privateKeyPem, keys } = await setup();
    const other = await generateKeyPair(join(dir, 'keys', 'other'));
    const otherPem = await readFile(other.privatePath, 'utf8');
    await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem: otherPem, now: NOW });
    // rewrite line 2 and recompute every hash: the chain is sound, only the other key's checkpoint can tell
    await writeFile(ledgerPath, toText(chain(sampleBodies(4).map((b, i) => (i === 1 ? { ...b, reason: 'nothing to see' } : b)))));
    expect((await readFile(ledgerPath, 'utf8')) === toText(objs)).toBe(false);
    const configured = await loadPublicKeys([keys.publicPath, other.publicPath]);
    const error = await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW, publicKeys: configured }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).message).toMatch(/checkpoint-head/);
    expect((await readFile(checkpointsPath, 'utf8')).trimEnd().split('\n')).toHaveLength(1);
    // a checkpoint by a key the config does not list stops it too (verify would fail on it)
    const unknown = await writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW }).catch((e: unknown) => e);
    expect((unknown as UsageError).message).toMatch(/checkpoint-unknown-key/);
  });

  it('refuses an empty ledger and a key that is not a private key', async () => {
    const { ledgerPath, checkpointsPath, keys, privateKeyPem } = await setup();
    await writeFile(ledgerPath, '');
    await expect(writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem, now: NOW })).rejects.toThrow(/empty/);
    const pubPem = await readFile(keys.publicPath, 'utf8');
    await expect(writeCheckpoint({ ledgerPath, checkpointsPath, privateKeyPem: pubPem, now: NOW })).rejects.toBeInstanceOf(UsageError);
  });
});

describe('readLedger', () => {
  it('throws ConfigError naming a missing ledger, checkpoints file or key', async () => {
    const { ledgerPath, keys } = await setup();
    const missing = join(dir, 'nope.jsonl');
    await expect(readLedger({ path: missing, publicKeys: [] })).rejects.toSatisfy((e) => e instanceof ConfigError && e.describe().includes(missing));
    await expect(readLedger({ path: ledgerPath, checkpoints: missing, publicKeys: [keys.publicPath] })).rejects.toBeInstanceOf(ConfigError);
    await expect(readLedger({ path: ledgerPath, publicKeys: [missing] })).rejects.toBeInstanceOf(ConfigError);
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, 'not a key');
    await expect(readLedger({ path: ledgerPath, publicKeys: [garbage] })).rejects.toThrow(/not a PEM public key/);
  });

  it('reports invalid UTF-8 as bad JSON on its line', async () => {
    const { ledgerPath } = await setup(3);
    const bytes = await readFile(ledgerPath);
    const second = bytes.indexOf(0x0a) + 1;
    const spoiled = Buffer.concat([bytes.subarray(0, second + 20), Buffer.from([0xff, 0xfe]), bytes.subarray(second + 20)]);
    await writeFile(ledgerPath, spoiled);
    const { verification } = await readLedger({ path: ledgerPath, publicKeys: [] });
    expect(verification.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'bad-json', line: 2, message: 'not valid UTF-8' }),
    ]);
  });
});

describe('loadPublicKeys', () => {
  it('refuses a private key listed as a public key', async () => {
    const keys = await generateKeyPair(join(dir, 'k'));
    const error = await loadPublicKeys([keys.privatePath]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('this is a private key; the config must only list public keys');
    expect((await loadPublicKeys([keys.publicPath])).has(keys.keyId)).toBe(true);
  });
});
