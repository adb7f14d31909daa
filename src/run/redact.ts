/**
 * Last line of defence for secrets: everything the CLI prints passes through this. Sources
 * already keep tokens out of their messages; a server that echoes the Authorization header
 * back in an error body must still not get a token onto a terminal or into a CI log.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const MIN_SECRET_LENGTH = 8;

export function secretsIn(env: Record<string, string | undefined>): string[] {
  const tokens = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value!);
  const emails = Object.values(env).filter((v): v is string => typeof v === 'string' && /^[^\s@:]+@[^\s@:]+$/.test(v));
  const forms = new Set<string>();
  for (const token of tokens) {
    forms.add(token);
    forms.add(Buffer.from(token).toString('base64'));
    // HTTP basic auth (Jira): base64("email:token") and base64("x-access-token:token") (GitHub).
    for (const user of [...emails, 'x-access-token']) forms.add(Buffer.from(`${user}:${token}`).toString('base64'));
  }
  // Longest first, so a token inside a longer form does not leave half of the longer one.
  return [...forms].sort((a, b) => b.length - a.length);
}

export function createRedactor(env: Record<string, string | undefined>): (text: string) => string {
  const secrets = secretsIn(env);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
