/** Markdown tables for the console and RESULTS.md. */
import type { CollectResult } from '../stages/collect.ts';
import type { PdfResult } from '../stages/pdf.ts';
import type { ReportTierResult } from '../stages/report.ts';
import { type Goal, growth } from './goals.ts';
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
    s(t.report.seconds),
    mb(t.report.peakRssMb),
    s(t.scan.seconds),
    mb(t.scan.peakRssMb),
    s(t.jq.seconds),
    mb(t.jq.peakRssMb),
    `${(t.report.seconds / t.scan.seconds).toFixed(2)}×`,
  ]);
  const main = table(
    ['events', 'audit lines', 'MB', 'grants', 'report s', 'report RSS MB', 'bare scan s', 'scan RSS MB', 'jq s', 'jq RSS MB', 'report ÷ scan'],
    rows,
  );
  const steps = growth(tiers, (t) => t.report.seconds);
  const scanSteps = growth(tiers, (t) => t.scan.seconds);
  const jqSteps = growth(tiers, (t) => t.jq.seconds);
  const linear = steps.length
    ? `\n\nTime per 10× events (linear ≈ 10×):\n\n${table(
        ['step', 'report', 'bare scan', 'jq'],
        steps.map((g, i) => [g.step, `${g.ratio.toFixed(2)}×`, `${scanSteps[i]?.ratio.toFixed(2) ?? '?'}×`, `${jqSteps[i]?.ratio.toFixed(2) ?? '?'}×`]),
      )}`
    : '';
  return `${main}${linear}`;
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
