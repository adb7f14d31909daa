/** The validated, resolved configuration (see CONTRACT §3). All paths are absolute. */
import type { StatusCategory } from './review.ts';

export interface Person {
  id: string;
  /** the GitHub login, or every login the account has had (audit entries keep the login of their day) */
  github?: string | readonly string[];
  jira?: string;
  email?: string;
}

/** Every GitHub login of a person, in config order. */
export function githubLogins(person: Pick<Person, 'github'>): readonly string[] {
  if (person.github === undefined) return [];
  return typeof person.github === 'string' ? [person.github] : person.github;
}

/** A gate's repo and the names it had before (`formerRepos`), current first. */
export function gateRepos(gate: Pick<Gate, 'repo' | 'formerRepos'>): readonly string[] {
  return gate.formerRepos ? [gate.repo, ...gate.formerRepos] : [gate.repo];
}

export interface Gate {
  id: string;
  name: string;
  /** `owner/name` */
  repo: string;
  /** earlier `owner/name`s of the repo (renamed or transferred): audit entries keep the name of their day */
  formerRepos?: readonly string[];
  /** bare branch name, no `refs/heads/` */
  branch: string;
}

export interface RosterEntry {
  person: string;
  /** gate ids, or `["*"]` for all gates */
  gates: string[];
  /** calendar dates `YYYY-MM-DD` in the org zone, inclusive */
  from: string;
  until: string;
}

/** A secret is only ever a reference to an environment variable (`env:NAME`). */
export interface SecretRef {
  env: string;
}

export interface GithubConfig {
  org?: string;
  enterprise?: string;
  /** no trailing slash; `https://api.github.com` by default */
  apiUrl: string;
  token?: SecretRef;
  bypassActions: string[];
  /** one audit-log search for every action (undefined: `combined`), or one per action (if repeated `action:` did not OR) */
  auditQuery?: 'combined' | 'per-action';
}

export interface JiraConfig {
  host: string;
  email?: SecretRef;
  token?: SecretRef;
  jql: string;
  fields: { reviewer?: string; followUp?: string };
  /** status id -> category, for a status the archive does not know (deleted from Jira before collect saw it) */
  statusCategories?: Readonly<Record<string, StatusCategory>>;
}

/** Population size -> sample size table for `sample --size auto` (CONTRACT §9). */
export interface SampleSizeStep {
  /** populations up to and including this size (null = any larger population) ... */
  maxPopulation: number | null;
  /** ... get this many samples (`null` = the whole population) */
  size: number | null;
}

/** SHA-256 and size of the bytes a file was read from (the manifest lists these, not a second read). */
export interface FileDigest {
  sha256: string;
  bytes: number;
}

export interface Config {
  /** absolute path of the config file */
  file: string;
  /** of the bytes parsed; absent for a config built in code */
  digest?: FileDigest;
  organization: string;
  timezone: string;
  /** `YYYY-MM-DD`, sorted, unique */
  holidays: string[];
  review: { slaBusinessDays: number; clockStart: 'grant-start' | 'grant-end' };
  matchToleranceMinutes: number;
  maxGrantHours: number;
  maxWaiverDays: number;
  archive: string;
  ledger: { path: string; checkpoints?: string; publicKeys: string[] };
  people: Person[];
  gates: Gate[];
  roster: RosterEntry[];
  github?: GithubConfig;
  jira?: JiraConfig;
  sampling: { sizes: SampleSizeStep[] };
}

/**
 * What a gate id may be: it names an archive file (github/merges/<id>.ndjson) and a row of
 * gates.csv, where `*` is the totals row. The config schema checks it; mergesFile guards it.
 */
export const GATE_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
