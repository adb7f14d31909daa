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

function flatten(node: unknown): string {
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
  const inline = children.every((child) => isInline(child));
  return children.map(flatten).join(inline ? '' : '\n');
}

const INLINE = new Set(['text', 'hardBreak', 'mention', 'inlineCard', 'emoji', 'date', 'status']);

function isInline(node: unknown): boolean {
  return typeof node === 'object' && node !== null && INLINE.has(String((node as AdfNode).type));
}
