import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, LedgerError, UsageError } from '../../errors.ts';
import { chain, grantOpened, refHash, sampleBodies, toText } from '../../../test/ledger/build.ts';
import { appendEntry } from './append.ts';
import { readLedger } from './read.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-append-'));
});

const closed = { type: 'grant.closed', at: '2026-07-01T15:10:00Z', grant: 'BG-1', reason: 'done' };

describe('appendEntry', () => {
  it('creates the ledger (0600, folder 0700) and chains entries from genesis', async () => {
    const path = join(dir, 'nested', 'ledger.jsonl');
    const first = await appendEntry(path, grantOpened({ grant: 'BG-1' }));
    const second = await appendEntry(path, closed);
    expect(first).toMatchObject({ seq: 0, line: 1 });
    expect(second).toMatchObject({ seq: 1, line: 2 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    const [a, b] = lines.slice(0, 2).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toMatchObject({ schema: 'glasstrail.ledger/v1', seq: 0, prev: `sha256:${'0'.repeat(64)}` });
    const { hash: hashA, ...restA } = a!;
    expect(hashA).toBe(refHash(restA));
    expect(first.hash).toBe(hashA);
    expect(b).toMatchObject({ seq: 1, prev: hashA, hash: second.hash });
    expect(Object.keys(b!)).toEqual(['schema', 'seq', 'type', 'at', 'grant', 'reason', 'prev', 'hash']);

    const read = await readLedger({ path, publicKeys: [] });
    expect(read.verification.ok).toBe(true);
    expect(read.entries.map((e) => e.seq)).toEqual([0, 1]);
  });

  it('continues an existing ledger, adding the missing final newline', async () => {
    const path = join(dir, 'ledger.jsonl');
    const objs = chain(sampleBodies(3));
    await writeFile(path, toText(objs).slice(0, -1));
    const result = await appendEntry(path, { ...closed, schema: 'glasstrail.ledger/v1', extra: { ticket: 7 } });
    expect(result).toMatchObject({ seq: 3, line: 4 });
    const read = await readLedger({ path, publicKeys: [] });
    expect(read.verification.ok).toBe(true);
    expect(read.verification.head).toBe(result.hash);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [1], /must be a JSON object/],
    ['seq given', { ...closed, seq: 4 }, /seq is filled in by glasstrail/],
    ['hash given', { ...closed, hash: 'sha256:00' }, /hash is filled in by glasstrail/],
    ['bad type', { ...closed, type: 'grant.paused' }, /type must be one of/],
    ['missing at', { type: 'grant.closed', grant: 'G', reason: 'r' }, /at is required/],
    ['at without offset', { ...closed, at: '2026-07-01 15:10' }, /at must be an RFC 3339 instant/],
    ['missing actor', grantOpened({ actor: undefined }), /actor is required/],
    ['wrong schema', { ...closed, schema: 'v0' }, /schema must be/],
    ['fractional number', { ...closed, cost: 0.5 }, /cost: numbers must be safe integers/],
    ['an extra field nested 200,000 levels deep', JSON.parse(`${JSON.stringify(closed).slice(0, -1)},"deep":${'['.repeat(200_000)}${']'.repeat(200_000)}}`), /nested more than 64 levels deep/],
  ])('rejects %s with a UsageError naming the field, writing nothing', async (_name, entry, message) => {
    const path = join(dir, 'ledger.jsonl');
    const error = await appendEntry(path, entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('a folder at ledger.path is a config error naming the key (as verify says), exit 2', async () => {
    const path = join(dir, 'ledger.jsonl');
    await mkdir(path);
    const error = await appendEntry(path, closed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).describe()).toBe(`${path} (ledger.path): is a folder, not a file\n  fix: point ledger.path at a file (it is created if missing)`);
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it.each([
    ['a bad last line', (t: string) => `${t}{"seq":3}\n`],
    ['a last line whose hash was edited', (t: string) => t.replace(/"hash":"sha256:[0-9a-f]{64}"\}\n$/, `"hash":"sha256:${'1'.repeat(64)}"}\n`)],
    ['a trailing blank line', (t: string) => `${t}\n`],
  ])('refuses to append after %s', async (_name, spoil) => {
    const path = join(dir, 'ledger.jsonl');
    const text = spoil(toText(chain(sampleBodies(3))));
    await writeFile(path, text);
    const error = await appendEntry(path, closed).catch((e: unknown) => e);
    // a ledger problem, exit 1 as `ledger verify` gives, not a usage error
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).exitCode).toBe(1);
    expect((error as LedgerError).describe()).toMatch(/ledger verify/);
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
