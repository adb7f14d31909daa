/**
 * The page cursor: where the next block goes, page breaks, and the tag tree. Every block is
 * drawn inside a structure element of the current section, and a page is only ever added
 * between blocks, so no marked-content sequence spans two pages.
 */
import type { FontSet } from './fonts.ts';
import { drawLines, layoutText, lineHeight, type TextStyle } from './text.ts';
import { COLORS, SIZES } from './theme.ts';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export type Orientation = 'portrait' | 'landscape';

export const MARGINS = { top: 54, bottom: 60, left: 50, right: 50 } as const;

export interface Writer {
  doc: Doc;
  fonts: FontSet;
  /** the `Document` structure element */
  root: Struct;
  /** the current `Sect` */
  sect: Struct;
  /** outline item of the current section, for sub-headings */
  outline: PDFKit.PDFOutline | null;
  y: number;
  orientation: Orientation;
}

export function createWriter(doc: Doc, fonts: FontSet): Writer {
  const root = doc.struct('Document');
  doc.addStructure(root);
  const w: Writer = { doc, fonts, root, sect: root, outline: null, y: MARGINS.top, orientation: 'portrait' };
  addPage(w, 'portrait');
  return w;
}

/**
 * pdfkit keeps every content operator of a buffered page as its own small Uint8Array until
 * the document ends; with bufferPages (needed for "Page X of Y") a 10k-use report held
 * ~300 MB of them. Joining a finished page's chunks into one array is what pdfkit's own
 * finalize does first anyway, so the bytes are unchanged.
 */
function compactPage(doc: Doc): void {
  const content = (doc.page as unknown as { content?: { buffer?: unknown } } | undefined)?.content;
  if (content && Array.isArray(content.buffer) && content.buffer.length > 1) {
    content.buffer = [Buffer.concat(content.buffer as Uint8Array[])];
  }
}

export function addPage(w: Writer, orientation: Orientation = w.orientation): void {
  compactPage(w.doc);
  w.doc.addPage({ size: 'A4', layout: orientation, margins: { ...MARGINS } });
  w.orientation = orientation;
  w.y = MARGINS.top;
}

export function left(_w: Writer): number {
  return MARGINS.left;
}

export function contentWidth(w: Writer): number {
  return w.doc.page.width - MARGINS.left - MARGINS.right;
}

export function bottom(w: Writer): number {
  return w.doc.page.height - MARGINS.bottom;
}

/** Start a new page unless `h` more points fit below the cursor. True if a page was added. */
export function ensure(w: Writer, h: number): boolean {
  if (w.y + h <= bottom(w) || w.y <= MARGINS.top) return false;
  addPage(w);
  return true;
}

/** Draw inside a new structure element of the current section. */
export function tagged(w: Writer, type: string, draw: () => void, options: PDFKit.Mixins.StructureElementOptions = {}): void {
  w.sect.add(w.doc.struct(type, options, draw));
}

/** Decoration (rules, fills): not content, so screen readers skip it. */
export function artifact(w: Writer, draw: () => void): void {
  w.doc.markContent('Artifact');
  draw();
  w.doc.endMarkedContent();
}

export interface SectionOptions {
  orientation?: Orientation;
  /** start on a fresh page (default true) */
  newPage?: boolean;
}

/** A top-level section: its own `Sect` element, an H1 and a bookmark. */
export function section(w: Writer, title: string, options: SectionOptions = {}): void {
  const orientation = options.orientation ?? 'portrait';
  // a fresh, still empty page is reused
  if ((options.newPage !== false && w.y > MARGINS.top) || orientation !== w.orientation) addPage(w, orientation);
  if (w.sect !== w.root) w.sect.end();
  w.sect = w.doc.struct('Sect', { title });
  w.root.add(w.sect);
  w.outline = w.doc.outline.addItem(title);
  heading(w, title, 1);
}

