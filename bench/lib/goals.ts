/** The goals of the "Prove it" issue, judged on measured figures. */
import type { CollectResult } from '../stages/collect.ts';
import type { PdfResult } from '../stages/pdf.ts';
import type { ReportTierResult } from '../stages/report.ts';

export interface Goal {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export const REPORT_VS_SCAN = 1.5;
export const RSS_LIMIT_MB = 512;
/** Time per 10× more data: ≤ 11× counts as linear (10× plus 10 % noise). */
export const LINEAR_LIMIT = 11;
export const PDF_VS_BARE = 1.5;
export const COLLECT_VS_BOUND = 1.05;

/** t(bigger) / t(smaller) for consecutive tiers whose event counts differ 10×. */
export function growth(tiers: readonly ReportTierResult[], pick: (t: ReportTierResult) => number): { step: string; ratio: number }[] {
  const out: { step: string; ratio: number }[] = [];
  for (let i = 1; i < tiers.length; i++) {
    const [a, b] = [tiers[i - 1]!, tiers[i]!];
    if (b.tier.events !== a.tier.events * 10) continue;
    out.push({ step: `${a.tier.name} → ${b.tier.name}`, ratio: pick(b) / pick(a) });
  }
  return out;
}

export function reportGoals(tiers: readonly ReportTierResult[]): Goal[] {
  const largest = tiers.at(-1);
  if (!largest) return [];
  const goals: Goal[] = [];
  const ratio = largest.report.seconds / largest.scan.seconds;
  goals.push({
    name: `report (CSV + JSON) vs bare JSON.parse scan, ${largest.tier.name} events`,
    target: `≤ ${REPORT_VS_SCAN}×`,
    measured: `${ratio.toFixed(2)}× (${largest.report.seconds.toFixed(2)} s vs ${largest.scan.seconds.toFixed(2)} s)`,
    met: ratio <= REPORT_VS_SCAN,
  });
  const rss = largest.report.peakRssMb;
  goals.push({
    name: `report peak RSS, ${largest.tier.name} events`,
    target: `< ${RSS_LIMIT_MB} MB`,
    measured: rss === null ? 'unknown' : `${rss.toFixed(0)} MB`,
    met: rss !== null && rss < RSS_LIMIT_MB,
  });
  for (const g of growth(tiers, (t) => t.report.seconds)) {
    goals.push({ name: `report time growth ${g.step} (10× events)`, target: `≤ ${LINEAR_LIMIT}× (linear)`, measured: `${g.ratio.toFixed(2)}×`, met: g.ratio <= LINEAR_LIMIT });
  }
  return goals;
}

export function pdfGoals(pdf: PdfResult): Goal[] {
  const ratio = pdf.evidence.renderSeconds / pdf.bare.renderSeconds;
  return [{
    name: `evidence.pdf vs pdfkit bare table, ${pdf.uses} uses`,
    target: `≤ ${PDF_VS_BARE}×`,
    measured: `${ratio.toFixed(2)}× (${pdf.evidence.renderSeconds.toFixed(2)} s vs ${pdf.bare.renderSeconds.toFixed(2)} s)`,
    met: ratio <= PDF_VS_BARE,
  }];
}

export function collectGoals(c: CollectResult): Goal[] {
  const streams = Object.keys(c.lowerBound);
  const first = streams.reduce((n, s) => n + (c.first.requests[s] ?? 0), 0);
  const bound = streams.reduce((n, s) => n + (c.lowerBound[s] ?? 0), 0);
  const goals: Goal[] = [{
    name: 'collect requests vs lower bound, first run (all streams)',
    target: `≤ ${COLLECT_VS_BOUND}×`,
    measured: `${(first / bound).toFixed(3)}× (${first} vs ${bound})`,
    met: first <= bound * COLLECT_VS_BOUND,
  }];
  for (const s of streams) {
    const made = c.first.requests[s] ?? 0;
    const min = c.lowerBound[s] ?? 0;
    goals.push({ name: `collect ${s}, first run`, target: `≤ ${COLLECT_VS_BOUND}× of ${min}`, measured: `${made}`, met: made <= min * COLLECT_VS_BOUND });
  }
  for (const s of streams) {
    const made = c.rerun.requests[s] ?? 0;
    goals.push({ name: `collect ${s}, rerun with nothing new`, target: '≤ 1 request', measured: `${made}`, met: made <= 1 });
  }
  return goals;
}
