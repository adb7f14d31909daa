/** A fake Jira plus a temp archive and a config pointing at both, for collector tests. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/domain/config.ts';
import { startFakeJira, type FakeJira, type FakeJiraOptions } from './server.ts';

export const JIRA_ENV = { JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'sekret-token-123' };

export interface JiraHarness {
  fake: FakeJira;
  config: Config;
  /** requests the fake answered since the last call (and resets the mark) */
  takeRequests(): FakeJira['requests'];
  /** `streams["jira.issues"]` of state.json */
  readState(): Promise<Record<string, unknown>>;
  /** `refreshedAsOf` in `streams["jira.issues"]`: the last daily refresh */
  lastRefresh(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startJiraHarness(options: Omit<FakeJiraOptions, 'email' | 'token'>, fields: { reviewer?: string; followUp?: string } = {}): Promise<JiraHarness> {
  const fake = await startFakeJira({ email: JIRA_ENV.JIRA_EMAIL, token: JIRA_ENV.JIRA_API_TOKEN, ...options });
  const archive = await mkdtemp(join(tmpdir(), 'glasstrail-jira-'));
  const config = {
    file: join(archive, 'glasstrail.config.yaml'),
    organization: 'Acme',
    timezone: 'America/New_York',
    archive,
    jira: { host: fake.url, email: { env: 'JIRA_EMAIL' }, token: { env: 'JIRA_API_TOKEN' }, jql: 'project = BGR', fields },
  } as unknown as Config;
  let mark = 0;
  async function streams(): Promise<Record<string, Record<string, unknown>>> {
    const state = JSON.parse(await readFile(join(archive, 'state.json'), 'utf8')) as { streams: Record<string, Record<string, unknown>> };
    return state.streams;
  }
  return {
    fake,
    config,
    takeRequests() {
      const taken = fake.requests.slice(mark);
      mark = fake.requests.length;
      return taken;
    },
    async readState() {
      return (await streams())['jira.issues'] ?? {};
    },
    async lastRefresh() {
      return (await streams())['jira.issues']?.refreshedAsOf;
    },
    async close() {
      await fake.close();
      await rm(archive, { recursive: true, force: true });
    },
  };
}
