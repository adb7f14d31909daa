/** One physical line of a JSON-lines file. */
export interface RawLine {
  /** 1-based */
  line: number;
  text: string;
}

/**
 * Split JSON-lines text. One final newline (or none) ends the file; every other line,
 * blank ones included, is returned so the caller can report it. A trailing `\r` (CRLF) is dropped.
 */
export function splitLines(text: string): RawLine[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((part, i) => ({ line: i + 1, text: part.endsWith('\r') ? part.slice(0, -1) : part }));
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Parse one line as a JSON object; the reason when it is not one. */
export function parseObjectLine(text: string): { obj: Record<string, unknown> } | { error: string } {
  if (isBlank(text)) return { error: 'blank line (only the file may end with a newline)' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text in its message: keep it on one line (errors are one or two lines)
    return { error: `not valid JSON (${clip((error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' '))})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  const repeated = repeatedKey(text, value as Record<string, unknown>);
  if (repeated !== undefined) return { error: `key ${clip(JSON.stringify(repeated), 60)} appears twice in one object (JSON.parse keeps the last, other readers the first; RFC 8785 needs unique names)` };
  return { obj: value as Record<string, unknown> };
}

/** Index of the `"` that closes the string opening at `open`, in text JSON.parse accepted. */
function stringEnd(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** One object, no array or nested object: the usual ledger line (a `{` or `[` inside a string only sends it the slow way). */
function isFlatLine(text: string): boolean {
  return text.indexOf('{', text.indexOf('{') + 1) === -1 && !text.includes('[');
}

/** How many names the single object of a flat line has, repeats counted: no string is copied. */
function namesInFlatObject(text: string): number {
  let names = 0;
  let nameNext = true;
  for (let i = text.indexOf('{') + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (nameNext) names++;
      nameNext = false;
      i = stringEnd(text, i);
    } else if (c === 0x2c /* , */) nameNext = true;
  }
  return names;
}

/**
 * The first name that repeats within one object of `text` (which JSON.parse already accepted),
 * or undefined. JSON.parse silently keeps a repeat's last value, so a line could be changed
 * after it was hashed or checkpointed (`"actor":"mallory","actor":"alice"` hashes as alice).
 */
export function repeatedKey(text: string, parsed?: Record<string, unknown>): string | undefined {
  if (parsed !== undefined && isFlatLine(text) && namesInFlatObject(text) === Object.keys(parsed).length) return undefined;
  // per open object: the names seen, and whether the next string is a name; null for an array
  const stack: ({ names: Set<string>; nameNext: boolean } | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      if (top?.nameNext) {
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.names.has(name)) return name;
        top.names.add(name);
        top.nameNext = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) stack.push({ names: new Set(), nameNext: true });
    else if (c === 0x5b /* [ */) stack.push(null);
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top) top.nameNext = true;
    }
  }
  return undefined;
}

export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Lines (1-based) of `bytes` that are not valid UTF-8. Split on 0x0A, which never occurs inside a multi-byte sequence. */
export function invalidUtf8Lines(bytes: Uint8Array): Set<number> {
  const bad = new Set<number>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return bad;
  } catch {
    // fall through to find which lines
  }
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        bad.add(line);
      }
      start = i + 1;
      line++;
    }
  }
  return bad;
}

export function decodeLossy(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}
