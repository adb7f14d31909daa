/** Vector charts, each one tagged `Figure` with alt text that states the plotted values. */
import type { MonthTrend } from '../../domain/report.ts';
import { rateCell } from '../format.ts';
import { drawLines, layoutText, type TextStyle } from './text.ts';
import { COLORS, SIZES } from './theme.ts';
import { bottom, contentWidth, ensure, left, MARGINS, tagged, type Writer } from './writer.ts';

export interface Bar {
  label: string;
  /** drawn instead when `label` does not fit on one line (e.g. the gate id alone), so no label is cut into ambiguity */
  short?: string;
  value: number | null;
}

function label(w: Writer, text: string, x: number, y: number, width: number, style: TextStyle): void {
  drawLines(w.doc, layoutText(w.doc, w.fonts, text, width, style).slice(0, 1), x, y, width, style);
}

/** A "nice" axis maximum (1, 2, 2.5, 5 × 10^n) at or above `value`. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

/** An axis maximum for counts whose four ticks are whole numbers. */
export function countMax(value: number): number {
  const step = niceMax(Math.max(1, Math.ceil(value / 4)));
  return 4 * Math.ceil(step);
}

const BAR_ROW = 16;

/**
 * Horizontal bars, one per gate; `null` values are drawn as "n/a" (no merges). More bars than a
 * page holds continue on the next page, on the same scale, as "(continued)" figures.
 */
export function barChart(w: Writer, title: string, bars: readonly Bar[], alt: string): void {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const rowsFitting = () => Math.floor((bottom(w) - w.y - 44) / BAR_ROW);
  let i = 0;
  do {
    const left = bars.length - i;
    // at least three rows (or what is left) under the title, else start on the next page
    if (rowsFitting() < Math.min(3, Math.max(1, left))) ensure(w, bottom(w) - MARGINS.top);
    const n = Math.max(1, Math.min(left, rowsFitting()));
    const first = i === 0;
    barChartPart(w, first ? title : `${title} (continued)`, bars.slice(i, i + n), max, first ? alt : `${title} (continued); the values are in the first part's description.`);
    i += n;
  } while (i < bars.length);
}

function barChartPart(w: Writer, title: string, bars: readonly Bar[], max: number, alt: string): void {
  const { doc } = w;
  const rowH = BAR_ROW;
  const height = 22 + bars.length * rowH + 22;
  ensure(w, height);
  const x0 = left(w);
  const width = contentWidth(w);
  const labelW = Math.min(170, width * 0.3);
  const valueW = 50;
  const barX = x0 + labelW + 6;
  const barW = width - labelW - valueW - 12;
  const top = w.y;
  const small: TextStyle = { size: SIZES.small, color: COLORS.muted };
  tagged(
    w,
    'Figure',
    () => {
      label(w, title, x0, top, width, { size: SIZES.h3, style: 'bold', color: COLORS.ink });
      const plotTop = top + 20;
      const plotBottom = plotTop + bars.length * rowH;
      doc.save();
      for (let i = 0; i <= 4; i++) {
        const gx = barX + (barW * i) / 4;
        doc.moveTo(gx, plotTop - 2).lineTo(gx, plotBottom).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
        label(w, rateCell((max * i) / 4), gx - 25, plotBottom + 3, 50, { ...small, align: 'center' });
      }
      bars.forEach((b, i) => {
        const y = plotTop + i * rowH;
        const style: TextStyle = { size: SIZES.table, color: COLORS.ink, align: 'right' };
        const fits = layoutText(w.doc, w.fonts, b.label, labelW, style).length === 1;
        label(w, fits || b.short === undefined ? b.label : b.short, x0, y + 2, labelW, style);
        if (b.value !== null) {
          const bw = Math.max(b.value > 0 ? 1 : 0, (b.value / max) * barW);
          if (bw > 0) doc.rect(barX, y + 3, bw, rowH - 6).fill(COLORS.sanctioned);
        }
        label(w, b.value === null ? 'n/a' : rateCell(b.value), barX + barW + 6, y + 2, valueW, { size: SIZES.table, color: COLORS.ink });
      });
      doc.moveTo(barX, plotTop - 2).lineTo(barX, plotBottom).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
      doc.restore();
    },
    { alt },
  );
  w.y = top + height + 8;
}

