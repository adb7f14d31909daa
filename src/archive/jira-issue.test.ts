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
