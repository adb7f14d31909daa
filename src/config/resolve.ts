/** Validated file shape → domain `Config`: absolute paths, secret references, normalised URLs and dates. */
import { dirname, resolve } from 'node:path';
import type { Config, SecretRef } from '../domain/config.ts';
import type { ConfigFile } from './schema.ts';

export function toConfig(cfg: ConfigFile, file: string, timezone: string): Config {
  const base = dirname(file);
  const at = (p: string) => resolve(base, p);
  const config: Config = {
    file,
    organization: cfg.organization,
    timezone,
    holidays: [...new Set(cfg.holidays)].sort(),
    review: { ...cfg.review },
    matchToleranceMinutes: cfg.matchToleranceMinutes,
    maxGrantHours: cfg.maxGrantHours,
    maxWaiverDays: cfg.maxWaiverDays,
    archive: at(cfg.archive),
    ledger: {
      path: at(cfg.ledger.path),
      ...(cfg.ledger.checkpoints === undefined ? {} : { checkpoints: at(cfg.ledger.checkpoints) }),
      publicKeys: cfg.ledger.publicKeys.map(at),
    },
    people: cfg.people.map((p) => ({ ...p })),
    gates: cfg.gates.map((g) => ({ ...g, branch: g.branch.replace(/^refs\/heads\//, '') })),
    roster: cfg.roster.map((r) => ({ ...r, gates: [...r.gates] })),
    sampling: { sizes: cfg.sampling.sizes.map((s) => ({ ...s })) },
  };
  if (cfg.github) {
    const { org, enterprise, apiUrl, token, bypassActions, auditQuery } = cfg.github;
    config.github = {
      ...(org === undefined ? {} : { org }),
      ...(enterprise === undefined ? {} : { enterprise }),
      apiUrl: stripSlash(apiUrl),
      ...(token === undefined ? {} : { token: secretRef(token) }),
      bypassActions: [...bypassActions],
      auditQuery,
    };
  }
  if (cfg.jira) {
    const { host, email, token, jql, fields, statusCategories } = cfg.jira;
    config.jira = {
      host: stripSlash(host),
      ...(email === undefined ? {} : { email: secretRef(email) }),
      ...(token === undefined ? {} : { token: secretRef(token) }),
      jql,
      fields: { ...fields },
      ...(statusCategories === undefined ? {} : { statusCategories: { ...statusCategories } }),
    };
  }
  return config;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The schema has already checked the `env:NAME` form. */
function secretRef(text: string): SecretRef {
  return { env: text.slice('env:'.length) };
}

/**
 * YAML 1.1 loaders turn `2026-09-30` into a UTC-midnight Date. We parse with the 1.2 core schema,
 * which keeps it a string, but should a Date ever arrive, read back the calendar date it came from
 * (its UTC parts), never a local-zone rendering of it.
 */
export function datesToStrings(value: unknown): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return value;
    const iso = value.toISOString();
    return iso.slice(0, 10);
  }
  if (Array.isArray(value)) return value.map(datesToStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, datesToStrings(v)]));
  }
  return value;
}
