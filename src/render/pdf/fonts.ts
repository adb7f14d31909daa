/**
 * Fonts for the PDF: TTFs from npm, always selected by file path. pdfkit caches a font
 * under the key it was selected by; a registered *name* makes every table cell re-parse
 * the TTF (REFERENCE: 300 rows 10 s instead of 0.8 s), and no font option at all lets
 * Helvetica in, which PDF/A cannot embed.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_PATHS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
  // DejaVu has no CJK; Noto Sans JP covers kana, kanji and most Hangul-free CJK text.
  cjk: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
} as const;

export type FontStyle = 'regular' | 'bold' | 'mono';

/** A piece of text drawn in one font file. */
export interface Run {
  text: string;
  font: string;
}

/** The part of pdfkit's private font object we need: fontkit's coverage test. */
interface FontkitFace {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

import { showInvisible } from '../markdown.ts';

type Doc = PDFKit.PDFDocument;

/** Shown instead of a character no embedded font has: PDF/A forbids drawing `.notdef`. */
const REPLACEMENT = '\uFFFD';

export interface FontSet {
  /** split text into runs per font file: DejaVu where it has the glyph, else Noto Sans JP */
  runs(text: string, style: FontStyle): Run[];
}

function faceOf(doc: Doc, path: string): FontkitFace {
  doc.font(path);
  // pdfkit keeps the fontkit font of the current EmbeddedFont at `_font.font`.
  return (doc as unknown as { _font: { font: FontkitFace } })._font.font;
}

/**
 * Per-code-point fallback. The faces are opened through the document (the same parse pdfkit
 * embeds from), the CJK face only when first needed, and each code point's verdict is cached.
 */
export function createFontSet(doc: Doc): FontSet {
  const faces = new Map<string, FontkitFace>();
  const verdicts = new Map<string, Map<number, boolean>>();
  function has(path: string, cp: number): boolean {
    let cache = verdicts.get(path);
    if (!cache) {
      cache = new Map();
      verdicts.set(path, cache);
    }
    let ok = cache.get(cp);
    if (ok === undefined) {
      let face = faces.get(path);
      if (!face) {
        face = faceOf(doc, path);
        faces.set(path, face);
        doc.font(FONT_PATHS.regular);
      }
      ok = face.hasGlyphForCodePoint(cp);
      cache.set(cp, ok);
    }
    return ok;
  }

  function runs(text: string, style: FontStyle): Run[] {
    const primary = FONT_PATHS[style];
    // Fast path: printable ASCII is in every DejaVu face.
    if (/^[\x20-\x7e]*$/.test(text)) return text ? [{ text, font: primary }] : [];
    const out: Run[] = [];
    // bidi controls and zero-width characters draw as nothing: `ali\u200Bce` would show as alice
    // and `\u202E` hide a reversal; written as their code point, as summary.md writes them
    for (const ch of showInvisible(text)) {
      const cp = ch.codePointAt(0) ?? 0x20;
      let font = primary;
      let glyph = ch;
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) glyph = ' ';
      else if (cp > 0x7e && !has(primary, cp)) {
        // Mono and bold fall back to DejaVu Sans first (widest Latin/Greek/Cyrillic coverage).
        if (primary !== FONT_PATHS.regular && has(FONT_PATHS.regular, cp)) font = FONT_PATHS.regular;
        else if (has(FONT_PATHS.cjk, cp)) font = FONT_PATHS.cjk;
        else {
          font = FONT_PATHS.regular;
          glyph = REPLACEMENT;
        }
      }
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += glyph;
      else out.push({ text: glyph, font });
    }
    return out;
  }

  return { runs };
}
