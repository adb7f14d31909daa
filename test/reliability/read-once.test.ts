/**
 * The manifest hashes the bytes the evidence was built from. Each input the report verifies
 * (config, ledger, checkpoints, public key) is made a named pipe that can be read only once:
 * a second read for hashing, which could see an append that landed meanwhile (`ledger append`
 * runs concurrently by design), would block and time the report out.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, demoCopy, REPO } from '../e2e/helpers.ts';

const ONCE = ['glasstrail.config.yaml', 'ledger/breakglass.jsonl', 'ledger/checkpoints.jsonl', 'keys/ledger.pub.pem'];

describe('inputs are read once', () => {
  it('config, ledger, checkpoints and key can be pipes readable once; the manifest hashes what was read', () => {
    const dir = demoCopy();
    const script = [
      ...ONCE.map((f) => `mv ${f} ${f}.real && mkfifo ${f} && (cat ${f}.real > ${f} &)`),
      `exec "$NODE" "$BIN" report --quarter 2026-Q3 --as-of 2026-10-15T00:00:00Z --generated-at 2026-10-15T00:00:00Z --format json --out out`,
    ].join('\n');
    const r = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', NODE: process.execPath, BIN } });
    expect(r.error, 'the report blocked on a second read of a pipe').toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as { inputs: { path: string; sha256: string; bytes: number }[] };
    // the framework template that set every finding's control, named within the package
    const template = readFileSync(join(REPO, 'templates/soc2.yaml'));
    expect(manifest.inputs.find((i) => i.path === 'glasstrail:templates/soc2.yaml')).toEqual({
      path: 'glasstrail:templates/soc2.yaml', sha256: createHash('sha256').update(template).digest('hex'), bytes: template.length,
    });
    for (const f of ONCE) {
      const real = readFileSync(join(dir, `${f}.real`));
      expect(manifest.inputs.find((i) => i.path === f), f).toEqual({ path: f, sha256: createHash('sha256').update(real).digest('hex'), bytes: real.length });
    }
  });
});
