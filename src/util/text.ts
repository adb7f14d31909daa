/**
 * Keeping report text small: a 50k-use report keeps its tickets, uses and findings alive until
 * rendering, so a repeated name stored 100k times, or a message kept as the tree of pieces a
 * template literal concatenated, costs tens of MB of heap (and V8 grows the heap to about twice that).
 */

/** Returns one shared copy of each distinct text passed in. */
export type Interner = (text: string) => string;

export function createInterner(): Interner {
  const seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    seen.set(text, text);
    return text;
  };
}

// Any UTF-16 code unit above 0xff, surrogates included (no `u` flag: code units, not code points).
const WIDE = /[\u0100-\uffff]/;

/**
 * The same text as one flat string. A template literal yields a rope of concatenated pieces
 * (each piece and each join an object of its own); V8 keeps that rope alive as long as the
 * string. Copying through a Buffer is lossless: latin1 for one-byte text, UTF-16 code units
 * (lone surrogates included) otherwise.
 */
export function flatText(text: string): string {
  const encoding = WIDE.test(text) ? 'utf16le' : 'latin1';
  return Buffer.from(text, encoding).toString(encoding);
}

/**
 * An exact-size copy of an array that was filled by `push`: V8 grows a pushed array's store
 * ahead of need (17 slots after the first push), and report data lives until rendering.
 * Empty arrays share V8's empty store either way, so they are returned as they are.
 */
export function exactArray<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

/**
 * Text on one line (runs of whitespace become one space) of at most `max` characters: longer
 * text is cut and ends with `…`, at the last space when `atSpace` and one lies in the second
 * half, and never between the two halves of a surrogate pair (an emoji).
 */
export function oneLine(text: string, max: number, atSpace = false): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const head = line.slice(0, /[\uD800-\uDBFF]/.test(line[max - 2] ?? '') ? max - 2 : max - 1);
  const space = atSpace ? head.lastIndexOf(' ') : -1;
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * Whether bytes start with a UTF-16 byte order mark (LE or BE): what Windows PowerShell 5's `>`
 * writes. Such text is refused, by name, where UTF-8 is required (the config, a ledger entry).
 */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

// oxlint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * The form a name is compared in: NFC. One name can arrive composed (`é`, U+00E9) from one
 * keyboard or system and decomposed (`e` + U+0301) from another (macOS, some input methods,
 * copy and paste); the two look alike in every output, so they must be one identity. ASCII is
 * already NFC, and nearly every name is ASCII: it is returned as it is, without a copy.
 */
export function nameKey(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}

/** History ids are numeric strings: compare as numbers when both are (so "9" comes before "10"). */
export function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first `limit` items joined by `separator`, then `<separator>and N more` for the rest. */
export function listSome(items: readonly string[], limit: number, separator: string): string {
  const shown = items.slice(0, limit).join(separator);
  return items.length > limit ? `${shown}${separator}and ${items.length - limit} more` : shown;
}
