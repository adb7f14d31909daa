/** Test plumbing around the fake: a config pointing at it, a temp archive, a snapshot of files. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Config, GithubConfig } from '../../src/domain/config.ts';
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/defaults.ts';

export const TOKEN = 'ghp_TESTSECRETtoken0123456789abcdefABCDEF';
export const ENV = { GH_TEST_TOKEN: TOKEN };

export const BYPASS_ACTIONS = [...DEFAULT_BYPASS_ACTIONS];

export function testConfig(apiUrl: string, archive: string, github: Partial<GithubConfig> = {}, gateCount = 1): Config {
  return {
    file: '/tmp/glasstrail.config.yaml',
    organization: 'Acme Corp',
    timezone: 'UTC',
    holidays: [],
    review: { slaBusinessDays: 2, clockStart: 'grant-start' },
    matchToleranceMinutes: 5,
    maxGrantHours: 8,
    maxWaiverDays: 30,
    archive,
    ledger: { path: '/tmp/ledger.jsonl', publicKeys: [] },
    people: [],
    gates: Array.from({ length: gateCount }, (_, i) => ({
      id: i === 0 ? 'payments-main' : `gate-${i}`,
      name: `gate ${i}`,
      repo: i === 0 ? 'acme/payments' : `acme/repo${i}`,
      branch: 'main',
    })),
    roster: [],
    github: { org: 'acme', apiUrl, token: { env: 'GH_TEST_TOKEN' }, bypassActions: BYPASS_ACTIONS, ...github },
    sampling: { sizes: [] },
  };
}

export async function tempArchive(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'glasstrail-gh-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file under `dir` (relative path → content), temp files included so leftovers show. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(folder: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = await readFile(path, 'utf8');
    }
  }
  await walk(dir);
  return out;
}

/** All NDJSON lines of files whose relative path starts with `prefix`. */
export function linesUnder(files: Record<string, string>, prefix: string): string[] {
  return Object.keys(files)
    .filter((path) => path.startsWith(prefix))
    .sort()
    .flatMap((path) => (files[path] ?? '').split('\n').filter(Boolean));
}
