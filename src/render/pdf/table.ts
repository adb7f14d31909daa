/**
 * Tables drawn row by row: pdfkit's `doc.table` repeats no header on a new page, and we want
 * exact row heights up front. The first header is tagged `TH`; the copies on later pages are
 * artifacts so the tag tree holds each header once.
 */
import type { FontStyle } from './fonts.ts';
import { drawLines, layoutText, lineHeight, type Line, type TextStyle, widestWord } from './text.ts';
import { COLORS, SIZES } from './theme.ts';
import { addPage, artifact, bottom, contentWidth, left, MARGINS, type Writer } from './writer.ts';

export interface Column {
  header: string;
  /** relative weight; the table fills the content width */
  width: number;
  align?: 'left' | 'right' | 'center';
  style?: FontStyle;
  /**
   * Ids: the font shrinks, down to this size, so that the cell's longest word fits its width
   * rather than being broken (a broken id cannot be found by searching the PDF).
   */
  fit?: number;
}

export interface CellStyle {
  color?: string;
  size?: number;
  style?: FontStyle;
  fill?: string;
}

export interface TableOptions {
  size?: number;
  /** no header row (key/value blocks); the first column is then a row header */
  headless?: boolean;
  /** per-cell colour / weight / fill */
  cell?: (row: number, col: number) => CellStyle | undefined;
  zebra?: boolean;
  /** space after the table */
  after?: number;
}

const PAD_X = 4;
const PAD_Y = 2.5;

interface Layout {
  x: number[];
  widths: number[];
}

function columnLayout(w: Writer, columns: readonly Column[]): Layout {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const width = contentWidth(w);
  const widths = columns.map((c) => (c.width / total) * width);
  const x: number[] = [];
  let cx = left(w);
  for (const cw of widths) {
    x.push(cx);
    cx += cw;
  }
  return { x, widths };
}

function cellLines(w: Writer, text: string, width: number, style: TextStyle): Line[] {
  return layoutText(w.doc, w.fonts, text, width - 2 * PAD_X, style);
}

export function table(w: Writer, columns: readonly Column[], rows: readonly (readonly string[])[], options: TableOptions = {}): void {
  const { doc } = w;
  const size = options.size ?? SIZES.table;
  const lh = lineHeight(size);
  let layout = columnLayout(w, columns);
  const tableStruct = doc.struct('Table');
  w.sect.add(tableStruct);

  const headerStyle: TextStyle = { size: size - 0.5, style: 'bold', color: COLORS.ink };
  function drawHeader(first: boolean): void {
    if (options.headless) return;
    layout = columnLayout(w, columns);
    const lines = columns.map((c, i) => cellLines(w, c.header, layout.widths[i] ?? 0, headerStyle));
    const h = Math.max(...lines.map((l) => l.length)) * lineHeight(headerStyle.size) + 2 * PAD_Y;
    const y = w.y;
    const width = contentWidth(w);
    artifact(w, () => {
      doc.rect(left(w), y, width, h).fill(COLORS.headerFill);
      doc.moveTo(left(w), y + h).lineTo(left(w) + width, y + h).lineWidth(0.8).strokeColor(COLORS.accent).stroke();
    });
    const drawCell = (i: number) => {
      const c = columns[i];
      drawLines(doc, lines[i] ?? [], (layout.x[i] ?? 0) + PAD_X, y + PAD_Y, (layout.widths[i] ?? 0) - 2 * PAD_X, { ...headerStyle, align: c?.align });
    };
    if (first) {
      const tr = doc.struct('TR');
      tableStruct.add(tr);
      columns.forEach((_, i) => {
        tr.add(doc.struct('TH', {}, () => drawCell(i)));
      });
      tr.end();
    } else {
      artifact(w, () => columns.forEach((_, i) => drawCell(i)));
    }
    w.y += h;
  }

  // Keep the header with at least one row.
  if (w.y + 3 * lh + 4 * PAD_Y > bottom(w) && w.y > MARGINS.top) addPage(w);
  drawHeader(true);

  const maxLines = Math.max(1, Math.floor((bottom(w) - MARGINS.top - 4 * lh) / lh));
  rows.forEach((row, r) => {
    const styles = columns.map((c, i): TextStyle & CellStyle => {
      const custom = options.cell?.(r, i);
      const style = custom?.style ?? c.style ?? 'regular';
      let cellSize = custom?.size ?? size;
      if (c.fit !== undefined) {
        const room = (layout.widths[i] ?? 0) - 2 * PAD_X;
        const widest = widestWord(doc, w.fonts, row[i] ?? '', style, cellSize);
        if (widest > room) cellSize = Math.max(c.fit, Math.floor((cellSize * room * 10) / widest) / 10);
      }
      return { size: cellSize, style, color: custom?.color ?? COLORS.ink, align: c.align, fill: custom?.fill };
    });
    const lines = columns.map((_, i) => {
      const l = cellLines(w, row[i] ?? '', layout.widths[i] ?? 0, styles[i] ?? { size });
      // A cell taller than a page is cut; the attached CSV holds the full text.
      return l.length > maxLines ? [...l.slice(0, maxLines - 1), ...layoutText(doc, w.fonts, '…', 20, { size })] : l;
    });
    const h = Math.max(...lines.map((l, i) => l.length * lineHeight(styles[i]?.size ?? size))) + 2 * PAD_Y;
    if (w.y + h > bottom(w)) {
      addPage(w);
      drawHeader(false);
    }
    const y = w.y;
    const width = contentWidth(w);
    artifact(w, () => {
      if (options.zebra !== false && r % 2 === 1) doc.rect(left(w), y, width, h).fill(COLORS.zebra);
      styles.forEach((s, i) => {
        if (s.fill) doc.rect(layout.x[i] ?? 0, y, layout.widths[i] ?? 0, h).fill(s.fill);
      });
      doc.moveTo(left(w), y + h).lineTo(left(w) + width, y + h).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    });
    const tr = doc.struct('TR');
    tableStruct.add(tr);
    columns.forEach((_, i) => {
      const type = options.headless && i === 0 ? 'TH' : 'TD';
      tr.add(
        doc.struct(type, {}, () => {
          drawLines(doc, lines[i] ?? [], (layout.x[i] ?? 0) + PAD_X, y + PAD_Y, (layout.widths[i] ?? 0) - 2 * PAD_X, styles[i] ?? { size });
        }),
      );
    });
    tr.end();
    w.y += h;
  });
  tableStruct.end();
  w.y += options.after ?? 10;
}

/** Label / value pairs as a two-column table with row headers. */
export function keyValues(w: Writer, pairs: readonly (readonly [string, string])[], options: TableOptions & { labelWidth?: number } = {}): void {
  const lw = options.labelWidth ?? 0.28;
  table(
    w,
    [
      { header: 'Item', width: lw, style: 'bold' },
      { header: 'Value', width: 1 - lw, fit: 5 },
    ],
    pairs,
    { size: SIZES.body - 0.5, zebra: false, ...options, headless: true },
  );
}
