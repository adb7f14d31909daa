// The auditor's re-performance: an independent oracle (test/oracle/oracle.mjs, written from
// CONTRACT §4–§9 and the README only) recomputes uses, findings, metrics, trend and the sample
// from the raw inputs, and must agree field by field with what the report writes — on the demo
// and on small archives built for the edges the demo lacks (README "Where the contract was
// silent" choices included: the oracle follows them where it had to pick).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, runReport } from '../../src/run/report.ts';
import { autoSampleSize, drawSample } from '../../src/sample/index.ts';
import type { PeriodArgs } from '../../src/time/index.ts';
import { compare } from './compare.mjs';
import { oracle } from './oracle.mjs';
import { buildScenario, scenarios } from './scenarios.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const DEMO = join(REPO, 'fixtures/demo/glasstrail.config.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'gt-oracle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = { now: Date.parse('2026-12-01T00:00:00Z'), env: {}, progress: () => {}, cwd: tmp };

function periodOf(args: readonly string[]): PeriodArgs {
  const out: PeriodArgs = {};
  for (let i = 0; i < args.length; i += 2) out[args[i]!.replace(/^--/, '') as keyof PeriodArgs] = args[i + 1];
  return out;
}

async function report(configFile: string, period: PeriodArgs, asOf: string, out: string, tz?: string): Promise<void> {
  await runReport({ configFile, period, asOf, tz, generatedAt: '2026-12-01T00:00:00Z', outDir: out, formats: ['csv', 'json'] }, run);
}

describe('independent oracle agrees with the report', () => {
  it.each([
    ['Q3', { quarter: '2026-Q3' }, '2026-07-01', '2026-10-01', '2026-10-15T00:00:00Z', undefined],
  ] as const)('demo %s', async (name, period, from, toExcl, asOf, tz) => {
    const out = join(tmp, 'demo-' + name.replaceAll(' ', '-'));
    await report(DEMO, period, asOf, out, tz);
    expect(compare({ configPath: DEMO, from, toExcl, asOf, out, tz })).toEqual([]);
  });

  it('demo sample: src/sample over the population of the Q3 report, auto size and a fixed size', async () => {
    const r = await buildReport({ configFile: DEMO, period: { quarter: '2026-Q3' }, asOf: '2026-10-15T00:00:00Z', generatedAt: '2026-12-01T00:00:00Z' }, run);
    const ids = r.uses.map((u) => u.id);
    for (const size of ['auto', '5']) {
      const o = oracle({ configPath: DEMO, from: '2026-07-01', toExcl: '2026-10-01', asOf: '2026-10-15T00:00:00Z', seed: 'FY26 Q3 ☃', size });
      const draw = drawSample(ids, 'FY26 Q3 ☃', size === 'auto' ? autoSampleSize(ids.length) : Number(size));
      expect(draw.populationHash).toBe(o.sample!.populationHash);
      expect(draw.picks.map((p) => [p.rank, p.useId, p.key])).toEqual(o.sample!.rows.map((p) => [p.rank, p.use_id, p.key]));
    }
  });

  it.each(Object.keys(scenarios))('edge archive %s', async (name) => {
    const s = scenarios[name]!;
    const dir = join(tmp, name);
    buildScenario(name, dir);
    const configPath = join(dir, 'glasstrail.config.yaml');
    await report(configPath, periodOf(s.period), s.asOf, join(dir, 'out'));
    expect(compare({ configPath, from: s.from, toExcl: s.toExcl, asOf: s.asOf, out: join(dir, 'out') })).toEqual([]);
  });
});