/** Stacked monthly bars (sanctioned, unsanctioned) with the glass rate as a line on a right axis. */
export function trendChart(w: Writer, title: string, trend: readonly MonthTrend[], alt: string): void {
  const { doc } = w;
  const height = 200;
  ensure(w, height);
  const x0 = left(w);
  const width = contentWidth(w);
  const top = w.y;
  const plotTop = top + 38;
  const plotBottom = top + height - 24;
  const plotLeft = x0 + 34;
  const plotRight = x0 + width - 40;
  const plotH = plotBottom - plotTop;
  const maxUses = countMax(Math.max(1, ...trend.map((t) => t.uses + t.unsanctioned)));
  const maxRate = niceMax(Math.max(0, ...trend.map((t) => t.glassRate ?? 0)));
  const slot = (plotRight - plotLeft) / Math.max(1, trend.length);
  const barW = Math.min(46, slot * 0.5);
  const small: TextStyle = { size: SIZES.small, color: COLORS.muted };
  // month labels that do not fit their slot (a long period) go on every n-th month, whole, not cut
  const monthW = Math.max(0, ...trend.map((t) => layoutText(doc, w.fonts, t.month, Infinity, small)[0]?.width ?? 0)) + 4;
  const every = Math.max(1, Math.ceil(monthW / slot));
  tagged(
    w,
    'Figure',
    () => {
      label(w, title, x0, top, width, { size: SIZES.h3, style: 'bold', color: COLORS.ink });
      // legend
      const legend: [string, string][] = [
        [COLORS.sanctioned, 'Sanctioned uses'],
        [COLORS.unsanctioned, 'Unsanctioned uses'],
        [COLORS.rate, 'Glass rate (right axis)'],
      ];
      let lx = x0;
      doc.save();
      for (const [color, text] of legend) {
        doc.rect(lx, top + 19, 8, 8).fill(color);
        label(w, text, lx + 11, top + 17, 120, small);
        lx += 130;
      }
      for (let i = 0; i <= 4; i++) {
        const gy = plotBottom - (plotH * i) / 4;
        doc.moveTo(plotLeft, gy).lineTo(plotRight, gy).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
        label(w, String((maxUses * i) / 4), x0, gy - 4, 30, { ...small, align: 'right' });
        label(w, rateCell((maxRate * i) / 4), plotRight + 4, gy - 4, 40, small);
      }
      const points: [number, number][] = [];
      trend.forEach((t, i) => {
        const cx = plotLeft + slot * (i + 0.5);
        const hs = (t.uses / maxUses) * plotH;
        const hu = (t.unsanctioned / maxUses) * plotH;
        if (hs > 0) doc.rect(cx - barW / 2, plotBottom - hs, barW, hs).fill(COLORS.sanctioned);
        if (hu > 0) doc.rect(cx - barW / 2, plotBottom - hs - hu, barW, hu).fill(COLORS.unsanctioned);
        if (i % every === 0) label(w, t.month, cx - Math.max(slot, monthW) / 2, plotBottom + 4, Math.max(slot, monthW), { ...small, align: 'center' });
        if (t.glassRate !== null) points.push([cx, plotBottom - (t.glassRate / maxRate) * plotH]);
      });
      if (points.length > 0) {
        const [first, ...rest] = points;
        if (first) {
          doc.moveTo(first[0], first[1]);
          for (const [px, py] of rest) doc.lineTo(px, py);
          doc.lineWidth(1.6).strokeColor(COLORS.rate).stroke();
        }
        for (const [px, py] of points) doc.circle(px, py, 2.4).fill(COLORS.rate);
      }
      doc.moveTo(plotLeft, plotBottom).lineTo(plotRight, plotBottom).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
      doc.restore();
    },
    { alt },
  );
  w.y = top + height + 8;
}
