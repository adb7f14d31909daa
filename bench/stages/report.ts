/**
 * Report stage: `glasstrail report --format csv,json` on synthetic archives of growing size,
 * beside baselines on the same NDJSON files: jq selecting the wanted actions, a bare Node scan
 * that JSON.parses every line, and that scan over every line-based input of the report.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/index.ts';
import { RESTORE_ACTIONS } from '../../src/archive/read.ts';
import { BENCH_OUT, type Dataset, generateDataset } from '../gen/index.ts';
import { AS_OF, PERIOD_START } from '../gen/plan.ts';
import { dayFileOutside } from '../../src/archive/inventory.ts';
import { measure, type Measured } from '../lib/measure.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/**
 * The built CLI, as the npm package runs it (`dist/`, compiled by `npm run build`). Run from a
 * checkout's TypeScript sources, Node also loads its type stripper on the main thread and on
 * each audit-log reader thread: about 30 MB more peak RSS and 0.3–0.5 s more at 1M events.
 */
const CLI = join(ROOT, 'dist', 'cli.js');
const SCAN = join(ROOT, 'bench', 'baseline', 'scan.mjs');

/** Compile `src/` into `dist/` (the CLI the report stage runs), so the figures are of the current sources. */
export function buildCli(log: (line: string) => void): void {
  const started = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  log(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export interface Tier {
  name: string;
  events: number;
  uses: number;
}

const tier = (events: number, uses: number): Tier => ({ name: `${short(events)} events, ${short(uses)} uses`, events, uses });

function short(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1_000 ? `${n / 1_000}k` : String(n);
}

/**
 * The issue names two sizes: audit events (10k, 100k, 1M) and uses (1k, 10k, 50k). Each is
 * measured as its own axis with the other held fixed, so a goal row says which one it is about:
 * - events, at 1k uses: how the report scales with the audit log (the goals "at 1M events");
 * - uses, at 1M events: how it scales with the ledger / Jira / per-use work;
 * - combined: both at once, the tiers the first version of the bench used (1M + 50k is the
 *   heaviest case, reported beside the goal rows so its misses stay visible).
 */
export const EVENT_AXIS: readonly Tier[] = [tier(10_000, 1_000), tier(100_000, 1_000), tier(1_000_000, 1_000)];
export const USE_AXIS: readonly Tier[] = [tier(1_000_000, 1_000), tier(1_000_000, 10_000), tier(1_000_000, 50_000)];
export const COMBINED_AXIS: readonly Tier[] = [tier(10_000, 1_000), tier(100_000, 10_000), tier(1_000_000, 50_000)];

/** Every tier once, smallest first. */
export const TIERS: readonly Tier[] = [...new Map([...EVENT_AXIS, ...USE_AXIS, ...COMBINED_AXIS].map((t) => [t.name, t])).values()].sort(
  (a, b) => a.events - b.events || a.uses - b.uses,
);

export interface ReportTierResult {
  tier: Tier;
  dataset: Dataset;
  /** best (shortest) of the runs; peak RSS is the largest seen over the runs */
  report: Measured;
  scan: Measured;
  jq: Measured;
  /**
   * The same bare scan over every line-based file the report reads (audit log, ledger, Jira
   * issues, merged PRs, rule suites): the floor for a naive tool when the uses grow too.
   */
  scanAll: Measured;
  runs: number;
}

/**
 * The baselines read the day files the report reads: those reaching into its window (the period
 * start less the 5-minute tolerance, to as-of). The report does not open the others.
 */
const WINDOW = { from: PERIOD_START - 5 * 60_000, to: Date.parse(AS_OF) + 1 };
const read = (key: string): boolean => !dayFileOutside(key, WINDOW);

/** The report's line-based inputs besides the audit log. */
function otherInputs(dataset: Dataset): string[] {
  const ndjson = (dir: string, keep: (f: string) => boolean = () => true): string[] =>
    readdirSync(dir).filter((f) => f.endsWith('.ndjson') && keep(f)).sort().map((f) => join(dir, f));
  return [
    join(dataset.dir, 'ledger', 'breakglass.jsonl'),
    join(dataset.archive, 'jira', 'issues.ndjson'),
    ...ndjson(join(dataset.archive, 'github', 'merges')),
    ...ndjson(join(dataset.archive, 'github', 'rule-suites'), (f) => read(`github/rule-suites/${f}`)),
  ];
}

/** jq's filter: the same actions the report keeps (bypass + restore). */
export function jqFilter(actions: readonly string[]): string {
  return `select(.action | IN(${actions.map((a) => JSON.stringify(a)).join(', ')}))`;
}

async function best(runs: number, once: () => Promise<Measured>): Promise<Measured> {
  let result: Measured | undefined;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const m = await once();
    if (m.exitCode !== 0) throw new Error(`exit ${m.exitCode}: ${m.stderrTail.trim()}`);
    peak = Math.max(peak, m.peakRssMb ?? 0);
    if (!result || m.seconds < result.seconds) result = m;
  }
  return { ...result!, peakRssMb: peak || null };
}

export async function benchReportTier(tier: Tier, runs: number, log: (line: string) => void): Promise<ReportTierResult> {
  const dataset = generateDataset({ events: tier.events, uses: tier.uses, seed: 'glasstrail' });
  log(`report ${tier.name}: dataset ${dataset.seconds ? `generated in ${dataset.seconds.toFixed(1)} s` : 'reused'} (${dataset.audit.lines} lines, ${(dataset.audit.bytes / 1e6).toFixed(0)} MB)`);
  const auditDir = join(dataset.archive, 'github', 'audit');
  const files = readdirSync(auditDir).filter((f) => f.endsWith('.ndjson') && read(`github/audit/${f}`)).sort().map((f) => join(auditDir, f));
  const out = join(BENCH_OUT, 'reports', tier.name);
  rmSync(out, { recursive: true, force: true });
  const reportArgs = [CLI, 'report', '--config', dataset.config, '--quarter', '2026-Q3', '--as-of', AS_OF, '--generated-at', AS_OF, '--format', 'csv,json', '--out', out];
  const report = await best(runs, () => measure(process.execPath, reportArgs, { cwd: dataset.dir }));
  log(`report ${tier.name}: glasstrail ${report.seconds.toFixed(2)} s`);
  const scan = await best(runs, () => measure(process.execPath, [SCAN, ...files]));
  log(`report ${tier.name}: bare scan ${scan.seconds.toFixed(2)} s`);
  const jq = await best(runs, () => measure('jq', ['-c', jqFilter([...DEFAULT_BYPASS_ACTIONS, ...RESTORE_ACTIONS]), ...files]));
  log(`report ${tier.name}: jq ${jq.seconds.toFixed(2)} s (${jq.stdoutLines} lines selected)`);
  const scanAll = await best(runs, () => measure(process.execPath, [SCAN, ...files, ...otherInputs(dataset)]));
  log(`report ${tier.name}: bare scan of every input ${scanAll.seconds.toFixed(2)} s`);
  return { tier, dataset, report, scan, jq, scanAll, runs };
}
