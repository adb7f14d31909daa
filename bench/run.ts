/**
 * `npm run bench`: performance benchmarks for the "Prove it" issue.
 *
 *   node bench/run.ts [--quick] [--only report|pdf|collect[,…]]
 *
 * Prints Markdown tables and writes bench/RESULTS.md (a full run) or
 * bench/out/RESULTS.partial.md (--quick or --only, so the recorded figures are not replaced
 * by a subset). Anything below the `<!-- notes -->` line of RESULTS.md is hand-written
 * analysis and is kept. Generated data lives in bench/out/ (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_OUT } from './gen/index.ts';
import { collectGoals, type Goal, pdfGoals, reportGoals } from './lib/goals.ts';
import { describeMachine } from './lib/machine.ts';
import { collectSection, goalsSection, growthSection, machineSection, pdfSection, reportSection } from './lib/markdown.ts';
import { COLLECT_SIZES } from './collect/data.ts';
import { benchCollect, LATENCY_MS } from './stages/collect.ts';
import { benchPdf, pdfBenchPresent } from './stages/pdf.ts';
import { benchReportTier, buildCli, COMBINED_AXIS, EVENT_AXIS, type ReportTierResult, type Tier, TIERS, USE_AXIS } from './stages/report.ts';

type Stage = 'report' | 'pdf' | 'collect';
const STAGES: readonly Stage[] = ['report', 'pdf', 'collect'];
const NOTES_MARKER = '<!-- notes -->';
const RESULTS = resolve(fileURLToPath(new URL('./RESULTS.md', import.meta.url)));

function parseStages(text: string | undefined): Stage[] {
  if (!text) return [...STAGES];
  const picked = text.split(',').map((s) => s.trim());
  for (const s of picked) {
    if (!STAGES.includes(s as Stage)) {
      process.stderr.write(`bench: unknown stage "${s}" (use ${STAGES.join(', ')})\n`);
      process.exit(2);
    }
  }
  return picked as Stage[];
}

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
const quick = values.quick === true;
const stages = parseStages(values.only);
const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const started = performance.now();
const machine = describeMachine();
const sections: string[] = [`## Machine\n\n${machineSection(machine)}`];
const goals: Goal[] = [];

if (stages.includes('report')) {
  const tiers = quick ? TIERS.slice(0, 1) : TIERS;
  buildCli(log);
  const byName = new Map<string, ReportTierResult>();
  // best of 3 for the small tiers, of 2 at 1M events (they dominate the runtime)
  for (const tier of tiers) byName.set(tier.name, await benchReportTier(tier, quick ? 1 : tier.events >= 1_000_000 ? 2 : 3, log));
  const axis = (list: readonly Tier[]): ReportTierResult[] => list.flatMap((t) => byName.get(t.name) ?? []);
  const axes = { events: axis(EVENT_AXIS), uses: axis(USE_AXIS), combined: axis(COMBINED_AXIS) };
  const growthText = (title: string, text: string): string => (text ? `\n\n${title}\n\n${text}` : '');
  sections.push(
    `## Report stage\n\n\`glasstrail report --quarter 2026-Q3 --format csv,json\` as a child process, the built CLI as the npm package runs it (\`node dist/cli.js\`, compiled from the current sources first) (best of ${quick ? '1 run' : '3 runs, 2 at 1M events'}; peak RSS the largest seen), beside jq selecting the bypass and restore actions and a bare Node script (plain JavaScript) that JSON.parses every line, on the same audit NDJSON files, and the same bare scan over every line-based file the report reads (audit log, ledger, Jira issues, merged PRs, rule suites). Each archive also holds the ledger, Jira issues and merged PRs of its grants. The issue's sizes are two axes, measured separately: **events** (10k → 100k → 1M audit events at 1k uses; the goals "at 1M events" are judged on its 1M tier), **uses** (1k → 10k → 50k at 1M events), and the **combined** tiers the bench first used (10k + 1k, 100k + 10k, 1M + 50k; 1M + 50k is the heaviest case).\n\n${reportSection([...byName.values()])}` +
      growthText('Events axis (1k uses), per step (linear ≈ the size factor):', growthSection(axes.events, 'events')) +
      growthText('Uses axis (1M events), per step:', growthSection(axes.uses, 'uses')),
  );
  goals.push(...reportGoals(axes));
}

if (stages.includes('pdf')) {
  const uses = quick ? 1_000 : 10_000;
  if (pdfBenchPresent()) {
    const pdf = await benchPdf(uses, quick ? 1 : 3, log);
    sections.push(`## PDF stage\n\nbench/pdf/run.ts: evidence.pdf for a synthetic report of ${uses} uses beside pdfkit's own \`doc.table\` drawing the same rows with the same cells (the uses.csv values the PDF's table of uses shows, in its 8 columns) (each in its own process; "render s" is measured inside it; ${pdf.runs === 1 ? '1 run' : `best of ${pdf.runs} runs, the two cases alternating`}, peak RSS the largest seen).\n\n${pdfSection(pdf)}`);
    goals.push(...pdfGoals(pdf));
  } else {
    sections.push('## PDF stage\n\nskipped: bench/pdf/run.ts is not there.');
  }
}

if (stages.includes('collect')) {
  const size = quick ? COLLECT_SIZES.quick : COLLECT_SIZES.full;
  const collect = await benchCollect(size, log);
  sections.push(`## Collection stage\n\n\`collectGithub\` + \`collectJira\` against test/fake-github and test/fake-jira with ${LATENCY_MS} ms added to every request (the GitHub fake's \`latencyMs\`; a delaying proxy in front of the Jira fake), a first run into an empty archive, then a rerun 15 minutes later with nothing new.\n\n${collectSection(collect, LATENCY_MS)}`);
  goals.push(...collectGoals(collect));
}

const seconds = (performance.now() - started) / 1000;
const body = `## Goals\n\n${goalsSection(goals)}\n\n${sections.join('\n\n')}\n`;
process.stdout.write(`${body}\nbench: ${seconds.toFixed(0)} s in all\n`);

const full = !quick && values.only === undefined;
const target = full ? RESULTS : join(BENCH_OUT, 'RESULTS.partial.md');
const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER)) : `${NOTES_MARKER}\n`;
const header = `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.ts${quick ? ' --quick' : ''}${values.only ? ` --only ${values.only}` : ''}) in ${seconds.toFixed(0)} s. Data sets are synthetic and deterministic (bench/gen, seeded PRNG), generated under bench/out/.\n\n`;
mkdirSync(join(target, '..'), { recursive: true });
writeFileSync(target, `${header}${body}\n${notes}`);
log(`wrote ${target}`);
