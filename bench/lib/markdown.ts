/** Markdown tables for the console and RESULTS.md. */
import type { CollectResult } from '../stages/collect.ts';
import type { PdfResult } from '../stages/pdf.ts';
import type { ReportTierResult } from '../stages/report.ts';
import { type Axis, type Goal, growth } from './goals.ts';
import type { Machine } from './machine.ts';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const s = (seconds: number): string => seconds.toFixed(2);
const mb = (value: number | null): string => (value === null ? '?' : value.toFixed(0));

export function machineSection(m: Machine): string {
  return table(['machine', ''], [
    ['CPU', m.cpu],
    ['cores', String(m.cores)],
    ['memory', `${m.memoryGb.toFixed(1)} GiB`],
    ['Node', m.node],
    ['jq', m.jq],
    ['peak RSS from', m.peakRss],
    ['date', m.date],
    ['load average at start (1 min)', m.load.toFixed(2)],
  ]);
}

export function reportSection(tiers: readonly ReportTierResult[]): string {
  const rows = tiers.map((t) => [
    t.tier.name,
    String(t.dataset.audit.lines),
    (t.dataset.audit.bytes / 1e6).toFixed(0),
    String(t.dataset.grants),
    String(t.dataset.ledgerEntries),
    s(t.report.seconds),
    mb(t.report.peakRssMb),
    s(t.scan.seconds),
    mb(t.scan.peakRssMb),
    s(t.jq.seconds),
    mb(t.jq.peakRssMb),
    `${(t.report.seconds / t.scan.seconds).toFixed(2)}×`,
    s(t.scanAll.seconds),
    `${(t.report.seconds / t.scanAll.seconds).toFixed(2)}×`,
  ]);
  return table(
    ['tier', 'audit lines', 'MB', 'grants', 'ledger entries', 'report s', 'report RSS MB', 'bare scan s', 'scan RSS MB', 'jq s', 'jq RSS MB', 'report ÷ scan', 'scan of every input s', 'report ÷ every-input scan'],
    rows,
  );
}

const x = (ratio: number | undefined): string => (ratio === undefined ? '?' : `${ratio.toFixed(2)}×`);

/** Growth along one axis: time (report and baselines) and peak RSS, beside the size factor. */
export function growthSection(tiers: readonly ReportTierResult[], axis: Axis): string {
  const steps = growth(tiers, axis, (t) => t.report.seconds);
  if (steps.length === 0) return '';
  const scan = growth(tiers, axis, (t) => t.scan.seconds);
  const jq = growth(tiers, axis, (t) => t.jq.seconds);
  const rss = growth(tiers, axis, (t) => t.report.peakRssMb ?? Number.NaN);
  // Per added use: the fixed cost of scanning the audit log cancels out, so this is the
  // per-use work alone; linear means it stays flat from one step to the next.
  const perUse = (g: (typeof steps)[number]) => `${((1000 * (g.b.report.seconds - g.a.report.seconds)) / (g.b.tier.uses - g.a.tier.uses)).toFixed(3)} ms`;
  return table(
    ['step', 'size ×', 'report time', 'report RSS', ...(axis === 'uses' ? ['report time per added use'] : ['bare scan', 'jq'])],
    steps.map((g, i) => [
      g.step,
      `${g.factor}×`,
      x(g.ratio),
      x(rss[i]?.ratio),
      ...(axis === 'uses' ? [perUse(g)] : [x(scan[i]?.ratio), x(jq[i]?.ratio)]),
    ]),
  );
}

export function pdfSection(p: PdfResult): string {
  const row = (name: string, c: PdfResult['evidence']) => [name, String(p.uses), s(c.renderSeconds), s(c.process.seconds), mb(c.process.peakRssMb), (c.bytes / 1e6).toFixed(2)];
  return table(['case', 'uses', 'render s', 'process wall s', 'peak RSS MB', 'PDF MB'], [row('evidence.pdf (glasstrail)', p.evidence), row('pdfkit bare table', p.bare)]);
}

export function collectSection(c: CollectResult, latencyMs: number): string {
  const streams = Object.keys(c.lowerBound);
  const rows = streams.map((st) => {
    const made = c.first.requests[st] ?? 0;
    const min = c.lowerBound[st] ?? 0;
    return [st, String(c.first.received[st] ?? 0), String(min), String(made), `${(made / min).toFixed(2)}×`, String(c.rerun.requests[st] ?? 0)];
  });
  const floor = (run: CollectResult['first']) => ((run.served.github + run.served.jira) * latencyMs) / 1000;
  return `${table(['stream', 'items', 'lower bound', 'first run requests', 'ratio', 'rerun requests'], rows)}

${table(['run', 'wall s', 'requests served (GitHub + Jira)', `latency floor (requests × ${latencyMs} ms, sequential)`], [
    ['first', s(c.first.seconds), `${c.first.served.github} + ${c.first.served.jira}`, s(floor(c.first))],
    ['rerun, nothing new', s(c.rerun.seconds), `${c.rerun.served.github} + ${c.rerun.served.jira}`, s(floor(c.rerun))],
  ])}`;
}

export function goalsSection(goals: readonly Goal[]): string {
  return table(['goal', 'target', 'measured', 'result'], goals.map((g) => [g.name, g.target, g.measured, g.met ? 'met' : '**not met**']));
}
