import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../../src/sources/ledger/index.ts';

const WORKER = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
const PROCESSES = 8;
const PER_PROCESS = 50;

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('appendEntry under contention', () => {
  it(`${PROCESSES} processes × ${PER_PROCESS} appends give one valid chain with nothing lost`, async () => {
    const ledgerPath = join(await mkdtemp(join(tmpdir(), 'glasstrail-conc-')), 'ledger', 'breakglass.jsonl');
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, w) => run([ledgerPath, String(w), String(PER_PROCESS)])),
    );
    expect(results.map((r) => r.stderr)).toEqual(Array(PROCESSES).fill(''));
    expect(results.map((r) => r.code)).toEqual(Array(PROCESSES).fill(0));

    const read = await readLedger({ path: ledgerPath, publicKeys: [] });
    const total = PROCESSES * PER_PROCESS;
    expect(read.verification.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(read.verification.ok).toBe(true);
    expect(read.entries.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i));
    const waivers = read.entries.map((e) => (e.type === 'waiver.revoked' ? e.waiver : ''));
    const expected = Array.from({ length: PROCESSES }, (_, w) => Array.from({ length: PER_PROCESS }, (_, i) => `W-${w}-${i}`)).flat();
    expect([...waivers].sort()).toEqual([...expected].sort());
    // Each writer's own entries stay in its order.
    for (let w = 0; w < PROCESSES; w++) {
      const mine = waivers.filter((id) => id.startsWith(`W-${w}-`));
      expect(mine).toEqual(expected.filter((id) => id.startsWith(`W-${w}-`)));
    }
  });
});
