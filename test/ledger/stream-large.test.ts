/** The streaming reader (`readLedger`) against the text verifier on a ledger large enough to span many read chunks. */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedger, verifyLedgerText } from '../../src/sources/ledger/index.ts';
import { decodeLossy, invalidUtf8Lines } from '../../src/sources/ledger/lines.ts';
import { verifyLedger } from '../../src/sources/ledger/verify.ts';
import { chain, sampleBodies, toText } from './build.ts';

const ENTRIES = 20_000;

async function tempFile(bytes: Uint8Array | string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'glasstrail-stream-')), 'breakglass.jsonl');
  await writeFile(path, bytes);
  return path;
}

describe(`readLedger streams a ${ENTRIES}-entry ledger`, () => {
  const objs = chain(sampleBodies(ENTRIES));
  const text = toText(objs);

  it('with the same result as verifyLedgerText', async () => {
    expect(text.length).toBeGreaterThan(3 * (1 << 20)); // several 1 MiB chunks
    const path = await tempFile(text);
    const { files, ...streamed } = await readLedger({ path, publicKeys: [] });
    expect(streamed).toEqual(verifyLedgerText(text, path));
    // the digest of the bytes streamed, for the manifest
    expect(files).toEqual([{ path, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) }]);
    expect(streamed.verification.ok).toBe(true);
    expect(streamed.entries).toHaveLength(ENTRIES);
    expect(streamed.verification.head).toBe(objs.at(-1)!.hash);
  });

  it('with the same problems when lines are damaged (bad JSON, bad field, invalid UTF-8, edited, CRLF, BOM)', async () => {
    const lines = text.split('\n');
    lines[1] = `\ufeff${lines[1]}`.replace('"seq":1', '"seq":1,"extra":{"nested":[1,2]}'); // BOM inside: bad JSON
    lines[5_000] = lines[5_000]!.slice(0, -3);
    lines[9_998] = lines[9_998]!.replace('"scope":"gate"', '"scope":"everything"');
    lines[12_345] = lines[12_345]!.replace('BG-', 'BH-');
    lines[15_000] = `${lines[15_000]}\r`;
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(lines.slice(0, 17_000).join('\n')),
      Buffer.from([0x0a, 0xff, 0xfe, 0x0a]),
      Buffer.from(lines.slice(17_000).join('\n')),
    ]);
    const path = await tempFile(bytes);
    const { files, ...streamed } = await readLedger({ path, publicKeys: [] });
    expect(streamed).toEqual(verifyLedger({ text: decodeLossy(bytes), file: path, invalidUtf8: invalidUtf8Lines(bytes) }));
    expect(files?.[0]?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // After an unreadable line there is no stored hash to compare the next prev with, so no prev problem.
    // The closes of grants whose opening line was refused (5001, 9999) close no open grant, nor
    // does the renamed close on 12346: consistency warnings.
    expect(streamed.verification.problems.map((p) => `${p.line}:${p.code}`)).toEqual([
      '1:unanchored', '2:bad-json', '5001:bad-json', '5002:inconsistent', '9999:bad-field', '9999:hash', '10000:inconsistent',
      '12346:hash', '12346:inconsistent', '17001:bad-json',
    ]);
    // lines 2, 5001 and 9999 are refused; the edited line 12346 is still a (distrusted) entry
    expect(streamed.entries).toHaveLength(ENTRIES - 3);
  });

  it('reports a missing ledger as a configuration problem', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'glasstrail-stream-')), 'none.jsonl');
    await expect(readLedger({ path, publicKeys: [] })).rejects.toMatchObject({ name: 'ConfigError', message: expect.stringContaining('file not found') });
  });

  it('reports a directory as unreadable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'glasstrail-stream-'));
    await expect(readLedger({ path: dir, publicKeys: [] })).rejects.toMatchObject({ name: 'ConfigError', message: expect.stringContaining('EISDIR') });
  });
});
