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
