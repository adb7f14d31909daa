/**
 * Our own line layout: words are measured per font run (DejaVu, else Noto Sans JP), broken
 * greedily into lines, and every run is drawn at an explicit position without pdfkit's
 * LineWrapper. That gives exact heights before drawing (table rows, page breaks) and lets
 * one line mix fonts.
 */
import type { FontSet, FontStyle, Run } from './fonts.ts';

type Doc = PDFKit.PDFDocument;

export interface TextStyle {
  size: number;
  style?: FontStyle;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

interface MeasuredRun extends Run {
  width: number;
}

export interface Line {
  runs: MeasuredRun[];
  width: number;
}

export const LINE_FACTOR = 1.28;

export function lineHeight(size: number): number {
  return size * LINE_FACTOR;
}

// A break is allowed after spaces and between CJK characters (they carry no spaces).
const CJK = '\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF';
const TOKEN = new RegExp(`[${CJK}]|[^\\s${CJK}]+\\s*|\\s+`, 'gu');

function measure(doc: Doc, runs: Run[], size: number): MeasuredRun[] {
  return runs.map((r) => {
    doc.font(r.font).fontSize(size);
    return { ...r, width: doc.widthOfString(r.text) };
  });
}

function sum(runs: readonly MeasuredRun[]): number {
  let w = 0;
  for (const r of runs) w += r.width;
  return w;
}

function append(line: Line, runs: readonly MeasuredRun[]): void {
  for (const r of runs) {
    const last = line.runs[line.runs.length - 1];
    if (last && last.font === r.font) {
      last.text += r.text;
      last.width += r.width;
    } else line.runs.push({ ...r });
    line.width += r.width;
  }
}

/** Drop trailing spaces of a finished line (they must not push right-aligned text left). */
function trimEnd(doc: Doc, line: Line, size: number): Line {
  const last = line.runs[line.runs.length - 1];
  if (!last || !/\s$/.test(last.text)) return line;
  const text = last.text.replace(/\s+$/, '');
  doc.font(last.font).fontSize(size);
  const width = text ? doc.widthOfString(text) : 0;
  line.width += width - last.width;
  if (text) Object.assign(last, { text, width });
  else line.runs.pop();
  return line;
}

/** Split a token wider than the line: after `_ - / . ; , :` where possible, else by character. */
function splitLong(doc: Doc, fonts: FontSet, token: string, style: FontStyle, size: number, width: number): MeasuredRun[][] {
  const pieces: MeasuredRun[][] = [];
  let current = '';
  let currentRuns: MeasuredRun[] = [];
  const units: string[] = [];
  for (const segment of token.split(/(?<=[_\-/.;,:])/)) {
    if (sum(measure(doc, fonts.runs(segment, style), size)) <= width) units.push(segment);
    // one code point at a time (a spread of a very long word would overflow the call stack)
    else for (const char of segment) units.push(char);
  }
  for (const unit of units) {
    const next = measure(doc, fonts.runs(current + unit, style), size);
    if (current && sum(next) > width) {
      pieces.push(currentRuns);
      current = unit;
      currentRuns = measure(doc, fonts.runs(unit, style), size);
    } else {
      current += unit;
      currentRuns = next;
    }
  }
  if (current) pieces.push(currentRuns);
  return pieces;
}

/** Lay out `text` in lines no wider than `width`. Never returns zero lines. */
export function layoutText(doc: Doc, fonts: FontSet, text: string, width: number, style: TextStyle): Line[] {
  const fontStyle = style.style ?? 'regular';
  const lines: Line[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const whole = measure(doc, fonts.runs(paragraph, fontStyle), style.size);
    if (sum(whole) <= width) {
      lines.push(trimEnd(doc, { runs: whole, width: sum(whole) }, style.size));
      continue;
    }
    let line: Line = { runs: [], width: 0 };
    for (const token of paragraph.match(TOKEN) ?? []) {
      const isSpace = /^\s+$/.test(token);
      if (isSpace && line.runs.length === 0) continue;
      const runs = measure(doc, fonts.runs(token, fontStyle), style.size);
      const w = sum(runs);
      // A word fits when its glyphs do: its trailing space is trimmed at the end of a line.
      let fitWidth = isSpace ? 0 : w;
      if (!isSpace && line.width + w > width && /\s$/.test(token)) fitWidth = sum(measure(doc, fonts.runs(token.trimEnd(), fontStyle), style.size));
      if (line.width + fitWidth <= width || (line.runs.length === 0 && fitWidth <= width)) {
        append(line, runs);
        continue;
      }
      if (line.runs.length > 0) {
        lines.push(trimEnd(doc, line, style.size));
        line = { runs: [], width: 0 };
        if (isSpace) continue;
      }
      if (fitWidth <= width) {
        append(line, runs);
        continue;
      }
      const pieces = splitLong(doc, fonts, token, fontStyle, style.size, width);
      for (let i = 0; i < pieces.length - 1; i++) {
        const piece: Line = { runs: [], width: 0 };
        append(piece, pieces[i] ?? []);
        lines.push(piece);
      }
      append(line, pieces[pieces.length - 1] ?? []);
    }
    lines.push(trimEnd(doc, line, style.size));
  }
  return lines.length ? lines : [{ runs: [], width: 0 }];
}

/**
 * The width of the widest unbreakable piece of `text` at `size`: a word between spaces, or one
 * CJK character (layoutText may break between those, so a Japanese sentence wraps, not shrinks).
 */
export function widestWord(doc: Doc, fonts: FontSet, text: string, style: FontStyle, size: number): number {
  let widest = 0;
  for (const token of text.match(TOKEN) ?? []) {
    const word = token.trimEnd();
    if (word) widest = Math.max(widest, sum(measure(doc, fonts.runs(word, style), size)));
  }
  return widest;
}

export function linesHeight(lines: readonly Line[], size: number): number {
  return lines.length * lineHeight(size);
}

/** Draw laid-out lines with their top at `y`; returns the height used. */
export function drawLines(doc: Doc, lines: readonly Line[], x: number, y: number, width: number, style: TextStyle): number {
  const lh = lineHeight(style.size);
  // Centre the glyphs in the taller line box.
  const pad = (lh - style.size * 1.16) / 2;
  doc.fillColor(style.color ?? '#1a1a1a');
  let top = y;
  for (const line of lines) {
    let cx = x;
    if (style.align === 'right') cx = x + width - line.width;
    else if (style.align === 'center') cx = x + (width - line.width) / 2;
    for (const run of line.runs) {
      doc.font(run.font).fontSize(style.size);
      doc.text(run.text, cx, top + pad, { lineBreak: false });
      cx += run.width;
    }
    top += lh;
  }
  return top - y;
}
