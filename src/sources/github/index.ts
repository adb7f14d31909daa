/**
 * Live collection from GitHub into the archive (CONTRACT §2 `collect`, §4).
 * Three streams, run one after the other: audit log, rule suites, merged PRs.
 * Each stream writes its data first and advances its watermark last, so a crash leaves a
 * valid archive and a rerun completes it without duplicates.
 */
import * as archiveModule from '../../archive/write.ts';
import type { StreamSummary } from '../../domain/collect.ts';
import type { Config } from '../../domain/config.ts';
import { ConfigError, GlasstrailError, UsageError } from '../../errors.ts';
import { collectAudit } from './audit.ts';
import { createGithubClient, type GithubClient, type GithubTiming } from './client.ts';
import { type ArchiveWriter, countRequest, floorSecond, isoSecond, type StreamContext } from './context.ts';
import { deploymentOf } from './errors.ts';
import { collectMerges } from './merges.ts';
import { collectRuleSuites } from './rule-suites.ts';

export { createGithubClient, type GithubClient, type GithubClientOptions, type GithubTiming } from './client.ts';
export { AUDIT_STREAM, auditPhrase, RESTORE_ACTIONS } from './audit.ts';
export { RULE_SUITES_STREAM, timePeriodFor } from './rule-suites.ts';
export { MERGES_STREAM, buildMergesQuery, mergeSearchQuery } from './merges.ts';
export type { ArchiveWriter } from './context.ts';

export interface GithubCollectOptions {
  /** uses config.github, config.gates, config.archive */
  config: Config;
  /** epoch ms; undefined → watermark − overlap, or on a first run now − 180 days (audit-log retention) */
  since?: number;
  /** epoch ms; never later than now */
  until: number;
  now: number;
  /** where `config.github.token` (env:NAME) is looked up; defaults to process.env */
  env?: Record<string, string | undefined>;
  /** progress lines (the lead prints them on a TTY only); never contain the token */
  progress?: (message: string) => void;
  /** test knobs: shrink retry/backoff delays; cap retries; overlap; per-request timeout */
  timing?: GithubTiming;
  /** injectable for tests; defaults to `src/archive/write.ts` */
  archive?: ArchiveWriter;
  /**
   * Where each stream's failure (exit 3) goes: the streams that ran are then returned, not lost.
   * Without it, the first failure is thrown once every stream has run.
   */
  failures?: GlasstrailError[];
}

const DEFAULT_OVERLAP_MS = 60 * 60 * 1000;

export async function collectGithub(options: GithubCollectOptions): Promise<StreamSummary[]> {
  const github = options.config.github;
  if (!github) return [];
  const token = readToken(options);
  const until = floorSecond(Math.min(options.until, options.now));
  if (options.since !== undefined && options.since > until) {
    throw new UsageError('usage-since', `--since ${isoSecond(options.since)} is after --until ${isoSecond(until)}`, {
      key: '--since',
      fix: 'pass a --since before --until (and --until is never later than now)',
    });
  }
  const progress = options.progress ?? (() => {});
  const requests = new Map<string, number>();
  const client: GithubClient = createGithubClient({
    apiUrl: github.apiUrl,
    token,
    timing: options.timing,
    onRequest: (route) => countRequest(requests, route),
    onNotice: (message) => progress(`github: ${message}`),
  });
  const ctx: StreamContext = {
    client,
    github,
    archive: options.archive ?? archiveModule,
    archiveDir: options.config.archive,
    now: options.now,
    until,
    since: options.since === undefined ? undefined : floorSecond(options.since),
    overlapMs: options.timing?.overlapMs ?? DEFAULT_OVERLAP_MS,
    token,
    progress,
    requests,
  };

  // A stream that cannot be read must not keep the others from being pulled: an audit log refused
  // (a token without read:audit_log) would otherwise stop the rule suites every day, and GitHub
  // keeps those only about 30 days. The first failure is thrown once every stream has run.
  const summaries: StreamSummary[] = [];
  const failed: GlasstrailError[] = [];
  const streams = [() => collectAudit(ctx), () => collectRuleSuites(ctx)];
  if (options.config.gates.length > 0) streams.push(() => collectMerges(ctx, options.config.gates));
  for (const stream of streams) {
    try {
      summaries.push(await stream());
    } catch (error) {
      // A bad config or a bug stops the run as before; only a source failure (exit 3) lets the rest go on.
      if (!(error instanceof GlasstrailError && error.exitCode === 3)) throw error;
      failed.push(error);
    }
  }
  if (options.failures) options.failures.push(...failed);
  else if (failed[0] !== undefined) throw failed[0];
  return summaries;
}

function readToken(options: GithubCollectOptions): string {
  const ref = options.config.github?.token;
  if (!ref) {
    throw new ConfigError('config-github-token', 'github.token is not set', {
      where: options.config.file,
      key: 'github.token',
      fix: 'set github.token: env:GITHUB_TOKEN and export GITHUB_TOKEN',
    });
  }
  const value = (options.env ?? process.env)[ref.env];
  if (!value || !value.trim()) {
    throw new ConfigError('config-github-token', `the environment variable ${ref.env} (github.token) is empty or not set`, {
      where: options.config.file,
      key: 'github.token',
      fix: `export ${ref.env}=<a GitHub token with ${deploymentOf(options.config.github?.apiUrl ?? '') === 'server' ? 'admin:enterprise' : 'read:audit_log'}> before running collect`,
    });
  }
  return value.trim();
}
