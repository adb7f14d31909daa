/** Secrets come only from the environment. Messages name the variable, never its value. */
import type { SecretRef } from '../domain/config.ts';
import { ConfigError } from '../errors.ts';

/** Read the secret `ref` points at. `what` names its config key, e.g. `github.token`. */
export function resolveSecret(ref: SecretRef | undefined, what: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!ref) {
    throw new ConfigError('SECRET_NOT_CONFIGURED', `${what} is not configured`, {
      key: what,
      fix: `add ${what}: env:NAME to the config and export NAME`,
    });
  }
  const value = env[ref.env];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError('SECRET_MISSING', `${ref.env} is not set; export it (${what} reads it from the environment)`, {
      key: what,
      fix: `export ${ref.env}=<secret> before running glasstrail`,
    });
  }
  return value;
}

/**
 * A secret that is set but cannot be what was meant: whitespace or control characters at either
 * end (a Windows line ending from a .env file) or inside, or, for an account email, no `@`. Sent
 * as is, it fails later as a 401 or a client-library crash that no longer names the variable.
 */
export function checkSecretValue(value: string, variable: string, key: string, file: string, kind: 'token' | 'email' = 'token'): void {
  // eslint-disable-next-line no-control-regex
  const problem = /[\x00-\x1f\x7f]/.test(value)
    ? 'holds a control character (a \\r from a Windows .env file?)'
    : value !== value.trim()
      ? 'has spaces at its start or end'
      : /\s/.test(value)
        ? 'holds a space'
        : kind === 'email' && !/^[^@]+@[^@]+$/.test(value)
          ? 'is not an email address (the Atlassian account email that owns the API token)'
          : undefined;
  if (problem) {
    throw new ConfigError('SECRET_MALFORMED', `the environment variable ${variable} (${key}) ${problem}`, {
      where: file,
      key,
      fix: `export ${variable} again with exactly the ${kind === 'email' ? 'email address' : 'token'}, nothing around it`,
    });
  }
}
