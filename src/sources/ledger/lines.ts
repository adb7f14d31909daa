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
    return { error: `not valid JSON (${clip(error instanceof Error ? error.message : String(error))})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
  return { obj: value as Record<string, unknown> };
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
