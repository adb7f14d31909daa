/** Gates: the metrics table, glass rate per gate, and the monthly trend. */
import type { Report } from '../../domain/report.ts';
import { daysCell, pctCell, rateCell } from '../format.ts';
import { barChart, trendChart } from './charts.ts';
import { asOfCut, count } from './format.ts';
import { table } from './table.ts';
import { COLORS, SIZES } from './theme.ts';
import { heading, paragraph, section, type Writer } from './writer.ts';

function gateName(report: Report, id: string): string {
  if (id === '*') return 'All gates';
  const gate = report.config.gates.find((g) => g.id === id);
  return gate ? `${gate.name} (${gate.id})` : id;
}

export function drawGates(w: Writer, report: Report): void {
  section(w, 'Gates and metrics');
  const { gates, trend } = report.metrics;
  paragraph(
    w,
    'Glass rate = sanctioned uses ÷ merges into the gate in the period, both counted by the as-of instant (n/a without merges). Reviewed % = completed reviews ÷ sanctioned uses; SLA met % = on-time reviews ÷ sanctioned uses whose review was due by the as-of instant. Review days: business days after the clock-start date up to and including the completion date, of completed reviews; the median and the 90th percentile (nearest rank). Repeat actors have three or more uses of the gate in the period, sanctioned or not; on the All gates row, anyone who is a repeat actor on some gate.' +
      (asOfCut(report) ? ` ${asOfCut(report)}` : ''),
    { size: SIZES.small + 0.5, color: COLORS.muted },
  );
  table(
    w,
    [
      { header: 'Gate', width: 2 },
      { header: 'Merges', width: 0.75, align: 'right' },
      { header: 'Sanc-\ntioned', width: 0.7, align: 'right' },
      { header: 'Unsanc-\ntioned', width: 0.8, align: 'right' },
      { header: 'Glass rate', width: 0.8, align: 'right' },
      { header: 'Reviewed %', width: 0.95, align: 'right' },
      { header: 'SLA met %', width: 0.85, align: 'right' },
      { header: 'Review days median, p90', width: 0.95, align: 'right' },
      { header: 'Repeat actors', width: 1.3 },
    ],
    gates.map((g) => [
      gateName(report, g.gate),
      count(g.merges),
      count(g.uses),
      count(g.unsanctioned),
      rateCell(g.glassRate) || 'n/a',
      pctCell(g.reviewedPct) || 'n/a',
      pctCell(g.slaMetPct) || 'n/a',
      g.medianReviewBusinessDays === null ? 'n/a' : `${daysCell(g.medianReviewBusinessDays)}, ${daysCell(g.p90ReviewBusinessDays)}`,
      g.repeatActors.join(', ') || '—',
    ]),
    {
      cell: (row, col) => {
        const g = gates[row];
        if (g?.gate === '*') return { style: 'bold', fill: COLORS.accentLight };
        if (col === 3 && (g?.unsanctioned ?? 0) > 0) return { color: COLORS.bad, style: 'bold' };
        return undefined;
      },
    },
  );

  const perGate = gates.filter((g) => g.gate !== '*');
  const bars = perGate.map((g) => ({ label: gateName(report, g.gate), short: g.gate === '*' ? 'All gates' : g.gate, value: g.glassRate }));
  // kept with the chart's first rows (a long chart continues on the next page)
  heading(w, 'Glass rate per gate', 2, 40 + Math.min(bars.length, 10) * 16);
  barChart(
    w,
    'Sanctioned uses per merge',
    bars,
    `Bar chart of glass rate per gate: ${bars.map((b) => `${b.label} ${b.value === null ? 'n/a' : rateCell(b.value)}`).join('; ')}.`,
  );

  heading(w, 'Monthly trend', 2, 210);
  trendChart(
    w,
    'Uses per month and glass rate',
    trend,
    `Monthly trend: ${trend.map((t) => `${t.month} ${t.uses} sanctioned, ${t.unsanctioned} unsanctioned, ${t.merges} merges, rate ${t.glassRate === null ? 'n/a' : rateCell(t.glassRate)}`).join('; ')}.`,
  );
  table(
    w,
    [
      { header: 'Month', width: 1 },
      { header: 'Sanctioned uses', width: 1, align: 'right' },
      { header: 'Unsanctioned uses', width: 1, align: 'right' },
      { header: 'Merges', width: 1, align: 'right' },
      { header: 'Glass rate', width: 1, align: 'right' },
    ],
    trend.map((t) => [t.month, count(t.uses), count(t.unsanctioned), count(t.merges), rateCell(t.glassRate) || 'n/a']),
  );
  paragraph(
    w,
    report.metrics.rising
      ? 'Trend: RISING — the glass rate rose month over month at least twice in a row.'
      : 'Trend: not rising — the glass rate did not rise month over month twice in a row.',
    { style: 'bold', color: report.metrics.rising ? COLORS.bad : COLORS.ink },
  );

  if (report.metrics.waiverAges.length > 0) {
    heading(w, 'Open waivers at as-of', 2);
    table(
      w,
      [
        { header: 'Waiver', width: 1.5 },
        { header: 'Gate', width: 1.5 },
        { header: 'Actor', width: 1.2 },
        { header: 'Age (days)', width: 1, align: 'right' },
      ],
      report.metrics.waiverAges.map((a) => [a.waiver, a.gate, a.actor ?? 'any', count(a.ageDays)]),
    );
  }
}
