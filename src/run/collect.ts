/** `glasstrail collect`: pull GitHub and Jira into the archive, incrementally. */
import { withArchiveLock } from '../archive/lock.ts';
import { adoptInventory } from '../archive/write.ts';
import { loadConfig } from '../config/index.ts';
import type { StreamSummary } from '../domain/collect.ts';
import type { Config } from '../domain/config.ts';
import { ConfigError, GlasstrailError, UsageError } from '../errors.ts';
import { readLedger } from '../sources/ledger/index.ts';
import { addDays, parseDate, parseInstant, startOfDay } from '../time/index.ts';
import type { RunEnv } from './context.ts';
import { configuredSecrets, createRedactor, redactError, type Redactor } from './redact.ts';
import { configPath } from './report.ts';

export interface CollectOptions {
  configFile?: string;
  tz?: string;
  /** DATE (inclusive day, start) or INSTANT */
  since?: string;
  /** DATE (inclusive day, end) or INSTANT; never later than now */
  until?: string;
}

export interface CollectOutcome {
  config: Config;
  streams: StreamSummary[];
  /** one line per source that failed: the evidence built from this archive is incomplete */
  failures: GlasstrailError[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A DATE is a whole day in the org zone: `since` takes its first instant, `until` the first instant of the next day. */
export function dateOrInstant(text: string, flag: string, zone: string, edge: 'start' | 'end'): number {
  if (DATE_RE.test(text)) {
    const date = parseDate(text, flag);
    return startOfDay(edge === 'start' ? date : addDays(date, 1), zone);
  }
  try {
    return parseInstant(text, flag);
  } catch {
    throw new UsageError('BAD_INSTANT', `${flag} ${JSON.stringify(text)} is neither a DATE (YYYY-MM-DD) nor an RFC 3339 instant`, {
      key: flag,
      fix: `write ${flag} as a day, e.g. 2026-07-01 (a whole day in the configured timezone), or an instant, e.g. 2026-07-01T09:00:00-04:00`,
    });
  }
}

async function reviewKeysOf(config: Config): Promise<string[]> {
  const ledger = await readLedger(config.ledger).catch(() => null);
  if (!ledger) return [];
  const keys = new Set<string>();
  for (const entry of ledger.entries) {
    if (entry.type === 'grant.opened' && entry.review && entry.review.trim() !== '') keys.add(entry.review.trim());
  }
  return [...keys].sort();
}

export async function runCollect(options: CollectOptions, run: RunEnv): Promise<CollectOutcome> {
  const config = await loadConfig(configPath(options, run), { tz: options.tz });
  if (!config.github && !config.jira) {
    throw new ConfigError('nothing-to-collect', 'nothing to collect: the config has neither a "github" nor a "jira" section', {
      where: config.file,
      fix: 'add github.org (and a token) and/or jira.host, or use `glasstrail report` on an existing archive',
    });
  }
  const until = Math.min(options.until ? dateOrInstant(options.until, '--until', config.timezone, 'end') : run.now, run.now);
  const since = options.since ? dateOrInstant(options.since, '--since', config.timezone, 'start') : undefined;
  if (since !== undefined && since >= until) {
    throw new UsageError('bad-window', '--since must be before --until (and before now)', { fix: 'pass an earlier --since' });
  }
  // A failure becomes an `incomplete` reason inside the evidence (report --collect): whatever
  // a server echoed into it, the configured credentials must not go along.
  const redact = createRedactor(run.env);
  for (const { secret, users } of configuredSecrets(config, run.env)) {
    redact.add(secret, users);
    run.secret?.(secret, users);
  }
  // Everything from here reads and rewrites the archive: one collect at a time (archive/lock.ts).
  return withArchiveLock(config.archive, () => pullSources(config, { since, until, redact }, run));
}

async function pullSources(config: Config, window: { since: number | undefined; until: number; redact: Redactor }, run: RunEnv): Promise<CollectOutcome> {
  const { since, until, redact } = window;
  // An archive from before the inventory: its files are recorded as they are, once. A state.json
  // that cannot be read is left to the collectors, which report it per source.
  const adopted = await adoptInventory(config.archive).catch(() => 0);
  if (adopted > 0) run.progress(`archive: recorded ${adopted} files collected before the inventory existed (state.json files)`);
  const streams: StreamSummary[] = [];
  const failures: GlasstrailError[] = [];
  // Undocumented test knob: shrink retry backoff so fault tests do not wait out real backoff.
  const retryBaseMs = /^\d+$/.test(run.env.GLASSTRAIL_RETRY_BASE_MS ?? '') ? Number(run.env.GLASSTRAIL_RETRY_BASE_MS) : undefined;
  const timing = retryBaseMs === undefined ? undefined : { retryBaseMs };
  // Sources are independent: a failing GitHub pull must not stop the Jira pull (and vice versa);
  // both failures are reported and the caller exits 3.
  const attempt = async (pull: () => Promise<StreamSummary[]>): Promise<void> => {
    try {
      streams.push(...(await pull()));
    } catch (error) {
      // A wrong config or a missing secret is the user's to fix (exit 2), not an incomplete source.
      if (error instanceof GlasstrailError && error.exitCode === 3) failures.push(redactError(error, redact));
      else throw error;
    }
  };
  if (config.github) {
    run.progress('collecting from GitHub');
    // Octokit and jira.js load only when collecting (jira.js alone takes about half a second).
    const { collectGithub } = await import('../sources/github/index.ts');
    // every stream's failure, not only the first: each is an INCOMPLETE reason of its own, and the
    // streams that were pulled keep their summaries
    const streamFailures: GlasstrailError[] = [];
    await attempt(() => collectGithub({ config, since, until, now: run.now, env: run.env, progress: run.progress, timing, failures: streamFailures }));
    failures.push(...streamFailures.map((error) => redactError(error, redact)));
  }
  if (config.jira) {
    run.progress('collecting from Jira');
    const reviewKeys = await reviewKeysOf(config);
    const { collectJira } = await import('../sources/jira/index.ts');
    await attempt(() => collectJira({ config, reviewKeys, since, until, now: run.now, env: run.env, progress: run.progress, timing }));
  }
  return { config, streams, failures };
}
