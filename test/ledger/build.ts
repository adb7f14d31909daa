/**
 * Test-side ledger builder. Hashes and signatures are computed here with an *independent*
 * RFC 8785 implementation, so the tests cross-check src/sources/ledger rather than reuse it.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * Minimal JCS: object keys sorted by UTF-16 code units (JS `<` on strings), strings and
 * numbers via JSON.stringify (which is the ECMAScript number serialisation RFC 8785 uses).
 */
export function refJcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(refJcs).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${refJcs(obj[k])}`).join(',')}}`;
}

export function refHash(obj: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(refJcs(obj)).digest('hex')}`;
}

export const GENESIS = `sha256:${'0'.repeat(64)}`;

export type Body = Record<string, unknown>;

let counter = 0;
export function grantOpened(extra: Body = {}): Body {
  counter++;
  return {
    type: 'grant.opened',
    at: '2026-07-01T13:40:00Z',
    grant: `BG-${counter}`,
    actor: 'alice',
    gate: 'payments-main',
    scope: 'gate',
    expiresAt: '2026-07-01T17:40:00Z',
    justification: 'hotfix',
    incident: 'INC-1',
    review: 'BGR-1',
    ...extra,
  };
}

/** Chain bodies into full ledger objects (schema, seq, prev, hash filled). */
export function chain(bodies: Body[]): Body[] {
  let prev = GENESIS;
  return bodies.map((body, seq) => {
    const obj: Body = { schema: 'glasstrail.ledger/v1', seq, ...body, prev };
    const full = { ...obj, hash: refHash(obj) };
    prev = full.hash as string;
    return full;
  });
}

export function toText(objs: Body[]): string {
  return objs.map((o) => `${JSON.stringify(o)}\n`).join('');
}

/** Grants opened and each closed on the next line: a consistent ledger (consistency.ts warns about nothing). */
export function sampleBodies(n: number): Body[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? grantOpened({ at: `2026-07-0${1 + (i % 9)}T10:00:00Z`, grant: `BG-x${i}` })
      : { type: 'grant.closed', at: '2026-07-09T12:00:00Z', grant: `BG-x${i - 1}`, reason: 'done' },
  );
}

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function makeKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, keyId: `sha256:${createHash('sha256').update(der).digest('hex')}` };
}

/** A checkpoint over the first `size` entries of `objs`, signed with `key`. */
export function checkpoint(objs: Body[], size: number, key: TestKey, overrides: Body = {}): Body {
  const body: Body = {
    schema: 'glasstrail.checkpoint/v1',
    size,
    head: objs[size - 1]?.hash,
    at: '2026-08-01T00:00:00Z',
    keyId: key.keyId,
    ...overrides,
  };
  return { ...body, sig: sign(null, Buffer.from(refJcs(body)), key.privateKey).toString('base64') };
}
