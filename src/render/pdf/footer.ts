/**
 * "Page X of Y" on every page, written once the page count is known (bufferPages). The
 * bottom margin is lifted while writing so pdfkit does not think the footer overflows.
 * `leftText` is ` · `-separated parts, the organization first: when it does not fit on one
 * line, the first part is shortened with "…", so the parts that identify the evidence (period,
 * evidence id, seed) stay on every page.
 */
import type { FontSet } from './fonts.ts';
import { drawLines, layoutText, type Line, type TextStyle } from './text.ts';
import { COLORS, SIZES } from './theme.ts';
import { MARGINS } from './writer.ts';

export function drawFooters(doc: PDFKit.PDFDocument, fonts: FontSet, leftText: string, flag?: string): number {
  const range = doc.bufferedPageRange();
  const style = { size: SIZES.footer, color: COLORS.muted };
  for (let i = range.start; i < range.start + range.count; i++) {
    const page = doc.switchToPage(i);
    const saved = page.margins.bottom;
    page.margins.bottom = 0;
    const width = page.width - MARGINS.left - MARGINS.right;
    const y = page.height - MARGINS.bottom + 22;
    const label = `Page ${i + 1} of ${range.count}`;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.moveTo(MARGINS.left, y - 6).lineTo(MARGINS.left + width, y - 6).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    const right = layoutText(doc, fonts, label, width, style);
    drawLines(doc, right, MARGINS.left, y, width, { ...style, align: 'right' });
    const leftWidth = width - (right[0]?.width ?? 0) - 20;
    const leftLines = fitOneLine(doc, fonts, flag ? `${flag} · ${leftText}` : leftText, flag ? 1 : 0, leftWidth, style);
    drawLines(doc, leftLines, MARGINS.left, y, leftWidth, { ...style, color: flag ? COLORS.bad : COLORS.muted });
    doc.endMarkedContent();
    page.margins.bottom = saved;
  }
  return range.count;
}

/** One line of ` · `-separated parts, part `shorten` cut short with "…" (by whole characters) until the line fits. */
function fitOneLine(doc: PDFKit.PDFDocument, fonts: FontSet, text: string, shorten: number, width: number, style: TextStyle): Line[] {
  const fits = (t: string) => {
    const lines = layoutText(doc, fonts, t, width, style);
    return lines.length === 1 ? lines : undefined;
  };
  const whole = fits(text);
  if (whole) return whole;
  const parts = text.split(' · ');
  const chars = [...(parts[shorten] ?? '')];
  const withPart = (n: number) => parts.map((p, i) => (i === shorten ? `${chars.slice(0, n).join('').trimEnd()}…` : p)).join(' · ');
  // the longest prefix of the part that fits
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(withPart(mid))) lo = mid;
    else hi = mid - 1;
  }
  return fits(withPart(lo)) ?? layoutText(doc, fonts, withPart(lo), width, style).slice(0, 1);
}