const HEADING = {
  1: { size: SIZES.h1, before: 0, after: 10, color: COLORS.ink },
  2: { size: SIZES.h2, before: 14, after: 6, color: COLORS.ink },
  3: { size: SIZES.h3, before: 10, after: 4, color: COLORS.muted },
} as const;

/** A heading, kept with at least `keep` points of what follows it. */
export function heading(w: Writer, text: string, level: 1 | 2 | 3, keep = 60): void {
  const spec = HEADING[level];
  const style: TextStyle = { size: spec.size, style: 'bold', color: spec.color };
  const lines = layoutText(w.doc, w.fonts, text, contentWidth(w), style);
  const h = lines.length * lineHeight(spec.size);
  if (w.y > MARGINS.top) w.y += spec.before;
  ensure(w, h + spec.after + keep);
  if (level === 2 && w.outline) w.outline.addItem(text);
  const y = w.y;
  tagged(w, `H${level}`, () => {
    drawLines(w.doc, lines, left(w), y, contentWidth(w), style);
  });
  w.y += h;
  if (level === 1) {
    const ruleY = w.y + 3;
    artifact(w, () => {
      w.doc
        .moveTo(left(w), ruleY)
        .lineTo(left(w) + contentWidth(w), ruleY)
        .lineWidth(1.2)
        .strokeColor(COLORS.accent)
        .stroke();
    });
    w.y += 6;
  }
  w.y += spec.after;
}

export interface ParagraphOptions extends Partial<TextStyle> {
  indent?: number;
  width?: number;
  after?: number;
}

/** Body text; a long paragraph continues on the next page as a second `P`. */
export function paragraph(w: Writer, text: string, options: ParagraphOptions = {}): void {
  const style: TextStyle = { size: SIZES.body, color: COLORS.ink, ...options };
  const x = left(w) + (options.indent ?? 0);
  const width = options.width ?? contentWidth(w) - (options.indent ?? 0);
  let lines = layoutText(w.doc, w.fonts, text, width, style);
  const lh = lineHeight(style.size);
  ensure(w, Math.min(lines.length, 2) * lh);
  while (lines.length > 0) {
    const room = Math.max(1, Math.floor((bottom(w) - w.y) / lh));
    const chunk = lines.slice(0, room);
    lines = lines.slice(room);
    const y = w.y;
    tagged(w, 'P', () => {
      drawLines(w.doc, chunk, x, y, width, style);
    });
    w.y += chunk.length * lh;
    if (lines.length > 0) addPage(w);
  }
  w.y += options.after ?? 6;
}

/** A list of short items, each a `LI` with a bullet. */
export function bullets(w: Writer, items: readonly string[], options: Partial<TextStyle> = {}): void {
  const style: TextStyle = { size: SIZES.body, color: COLORS.ink, ...options };
  const indent = 12;
  const width = contentWidth(w) - indent;
  const list = w.doc.struct('L');
  w.sect.add(list);
  for (const item of items) {
    const lines = layoutText(w.doc, w.fonts, item, width, style);
    const h = lines.length * lineHeight(style.size);
    ensure(w, h);
    const y = w.y;
    const li = w.doc.struct('LI');
    list.add(li);
    li.add(
      w.doc.struct('Lbl', {}, () => {
        drawLines(w.doc, layoutText(w.doc, w.fonts, '•', indent, style), left(w), y, indent, style);
      }),
    );
    li.add(
      w.doc.struct('LBody', {}, () => {
        drawLines(w.doc, lines, left(w) + indent, y, width, style);
      }),
    );
    li.end();
    w.y += h + 2;
  }
  list.end();
  w.y += 4;
}

export function gap(w: Writer, h: number): void {
  w.y += h;
}

/** Close the tag tree (lets pdfkit flush the structure elements). */
export function endWriter(w: Writer): void {
  if (w.sect !== w.root) w.sect.end();
  w.root.end();
}
