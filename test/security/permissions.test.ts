/**
 * Archive and ledger files are created owner-only (files 0600, folders 0700) by `collect`,
 * `ledger append` and `ledger keygen` (private key 0600). The CLI runs under umask 000, so the
 * modes seen are the product's own choice, not the umask's.
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectArgs, ENV, type Fakes, modes, runCli, startFakes, workDir } from '../reliability/harness.ts';

const OPEN = '000';
const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/** Entries whose mode is not owner-only. */
function loose(dir: string): string[] {
  return modes(dir)
    .filter((m) => m.mode !== (m.dir ? 0o700 : 0o600))
    .map((m) => `${m.path} ${octal(m.mode)}`);
}

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes?.close();
});

const ENTRY = JSON.stringify({
  type: 'grant.opened', at: '2026-07-06T14:02:00Z', grant: 'BG-1', actor: 'alice', gate: 'payments-main', scope: 'gate',
  expiresAt: '2026-07-06T18:02:00Z', justification: 'hotfix', incident: 'INC-1', review: 'BGR-1',
});

function ledgerConfig(dir: string): void {
  writeFileSync(join(dir, 'glasstrail.config.yaml'), 'organization: Acme\ntimezone: UTC\nledger:\n  path: ./private/ledger/breakglass.jsonl\n');
}

describe('owner-only permissions', () => {
  it('collect: every archive file 0600, every archive folder 0700', async () => {
    const dir = workDir(fakes, 'gt-sec-perm-');
    const run = await runCli(collectArgs(fakes.window), dir, ENV, 60_000, OPEN);
    expect(run.status, run.stderr).toBe(0);
    expect(modes(join(dir, 'archive')).length).toBeGreaterThan(10);
    expect(loose(join(dir, 'archive'))).toEqual([]);
  });

  it('ledger keygen: the private key is 0600 and a new folder 0700', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-sec-perm-'));
    const run = await runCli(['ledger', 'keygen', '--out', 'keys/ledger'], dir, {}, 30_000, OPEN);
    expect(run.status, run.stderr).toBe(0);
    expect(octal(statSync(join(dir, 'keys/ledger.key.pem')).mode & 0o777)).toBe('0600');
    expect(octal(statSync(join(dir, 'keys')).mode & 0o777)).toBe('0700');
    // the public key is meant to be shared; it only must not be writable by others
    expect(statSync(join(dir, 'keys/ledger.pub.pem')).mode & 0o022).toBe(0);
  });

  it('ledger append: a new ledger folder is 0700, the ledger 0600, no lock left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-sec-perm-'));
    ledgerConfig(dir);
    const run = await runCli(['ledger', 'append', '--json', 'entry.json'], dir, {}, 30_000, OPEN).catch(() => undefined);
    writeFileSync(join(dir, 'entry.json'), ENTRY);
    const appended = await runCli(['ledger', 'append', '--json', 'entry.json'], dir, {}, 30_000, OPEN);
    expect(run?.status).toBe(2); // entry.json did not exist yet: a usage error, nothing created
    expect(appended.status, appended.stderr).toBe(0);
    expect(modes(join(dir, 'private')).map((m) => m.path).sort()).toEqual(['.', 'ledger', 'ledger/breakglass.jsonl']);
    expect(loose(join(dir, 'private'))).toEqual([]);
  });

  it('ledger append: the new ledger file is 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gt-sec-perm-'));
    ledgerConfig(dir);
    writeFileSync(join(dir, 'entry.json'), ENTRY);
    const run = await runCli(['ledger', 'append', '--json', 'entry.json'], dir, {}, 30_000, OPEN);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'private/ledger/breakglass.jsonl'))).toBe(true);
    expect(octal(statSync(join(dir, 'private/ledger/breakglass.jsonl')).mode & 0o777)).toBe('0600');
  });
});
