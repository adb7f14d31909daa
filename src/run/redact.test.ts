import { describe, expect, it } from 'vitest';
import type { Config } from '../domain/config.ts';
import { SourceError } from '../errors.ts';
import { configuredSecrets, createRedactor, redactError } from './redact.ts';

describe('createRedactor', () => {
  const env = { GITHUB_TOKEN: 'ghp_CANARY1234567890', JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'ATATT3xCANARY', HOME: '/root', SHORT_TOKEN: 'abc' };
  const redact = createRedactor(env);

  it.each([
    ['a raw token', 'Bearer ghp_CANARY1234567890 was rejected', 'Bearer [redacted] was rejected'],
    ['basic auth of email:token', `Authorization: Basic ${Buffer.from('bot@acme.example:ATATT3xCANARY').toString('base64')}`, 'Authorization: Basic [redacted]'],
    ['base64 of the token alone', Buffer.from('ghp_CANARY1234567890').toString('base64'), '[redacted]'],
    ['other env values stay', 'HOME is /root', 'HOME is /root'],
    ['secrets shorter than 8 characters are not hunted', 'abc', 'abc'],
  ])('%s', (_name, input, output) => {
    expect(redact(input)).toBe(output);
  });
});

describe('secrets the config names', () => {
  it('are hunted once added, whatever their variable is called, with the Jira email as their basic-auth user', () => {
    const redact = createRedactor({ GH_PAT: 'ghp_PLAINNAME123456', JIRA_USER: 'bot@acme.example', JIRA_PAT: 'ATATTplainNAME' });
    const basic = Buffer.from('bot@acme.example:ATATTplainNAME').toString('base64');
    expect(redact(`token ghp_PLAINNAME123456 / Basic ${basic}`)).toBe(`token ghp_PLAINNAME123456 / Basic ${basic}`);
    redact.add('ghp_PLAINNAME123456');
    redact.add('ATATTplainNAME', ['bot@acme.example']);
    redact.add('short');
    expect(redact(`token ghp_PLAINNAME123456 / Basic ${basic} / short`)).toBe('token [redacted] / Basic [redacted] / short');
    redact.add('tok/with+chars=1');
    expect(redact('?t=tok%2Fwith%2Bchars%3D1&x')).toBe('?t=[redacted]&x');
  });

  it('configuredSecrets reads exactly the variables the config names', () => {
    const config = { github: { token: { env: 'GH_PAT' } }, jira: { email: { env: 'JIRA_USER' }, token: { env: 'JIRA_PAT' } } } as unknown as Config;
    expect(configuredSecrets(config, { GH_PAT: 'g-secret-1', JIRA_USER: 'bot@acme.example', JIRA_PAT: 'j-secret-2', OTHER: 'x' })).toEqual([
      { secret: 'g-secret-1', users: [] },
      { secret: 'j-secret-2', users: ['bot@acme.example'] },
    ]);
    expect(configuredSecrets({} as Config, { GH_PAT: 'g' })).toEqual([]);
  });

  it('redactError keeps the class, code and context, and redacts every text in it', () => {
    const error = new SourceError('jira-bad-request', 'Jira rejected the request (400): from Basic SECRETVALUE1', { where: 'POST /search/jql SECRETVALUE1', line: 3, fix: 'check SECRETVALUE1' });
    const redacted = redactError(error, (t) => t.split('SECRETVALUE1').join('[redacted]'));
    expect(redacted).toBeInstanceOf(SourceError);
    expect(redacted.exitCode).toBe(3);
    expect(redacted.code).toBe('jira-bad-request');
    expect(redacted.describe()).toBe('POST /search/jql [redacted]:3: Jira rejected the request (400): from Basic [redacted]\n  fix: check [redacted]');
  });
});
