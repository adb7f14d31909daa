import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.ts';
import { requestedFields, resolveFields } from './fields.ts';

const catalogue = [
  { id: 'summary', key: 'summary', name: 'Summary', custom: false },
  { id: 'customfield_10100', key: 'customfield_10100', name: 'Reviewer', custom: true },
  { id: 'customfield_10101', key: 'customfield_10101', name: 'Follow-up', custom: true },
  { id: 'customfield_10200', key: 'customfield_10200', name: 'Team', custom: true },
  { id: 'customfield_10201', key: 'customfield_10201', name: 'Team', custom: true },
];

describe('resolveFields', () => {
  it.each([
    { configured: { reviewer: 'customfield_10100' }, expected: { reviewer: 'customfield_10100' } },
    { configured: { reviewer: 'Reviewer', followUp: 'follow-up' }, expected: { reviewer: 'customfield_10100', followUp: 'customfield_10101' } },
    { configured: {}, expected: {} },
    { configured: { followUp: '  ' }, expected: {} },
  ])('$configured → $expected', ({ configured, expected }) => {
    expect(resolveFields(configured, catalogue, 'c.yaml')).toEqual(expected);
  });

  it.each([
    { configured: { reviewer: 'customfield_99999' }, key: 'jira.fields.reviewer', text: 'customfield_99999' },
    { configured: { followUp: 'Nope' }, key: 'jira.fields.followUp', text: 'Nope' },
    { configured: { reviewer: 'Team' }, key: 'jira.fields.reviewer', text: 'customfield_10200, customfield_10201' },
  ])('rejects $configured', ({ configured, key, text }) => {
    let caught: unknown;
    try {
      resolveFields(configured, catalogue, 'c.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).context.key).toBe(key);
    expect((caught as ConfigError).message).toContain(text);
  });
});

describe('requestedFields', () => {
  it('asks for the base fields plus the configured ones, once each', () => {
    expect(requestedFields({ reviewer: 'customfield_1', followUp: 'customfield_1' })).toEqual([
      'summary', 'status', 'created', 'updated', 'resolutiondate', 'issuelinks', 'customfield_1',
    ]);
  });
});
