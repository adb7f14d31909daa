/**
 * The zod schema of glasstrail.config.yaml (CONTRACT §3): the file's shape as the user writes it.
 * Strict everywhere (unknown keys are errors). Cross-references live in references.ts; resolving
 * paths and secrets into the domain `Config` lives in resolve.ts. No transforms here, so the
 * same schema generates the published JSON Schema (scripts/gen-schema.ts).
 */
import { z } from 'zod';
import { GATE_ID_PATTERN } from '../domain/config.ts';
import { isValidZone } from '../time/index.ts';
import { DEFAULT_BYPASS_ACTIONS, DEFAULT_GITHUB_API_URL, DEFAULT_SAMPLE_SIZES } from './defaults.ts';

export const SECRET_MESSAGE = 'secrets are only read from the environment; write env:NAME';
export const GATE_ID_MESSAGE = 'a gate id is 1–100 letters, digits, ".", "_" or "-", not starting with "."';
export const JQL_ORDER_MESSAGE = 'must not hold ORDER BY: collect adds its own order to the window it asks for';
export const URL_CREDENTIALS_MESSAGE = 'must not hold a user name, a password or a query string: secrets are only read from the environment';

const date = z.iso.date({ error: 'not a real calendar date; write YYYY-MM-DD' });
const id = z.string().trim().min(1, { error: 'must not be empty' });
const secret = z
  .string()
  .regex(/^env:[A-Za-z_][A-Za-z0-9_]*$/, { error: SECRET_MESSAGE })
  .meta({ description: 'env:NAME — the secret is read from that environment variable' });
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  // A password (or a ?token=) in the URL would be a secret in the config file, and would follow
  // the URL into every error message that names it. API base URLs need neither.
  .refine((url) => !hasCredentials(url), { error: URL_CREDENTIALS_MESSAGE });

function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '' || parsed.search !== '';
  } catch {
    return false; // not a URL at all: z.url has said so already
  }
}
const path = z.string().min(1, { error: 'must not be empty' }).meta({ description: 'relative to the config file' });

const login = z.string().trim().min(1);
const person = z.strictObject({
  id,
  // trimmed like the id: `github: "alice-gh "` matched no event, and every bypass of theirs was unsanctioned
  github: z
    .union([login, z.array(login).min(1, { error: 'list at least one login' })])
    .optional()
    .meta({ description: 'GitHub login, or a list of every login the account has had (audit entries keep the login of their day: keep a renamed account\'s old login here)' }),
  jira: z.string().trim().min(1).optional(),
  email: z.string().min(1).optional(),
});

const repoName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'write the repository as owner/name' });
const gate = z.strictObject({
  id: id.regex(GATE_ID_PATTERN, { error: GATE_ID_MESSAGE }),
  name: z.string().min(1),
  repo: repoName,
  branch: z.string().min(1).meta({ description: 'bare branch name (refs/heads/ is stripped)' }),
  formerRepos: z
    .array(repoName)
    .min(1, { error: 'list at least one owner/name, or leave formerRepos out' })
    .optional()
    .meta({ description: 'names the repo had before a rename or transfer (audit entries keep the name of their day), so events under them still map to this gate' }),
});

const rosterEntry = z.strictObject({
  person: id,
  gates: z
    .array(id)
    .min(1, { error: 'list at least one gate id, or "*" for all gates' })
    .meta({ description: 'gate ids, or ["*"] for all gates' }),
  from: date,
  until: date,
});

const github = z.strictObject({
  org: z.string().min(1).optional(),
  enterprise: z.string().min(1).optional().meta({ description: 'use the enterprise audit log' }),
  apiUrl: httpUrl.default(DEFAULT_GITHUB_API_URL).meta({ description: 'GHES: https://HOST/api/v3' }),
  token: secret.optional(),
  bypassActions: z.array(z.string().min(1)).default([...DEFAULT_BYPASS_ACTIONS]),
  auditQuery: z
    .enum(['combined', 'per-action'])
    .default('combined')
    .meta({ description: 'combined: one audit-log search for every action (GitHub ORs repeated action: qualifiers); per-action: one search per action' }),
});

const jira = z.strictObject({
  host: httpUrl,
  email: secret.optional(),
  token: secret.optional(),
  jql: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty (the JQL that finds the review tickets)' })
    // collect wraps it in `(jql) AND updated >= … ORDER BY key`: an ORDER BY inside is invalid JQL
    .refine((jql) => !/\border\s+by\b/i.test(jql), { error: JQL_ORDER_MESSAGE }),
  fields: z
    .strictObject({ reviewer: z.string().min(1).optional(), followUp: z.string().min(1).optional() })
    .default({}),
  statusCategories: z
    .record(z.string(), z.enum(['new', 'indeterminate', 'done']))
    // a key check of its own: zod reports a bad record key only as "Invalid key in record"
    .superRefine((record, ctx) => {
      for (const key of Object.keys(record)) {
        if (!/^\d+$/.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'a Jira status id is digits (the id in GET /rest/api/3/status, not its name)' });
      }
    })
    .optional()
    .meta({ description: 'category (new, indeterminate, done) of a status id Jira no longer lists and the archive never saw (deleted from every workflow): read only for ids the archive does not know, and named in the evidence' }),
});

const sampleStep = z.strictObject({
  maxPopulation: z.int().positive().nullable(),
  size: z.int().positive().nullable(),
});

const review = z.strictObject({
  // a review SLA beyond a working year is a typo, and would run due dates past any calendar
  slaBusinessDays: z.int().nonnegative().max(260, { error: 'must be at most 260 business days (a working year)' }).default(2),
  clockStart: z.enum(['grant-start', 'grant-end']).default('grant-start'),
});

const ledger = z.strictObject({
  path,
  checkpoints: path.optional(),
  publicKeys: z.array(path).default([]),
});

export const configSchema = z
  .strictObject({
    organization: z.string().trim().min(1, { error: 'must not be empty' }),
    timezone: z
      .string()
      .refine(isValidZone, { error: 'unknown IANA time zone' })
      .meta({ description: 'IANA zone for periods, business days and output times, e.g. America/New_York' }),
    holidays: z.array(date).default([]).meta({ description: 'org calendar: non-business days besides Sat/Sun (YYYY-MM-DD)' }),
    review: review.default({ slaBusinessDays: 2, clockStart: 'grant-start' }),
    matchToleranceMinutes: z.number().nonnegative().max(1440, { error: 'must be at most 1440 minutes (a day)' }).default(5).meta({ description: 'clock skew allowed when matching events to grants' }),
    maxGrantHours: z.number().positive().max(8784, { error: 'must be at most 8784 hours (a year)' }).default(8),
    maxWaiverDays: z.number().positive().max(3660, { error: 'must be at most 3660 days (ten years)' }).default(30),
    archive: path.default('./archive'),
    ledger,
    people: z.array(person).default([]),
    gates: z.array(gate).default([]),
    roster: z.array(rosterEntry).default([]),
    github: github.optional(),
    jira: jira.optional(),
    sampling: z
      .strictObject({ sizes: z.array(sampleStep).min(1).default(DEFAULT_SAMPLE_SIZES.map((s) => ({ ...s }))) })
      .default({ sizes: DEFAULT_SAMPLE_SIZES.map((s) => ({ ...s })) }),
  })
  .meta({ title: 'glasstrail.config.yaml', description: 'Configuration of glasstrail (see README.md, Configuration).' });

/** The file as validated by the schema, before cross-references and path/secret resolution. */
export type ConfigFile = z.output<typeof configSchema>;
