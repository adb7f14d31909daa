/**
 * Atlassian Document Format -> plain text, for rich-text custom fields (the follow-up).
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: unknown;
  content?: unknown;
}

/** An ADF document is `{ type: 'doc', version: 1, content: [...] }`. */
export function isAdfDocument(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as AdfNode).type === 'doc';
}

/**
 * Text nodes joined; block nodes (paragraphs, list items, headings, ...) on their own lines;
 * `hardBreak` is a newline; mentions and inline cards keep their visible text / URL.
 */
export function adfToText(node: unknown): string {
  return flatten(node).replace(/\n{2,}/g, '\n').trim();
}

/** A container node being flattened: its children, what goes between them, and the next one. */
interface Frame {
  children: unknown[];
  separator: string;
  next: number;
}

/**
 * Depth-first with an explicit stack, not recursion: the field's value comes from Jira, and a
 * document nested a few thousand levels deep must not overflow the call stack. Each text is
 * written once, in order, with the separator of its parent between siblings (what joining
 * each container's children would give, without copying the text at every level).
 */
function flatten(root: unknown): string {
  const first = open(root);
  if (typeof first === 'string') return first;
  const out: string[] = [];
  const stack: Frame[] = [first];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.children.length) {
      stack.pop();
      continue;
    }
    if (top.next > 0) out.push(top.separator);
    const child = open(top.children[top.next++]);
    if (typeof child === 'string') out.push(child);
    else stack.push(child);
  }
  return out.join('');
}

/** The text of a leaf node, or the frame of a container whose children are still to flatten. */
function open(node: unknown): string | Frame {
  if (typeof node !== 'object' || node === null) return '';
  const { type, text, attrs, content } = node as AdfNode;
  if (type === 'text') return typeof text === 'string' ? text : '';
  if (type === 'hardBreak') return '\n';
  if (type === 'mention' || type === 'inlineCard' || type === 'emoji') {
    const a = (attrs ?? {}) as Record<string, unknown>;
    const shown = type === 'inlineCard' ? a.url : (a.text ?? a.shortName);
    return typeof shown === 'string' ? shown : '';
  }
  if (!Array.isArray(content)) return '';
  const children = content as unknown[];
  return { children, separator: children.every((child) => isInline(child)) ? '' : '\n', next: 0 };
}

const INLINE = new Set(['text', 'hardBreak', 'mention', 'inlineCard', 'emoji', 'date', 'status']);

function isInline(node: unknown): boolean {
  return typeof node === 'object' && node !== null && INLINE.has(String((node as AdfNode).type));
}
