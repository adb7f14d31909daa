/**
 * Last line of defence for secrets: everything the CLI prints, and every collect failure that
 * becomes an `incomplete` reason in the evidence, passes through this. Sources already keep
 * tokens out of their messages; a server that echoes the Authorization header back in an
 * error body must still not get a token onto a terminal, into a CI log or into evidence.
 *
 * Two sources of secrets: environment variables named like one (found before the config is
 * read), and the variables the config actually names (`github.token: env:GH_PAT`), added once
 * the config is loaded, whatever their names.
 */
import type { Config } from '../domain/config.ts';
import { GlasstrailError, errorRecord, rebuildError } from '../errors.ts';

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const MIN_SECRET_LENGTH = 8;
const EMAIL = /^[^\s@:]+@[^\s@:]+$/;
/** The user part GitHub's basic auth takes with a token. */
const GITHUB_BASIC_USER = 'x-access-token';

/** The texts a secret may appear as: itself, base64, URL-encoded, and HTTP basic auth with each user. */
export function secretForms(secret: string, users: readonly string[]): string[] {
  const forms = new Set<string>([secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]);
  for (const user of [...users, GITHUB_BASIC_USER]) forms.add(Buffer.from(`${user}:${secret}`).toString('base64'));
  return [...forms];
}

export function secretsIn(env: Record<string, string | undefined>): string[] {
  const tokens = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value!);
  const emails = Object.values(env).filter((v): v is string => typeof v === 'string' && EMAIL.test(v));
  return longestFirst(tokens.flatMap((token) => secretForms(token, emails)));
}

// Longest first, so a token inside a longer form does not leave half of the longer one.
function longestFirst(forms: readonly string[]): string[] {
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export interface Redactor {
  (text: string): string;
  /** Hunt `secret` too (with `users` for its basic-auth forms); short values are ignored. */
  add(secret: string, users?: readonly string[]): void;
}

export function createRedactor(env: Record<string, string | undefined>): Redactor {
  let secrets = secretsIn(env);
  const redact = ((text: string) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text)) as Redactor;
  redact.add = (secret, users = []) => {
    if (secret.length < MIN_SECRET_LENGTH) return;
    secrets = longestFirst([...secrets, ...secretForms(secret, users)]);
  };
  return redact;
}

/**
 * The secret values the config names (github.token, jira.email + jira.token), as set in `env`,
 * with the Jira email as the user of its token's basic auth.
 */
export function configuredSecrets(config: Config, env: Record<string, string | undefined>): { secret: string; users: string[] }[] {
  // trimmed: github.token is sent trimmed, and the value as set contains the trimmed one
  const value = (ref: { env: string } | undefined): string | undefined => (ref ? env[ref.env]?.trim() : undefined);
  const email = value(config.jira?.email);
  const out: { secret: string; users: string[] }[] = [];
  const githubToken = value(config.github?.token);
  if (githubToken) out.push({ secret: githubToken, users: [] });
  const jiraToken = value(config.jira?.token);
  if (jiraToken) out.push({ secret: jiraToken, users: email ? [email] : [] });
  return out;
}

/** The same error (class, code, context) with every text passed through `redact`. */
export function redactError(error: GlasstrailError, redact: (text: string) => string): GlasstrailError {
  const record = errorRecord(error);
  if (record.kind === 'other') return error;
  const context = Object.fromEntries(
    Object.entries(record.context).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]),
  );
  return rebuildError({ ...record, message: redact(record.message), context }) as GlasstrailError;
}
