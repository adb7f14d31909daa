/**
 * "Page X of Y" on every page, written once the page count is known (bufferPages). The
 * bottom margin is lifted while writing so pdfkit does not think the footer overflows.
 */
import type { FontSet } from './fonts.ts';
import { drawLines, layoutText } from './text.ts';
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
    const leftLines = layoutText(doc, fonts, flag ? `${flag} · ${leftText}` : leftText, leftWidth, style).slice(0, 1);
    drawLines(doc, leftLines, MARGINS.left, y, leftWidth, { ...style, color: flag ? COLORS.bad : COLORS.muted });
    doc.endMarkedContent();
    page.margins.bottom = saved;
  }
  return range.count;
}
