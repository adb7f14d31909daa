/**
 * `kill -9` at seeded random points of a real `glasstrail report` on a copy of the demo, over a
 * previous report in the same folder, then a rerun: the out dir ends complete, matching
 * manifest.json, byte-identical to a clean run, with no temp files.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { outDirProblems, REPO, runCli, seeded, sha256, snapshot, spawnCli } from './harness.ts';

const Q3 = ['report', '--config', 'glasstrail.config.yaml', '--quarter', '2026-Q3', '--as-of', '2026-10-15T00:00:00Z', '--out', 'out'];
const GENERATED = ['--generated-at', '2026-10-15T00:00:00Z'];
const OLDER = ['--generated-at', '2026-10-01T00:00:00Z'];
const OUTPUTS = ['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'manifest.json', 'summary.md', 'uses.csv'];

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-rel-report-'));
  cpSync(join(REPO, 'fixtures/demo'), dir, { recursive: true });
  return dir;
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries([...snapshot(dir)].map(([path, bytes]) => [path, sha256(bytes)]));
}

let baseline: Record<string, string>;
let older: Record<string, string>;
let cleanMs: number;
/** One demo copy for every round, so only the kill differs between the runs compared. */
let dir: string;

beforeAll(async () => {
  dir = demoCopy();
  const first = await runCli([...Q3, ...OLDER], dir);
  expect(first.status).toBe(0);
  older = hashes(join(dir, 'out'));
  const started = Date.now();
  const clean = await runCli([...Q3, ...GENERATED], dir);
  cleanMs = Date.now() - started;
  expect(clean.stderr).toBe('');
  expect(clean.status).toBe(0);
  baseline = hashes(join(dir, 'out'));
});

describe('report killed with SIGKILL at random points, then rerun', () => {
  it('the clean run writes the fixed set of outputs, all matching manifest.json', () => {
    expect(Object.keys(baseline).sort()).toEqual(OUTPUTS);
    // a different --generated-at changes the evidence, so "old set" and "new set" are distinguishable
    expect(older['manifest.json']).not.toBe(baseline['manifest.json']);
  });

  it.each([11, 22, 33])('seed %i: killed over a previous report, the rerun restores a complete, identical set', async (seed) => {
    const random = seeded(seed);
    const out = join(dir, 'out');
    rmSync(out, { recursive: true, force: true });
    expect((await runCli([...Q3, ...OLDER], dir)).status).toBe(0);
    // Half the kill points anywhere, half in the last 40 % of the run, where the files are written.
    const share = seed % 2 === 0 ? random() : 0.6 + 0.4 * random();
    const delay = Math.floor(150 + share * cleanMs);
    const run = spawnCli([...Q3, ...GENERATED], dir);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
    const killed = await run.done;
    clearTimeout(timer);
    expect(killed.signal === 'SIGKILL' || killed.status === 0).toBe(true);
    // Whatever the kill left: every file present is whole (an old or a new version), never cut.
    const mid = hashes(out);
    for (const [name, hash] of Object.entries(mid)) {
      if (name.startsWith('.')) continue;
      expect([older[name], baseline[name]], `${name} after a kill at ${delay} ms`).toContain(hash);
    }
    const rerun = await runCli([...Q3, ...GENERATED], dir);
    expect(rerun.status).toBe(0);
    expect(outDirProblems(out)).toEqual([]);
    expect(hashes(out)).toEqual(baseline);
  });

  // The PDF once printed the ledger's absolute path (src/render/pdf/population.ts), so this failed.
  it('the same inputs in two folders give byte-identical outputs', async () => {
    const other = demoCopy();
    expect((await runCli([...Q3, ...GENERATED], other)).status).toBe(0);
    expect(hashes(join(other, 'out'))).toEqual(baseline);
  });

  it('a rerun removes the temp files a killed report left in the out dir', async () => {
    const out = join(dir, 'out');
    if (!existsSync(join(out, 'manifest.json'))) expect((await runCli([...Q3, ...GENERATED], dir)).status).toBe(0);
    // the pid of the killed writer: a process that no longer exists
    const dead = spawnCli(['--version'], dir);
    const pid = dead.child.pid!;
    await dead.done;
    const debris = join(out, `.evidence.pdf.${pid}.0123456789ab.tmp`);
    writeFileSync(debris, '%PDF-1.7\n% cut short', { mode: 0o600 });
    expect((await runCli([...Q3, ...GENERATED], dir)).status).toBe(0);
    expect(existsSync(debris)).toBe(false);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
  });
});
