import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.ts';

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
