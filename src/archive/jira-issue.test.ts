import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adfToText } from './adf.ts';
import { IssueShapeProblem, jiraIssueSchema, toTicket } from './jira-issue.ts';

const FIELDS = { reviewer: 'customfield_10100', followUp: 'customfield_10101' };
const SOURCE = { file: 'archive/jira/issues.ndjson', line: 1 };

function ticketWith(fields: Record<string, unknown>) {
  return toTicket(jiraIssueSchema.parse({ key: 'BGR-1', fields }), FIELDS, SOURCE);
}

describe('reviewer field', () => {
  it.each([
    ['a user object', { accountId: 'acc-1', displayName: 'Dave' }, 'acc-1'],
    ['an array of users (first wins)', [{ accountId: 'acc-1' }, { accountId: 'acc-2' }], 'acc-1'],
    ['a plain account id', 'acc-3', 'acc-3'],
    ['null', null, undefined],
    ['an empty array', [], undefined],
    ['a blank string', '  ', undefined],
  ])('%s', (_name, value, expected) => {
    expect(ticketWith({ customfield_10100: value }).reviewerField).toBe(expected);
  });

  it('a number is a shape problem', () => {
    expect(() => ticketWith({ customfield_10100: 7 })).toThrow(IssueShapeProblem);
  });
});

describe('follow-up field', () => {
  const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  it.each([
    ['plain text, trimmed', '  Rotate keys \n', 'Rotate keys'],
    ['blank text', ' \n ', undefined],
    ['null', null, undefined],
    ['an ADF document', { type: 'doc', version: 1, content: [paragraph('One.'), paragraph('Two.')] }, 'One.\nTwo.'],
    ['an empty ADF document', { type: 'doc', version: 1, content: [] }, undefined],
    ['an ADF document of blank text', { type: 'doc', version: 1, content: [paragraph('   ')] }, undefined],
  ])('%s', (_name, value, expected) => {
    expect(ticketWith({ customfield_10101: value }).followUpText).toBe(expected);
  });
});

describe('adfToText', () => {
  it('joins inline nodes, puts blocks on lines, keeps hard breaks, mentions and card URLs', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Follow-up' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Ask ' },
            { type: 'mention', attrs: { id: 'acc-1', text: '@Dave' } },
            { type: 'text', text: ' to fix', marks: [{ type: 'em' }] },
            { type: 'hardBreak' },
            { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/OPS-7' } },
          ],
        },
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'first' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'second' }] }] },
          ],
        },
      ],
    };
    expect(adfToText(doc)).toBe('Follow-up\nAsk @Dave to fix\nhttps://acme.atlassian.net/browse/OPS-7\nfirst\nsecond');
  });

  it('gives what the plain recursive walk gives, on any small document', () => {
    // the recursive form adf.ts had before it walked with its own stack
    const INLINE = new Set(['text', 'hardBreak', 'mention', 'inlineCard', 'emoji', 'date', 'status']);
    const walk = (node: unknown): string => {
      if (typeof node !== 'object' || node === null) return '';
      const { type, text, attrs, content } = node as { type?: unknown; text?: unknown; attrs?: Record<string, unknown>; content?: unknown };
      if (type === 'text') return typeof text === 'string' ? text : '';
      if (type === 'hardBreak') return '\n';
      if (type === 'mention' || type === 'inlineCard' || type === 'emoji') {
        const shown = type === 'inlineCard' ? attrs?.url : (attrs?.text ?? attrs?.shortName);
        return typeof shown === 'string' ? shown : '';
      }
      if (!Array.isArray(content)) return '';
      const inline = content.every((c) => typeof c === 'object' && c !== null && INLINE.has(String((c as { type?: unknown }).type)));
      return content.map(walk).join(inline ? '' : '\n');
    };
    const reference = (doc: unknown) => walk(doc).replace(/\n{2,}/g, '\n').trim();
    const leaf = fc.oneof(
      fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 4 }) }),
      fc.constant({ type: 'hardBreak' }),
      fc.record({ type: fc.constant('mention'), attrs: fc.record({ text: fc.string({ maxLength: 3 }) }) }),
      fc.record({ type: fc.constant('inlineCard'), attrs: fc.record({ url: fc.constant('https://x.example/1') }) }),
      fc.constant({ type: 'status' }),
      fc.constant(null),
    );
    const { node } = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.record({ type: fc.constantFrom('paragraph', 'listItem', 'bulletList', 'doc'), content: fc.array(tie('node'), { maxLength: 4 }) })),
    }));
    fc.assert(
      fc.property(node, (doc) => {
        expect(adfToText(doc)).toBe(reference(doc));
      }),
      { numRuns: 2000 },
    );
  });

  it('flattens a document nested far deeper than the call stack allows recursion', () => {
    // 100k levels of bulletList > listItem, the innermost holding one paragraph: a recursive
    // walk overflowed the stack (internal error, no evidence) at a few thousand.
    let node: unknown = { type: 'paragraph', content: [{ type: 'text', text: 'deep' }] };
    for (let i = 0; i < 100_000; i++) node = { type: i % 2 ? 'bulletList' : 'listItem', content: [node, { type: 'paragraph', content: [{ type: 'text', text: String(i % 3) }] }] };
    const text = adfToText({ type: 'doc', version: 1, content: [node] });
    const lines = text.split('\n');
    expect(lines[0]).toBe('deep');
    expect(lines).toHaveLength(100_001);
    expect(lines.at(-1)).toBe(String(99_999 % 3));
  });
});

describe('transitions', () => {
  it('sorts by time then numeric history id, whatever the changelog order', () => {
    const at = '2026-07-06T10:00:00.000-0400';
    const item = (to: string) => ({ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '1', to });
    const ticket = toTicket(
      jiraIssueSchema.parse({
        key: 'BGR-1',
        fields: {},
        changelog: {
          histories: [
            { id: '100', created: '2026-07-06T11:00:00.000-0400', items: [item('3')] },
            { id: '99', created: at, items: [item('2'), { field: 'assignee', fieldId: 'assignee', from: null, to: 'x' }] },
            { id: '9', created: at, items: [item('4')] },
          ],
        },
      }),
      FIELDS,
      SOURCE,
    );
    expect(ticket.transitions.map((t) => [t.historyId, t.toId, t.at])).toEqual([
      ['9', '4', Date.parse('2026-07-06T14:00:00Z')],
      ['99', '2', Date.parse('2026-07-06T14:00:00Z')],
      ['100', '3', Date.parse('2026-07-06T15:00:00Z')],
    ]);
    expect(ticket.transitions[0]).not.toHaveProperty('toName');
    expect(ticket.transitions[0]).not.toHaveProperty('author');
  });
});
