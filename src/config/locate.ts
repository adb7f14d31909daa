/** Map a zod-style path (`['roster', 2, 'gates', 0]`) to a line in the YAML source. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type IssuePath = readonly PropertyKey[];

/** `roster[2].gates[0]`; undefined for the root. */
export function formatKey(path: IssuePath): string | undefined {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || undefined;
}

/**
 * The 1-based line of the deepest node on `path` that exists. A scalar gives its own line;
 * a map or list reached through a key gives the key's line (where the user wrote `ledger:`).
 * A missing key gives the line of its parent's key, so "missing ledger.path" points at `ledger:`.
 */
export function locateLine(doc: Document, path: IssuePath, lines: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    node = deref(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      keyNode = undefined;
      node = node.items[seg];
    } else {
      break;
    }
  }
  node = deref(doc, node);
  const target = isScalar(node) ? node : (keyNode ?? (node as Node | undefined));
  const offset = target?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}
