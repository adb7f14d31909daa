import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, GlasstrailError, UsageError } from '../errors.ts';
import { DEFAULT_BYPASS_ACTIONS, DEFAULT_SAMPLE_SIZES, loadConfig, resolveSecret } from './index.ts';
import { datesToStrings } from './resolve.ts';

const here = dirname(fileURLToPath(import.meta.url));
const FULL = join(here, '__fixtures__', 'full.yaml');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glasstrail-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function write(text: string): Promise<string> {
  const file = join(dir, `c${n++}.yaml`);
  await writeFile(file, text);
  return file;
}

async function failure(file: string, options?: { tz?: string }): Promise<GlasstrailError> {
  try {
    await loadConfig(file, options);
  } catch (e) {
    if (e instanceof GlasstrailError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig: the contract example', () => {
  it('loads every field', async () => {
    const cfg = await loadConfig(FULL);
    expect(cfg.file).toBe(FULL);
    expect(cfg.organization).toBe('Acme Corp');
    expect(cfg.timezone).toBe('America/New_York');
    expect(cfg.holidays).toEqual(['2026-01-01', '2026-07-03']);
    expect(cfg.review).toEqual({ slaBusinessDays: 2, clockStart: 'grant-start' });
    expect([cfg.matchToleranceMinutes, cfg.maxGrantHours, cfg.maxWaiverDays]).toEqual([5, 8, 30]);
    expect(cfg.archive).toBe(join(here, '__fixtures__', 'archive'));
    expect(cfg.ledger).toEqual({
      path: join(here, '__fixtures__', 'ledger', 'breakglass.jsonl'),
      checkpoints: join(here, '__fixtures__', 'ledger', 'checkpoints.jsonl'),
      publicKeys: [join(here, '__fixtures__', 'keys', 'ledger.pub.pem')],
    });
    expect(cfg.people).toEqual([{ id: 'alice', github: 'alice-gh', jira: '5b10ac8d82e05b22cc7d4ef5', email: 'alice@acme.example' }]);
    expect(cfg.gates).toEqual([{ id: 'payments-main', name: 'payments / main', repo: 'acme/payments', branch: 'main' }]);
    expect(cfg.roster).toEqual([{ person: 'alice', gates: ['payments-main'], from: '2026-01-01', until: '2026-12-31' }]);
    expect(cfg.github).toEqual({
      org: 'acme',
      enterprise: 'acme-inc',
      apiUrl: 'https://api.github.com',
      token: { env: 'GITHUB_TOKEN' },
      bypassActions: [...DEFAULT_BYPASS_ACTIONS],
      auditQuery: 'combined',
    });
    expect(cfg.jira).toEqual({
      host: 'https://acme.atlassian.net',
      email: { env: 'JIRA_EMAIL' },
      token: { env: 'JIRA_API_TOKEN' },
      jql: 'project = BGR',
      fields: { reviewer: 'customfield_10100', followUp: 'customfield_10101' },
    });
    expect(cfg.sampling.sizes).toEqual(DEFAULT_SAMPLE_SIZES);
  });

  it('secrets resolve from the given environment only', async () => {
    const cfg = await loadConfig(FULL);
    const env = { GITHUB_TOKEN: 'ghp_test', JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'jt' };
    expect(resolveSecret(cfg.github?.token, 'github.token', env)).toBe('ghp_test');
    expect(resolveSecret(cfg.jira?.email, 'jira.email', env)).toBe('bot@acme.example');
    expect(resolveSecret(cfg.jira?.token, 'jira.token', env)).toBe('jt');
  });

  it('--tz overrides the configured zone', async () => {
    expect((await loadConfig(FULL, { tz: 'Europe/Berlin' })).timezone).toBe('Europe/Berlin');
  });

  it('a zone is written as conventionally spelled; an alias stays as given', async () => {
    expect((await loadConfig(FULL, { tz: 'america/new_york' })).timezone).toBe('America/New_York');
    expect((await loadConfig(FULL, { tz: 'utc' })).timezone).toBe('UTC');
    expect((await loadConfig(FULL, { tz: 'Asia/Kolkata' })).timezone).toBe('Asia/Kolkata');
    expect((await loadConfig(FULL, { tz: 'US/Eastern' })).timezone).toBe('US/Eastern');
  });

  it('a bad --tz is a usage error', async () => {
    const err = await failure(FULL, { tz: 'Europe/Atlantis' });
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.context.key).toBe('--tz');
  });
});

const BASE = `organization: Acme
timezone: America/New_York
ledger:
  path: ./ledger.jsonl
people:
  - id: alice
  - id: bob
gates:
  - id: pay
    name: Payments
    repo: acme/payments
    branch: main
roster:
  - person: alice
    gates: [pay]
    from: 2026-01-01
    until: 2026-12-31
github:
  org: acme
  token: env:GITHUB_TOKEN
`;

function variant(from: string, to: string): string {
  if (!BASE.includes(from)) throw new Error(`fixture text not found: ${from}`);
  return BASE.replace(from, to);
}

describe('loadConfig: defaults', () => {
  it('fills the documented defaults', async () => {
    const file = await write(BASE);
    const cfg = await loadConfig(file);
    expect(cfg.holidays).toEqual([]);
    expect(cfg.review).toEqual({ slaBusinessDays: 2, clockStart: 'grant-start' });
    expect([cfg.matchToleranceMinutes, cfg.maxGrantHours, cfg.maxWaiverDays]).toEqual([5, 8, 30]);
    expect(cfg.archive).toBe(join(dir, 'archive'));
    expect(cfg.ledger).toEqual({ path: join(dir, 'ledger.jsonl'), publicKeys: [] });
    expect(cfg.github?.apiUrl).toBe('https://api.github.com');
    expect(cfg.github?.bypassActions).toEqual([...DEFAULT_BYPASS_ACTIONS]);
    expect(cfg.github?.auditQuery).toBe('combined');
    expect(cfg.jira).toBeUndefined();
    expect(cfg.sampling.sizes).toEqual([
      { maxPopulation: 1, size: null },
      { maxPopulation: 4, size: 2 },
      { maxPopulation: 12, size: 3 },
      { maxPopulation: 52, size: 10 },
      { maxPopulation: 250, size: 25 },
      { maxPopulation: null, size: 40 },
    ]);
  });

  it('normalises: trailing slash, refs/heads/, partial review block, holidays sorted and unique, "*" gates', async () => {
    const text = variant('  org: acme\n', '  org: acme\n  apiUrl: https://ghe.acme.example/api/v3/\n')
      .replace('    branch: main', '    branch: refs/heads/main')
      .replace('    gates: [pay]', '    gates: ["*"]')
      .replace('timezone: America/New_York\n', 'timezone: America/New_York\nholidays: [2026-12-25, 2026-01-01, 2026-12-25]\nreview: { clockStart: grant-end }\n');
    const cfg = await loadConfig(await write(text));
    expect(cfg.github?.apiUrl).toBe('https://ghe.acme.example/api/v3');
    expect(cfg.gates[0]?.branch).toBe('main');
    expect(cfg.roster[0]?.gates).toEqual(['*']);
    expect(cfg.holidays).toEqual(['2026-01-01', '2026-12-25']);
    expect(cfg.review).toEqual({ slaBusinessDays: 2, clockStart: 'grant-end' });
  });

  it('a person may use one name for id, GitHub login and Jira account', async () => {
    const config = await loadConfig(await write(variant('  - id: alice\n', '  - { id: alice, github: Alice, jira: alice }\n')));
    expect(config.people[0]).toMatchObject({ id: 'alice', github: 'Alice', jira: 'alice' });
  });

  it('a renamed or transferred repo lists its former names', async () => {
    const config = await loadConfig(await write(variant('    branch: main\n', '    branch: main\n    formerRepos: [kestrel/payments]\n')));
    expect(config.gates[0]).toMatchObject({ id: 'pay', repo: 'acme/payments', formerRepos: ['kestrel/payments'] });
  });

  it('a renamed GitHub account lists every login it has had', async () => {
    const config = await loadConfig(await write(variant('  - id: alice\n', '  - { id: alice, github: [alice-new, alice-gh] }\n')));
    expect(config.people[0]).toMatchObject({ id: 'alice', github: ['alice-new', 'alice-gh'] });
  });

  it('GitHub logins and Jira accounts are trimmed like ids (a stray space matched no event)', async () => {
    const cfg = await loadConfig(await write(variant('  - id: alice\n', '  - { id: " alice ", github: "alice-gh ", jira: " acc-1" }\n')));
    expect(cfg.people[0]).toMatchObject({ id: 'alice', github: 'alice-gh', jira: 'acc-1' });
    const listed = await loadConfig(await write(variant('  - id: alice\n', '  - { id: alice, github: ["alice-new ", " alice-gh"] }\n')));
    expect(listed.people[0]).toMatchObject({ id: 'alice', github: ['alice-new', 'alice-gh'] });
  });

  it('a roster person written in another normal form than its people id is that person', async () => {
    const cfg = await loadConfig(await write(variant('  - id: alice\n', '  - id: "jos\u00e9"\n').replace('person: alice', 'person: "jose\u0301"')));
    expect(cfg.roster[0]?.person).toBe('jose\u0301');
  });

  it('YAML 1.2: dates and yes/no stay strings', async () => {
    const cfg = await loadConfig(await write(variant('organization: Acme', 'organization: yes')));
    expect(cfg.organization).toBe('yes');
    expect(cfg.roster[0]?.from).toBe('2026-01-01');
  });
});

describe('loadConfig: encodings', () => {
  const bytesFile = async (bytes: Buffer): Promise<string> => {
    const file = join(dir, `c${n++}.yaml`);
    await writeFile(file, bytes);
    return file;
  };
  const named = variant('organization: Acme', 'organization: Zo\u00eb Caf\u00e9').replace('  - id: alice\n', '  - id: "jos\u00e9"\n').replace('person: alice', 'person: "jos\u00e9"');

  it('a UTF-8 BOM and CRLF line ends (a Windows editor) read like the plain file', async () => {
    const plain = await loadConfig(await bytesFile(Buffer.from(named)));
    const windows = await loadConfig(await bytesFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(named.replaceAll('\n', '\r\n'))])));
    expect({ ...windows, digest: undefined, file: undefined }).toEqual({ ...plain, digest: undefined, file: undefined });
    expect(windows.organization).toBe('Zo\u00eb Caf\u00e9');
  });

  it.each<[string, Buffer, number | undefined, RegExp]>([
    // Windows-1252 é is the one byte 0xE9: read lossily it became U+FFFD in names, exit 0
    ['Latin-1 text', Buffer.from(named, 'latin1'), 1, /line is not valid UTF-8/],
    ['Latin-1 on a later line', Buffer.from(variant('  - id: bob', '  - id: "b\u00f6b"'), 'latin1'), 7, /line is not valid UTF-8/],
    // PowerShell 5's `>` writes UTF-16LE with a BOM
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(named, 'utf16le')]), 1, /the config is UTF-16; it must be UTF-8/],
    ['UTF-16LE without a BOM', Buffer.from(named, 'utf16le'), 1, /a NUL byte on this line; UTF-16\?/],
    ['a stray NUL byte on line 3', Buffer.from(named.replace('ledger:', 'led\u0000ger:')), 3, /a NUL byte on this line/],
  ])('%s: refused, naming the file and line', async (_name, bytes, line, message) => {
    const err = await failure(await bytesFile(bytes));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    expect(err.context.line).toBe(line);
    expect(err.message).toMatch(message);
    expect(err.context.fix).toMatch(/save the file as UTF-8/);
  });
});

describe('loadConfig: bad configs', () => {
  it.each<[string, string, number | undefined, string | undefined, RegExp]>([
    ['unknown top-level key', `${BASE}colour: blue\n`, 21, 'colour', /unknown key "colour"/],
    ['unknown nested key', variant('    branch: main\n', '    branch: main\n    brnach: dev\n'), 13, 'gates[0].brnach', /unknown key "brnach"/],
    ['bad zone', variant('timezone: America/New_York', 'timezone: America/Gotham'), 2, 'timezone', /IANA/],
    ['bad roster date 2026-02-30', variant('from: 2026-01-01', 'from: 2026-02-30'), 16, 'roster[0].from', /calendar date/],
    ['bad holiday', variant('ledger:\n', 'holidays: [2026-01-01, 2026-13-01]\nledger:\n'), 3, 'holidays[1]', /calendar date/],
    ['undefined gate in roster', variant('gates: [pay]', 'gates: [pay, payroll]'), 15, 'roster[0].gates[1]', /gate "payroll" is not defined/],
    ['undefined person', variant('person: alice', 'person: carol'), 14, 'roster[0].person', /person "carol" is not defined/],
    ['literal token', variant('token: env:GITHUB_TOKEN', 'token: ghp_16C7e42F292c6912E7710c838347Ae178B4a'), 20, 'github.token', /secrets are only read from the environment; write env:NAME/],
    ['missing ledger.path', variant('  path: ./ledger.jsonl', '  checkpoints: ./cp.jsonl'), 3, 'ledger.path', /required key "path" is missing/],
    ['missing ledger', variant('ledger:\n  path: ./ledger.jsonl\n', ''), 1, 'ledger', /required key "ledger" is missing/],
    ['missing timezone', variant('timezone: America/New_York\n', ''), 1, 'timezone', /required key "timezone"/],
    ['YAML syntax error: duplicate key', variant('  - id: bob', '  - id: bob\n    id: robert'), 8, undefined, /YAML syntax error/],
    ['YAML syntax error: bad indentation', variant('    name: Payments', '   name: Payments'), 10, undefined, /YAML syntax error/],
    ['until before from', variant('until: 2026-12-31', 'until: 2025-12-31'), 17, 'roster[0].until', /before from/],
    ['a repo and branch defined twice', variant('roster:', '  - { id: pay2, name: P2, repo: Acme/Payments, branch: main }\nroster:'), 13, 'gates[1].branch', /gates\[0\] already covers Acme\/Payments@main/],
    ['a former repo name that is another gate\'s repo', variant('roster:', '  - { id: pay2, name: P2, repo: acme/pay2, branch: main, formerRepos: [acme/payments] }\nroster:'), 13, 'gates[1].formerRepos[0]', /gates\[0\] already covers acme\/payments@main \(a former name here\)/],
    ['a former repo name that is not owner/name', variant('    branch: main\n', '    branch: main\n    formerRepos: [payments]\n'), 13, 'gates[0].formerRepos[0]', /owner\/name/],
    // the clash is named at the former name even when its gate comes first
    ['a former repo name that a later gate\'s repo is', variant('    branch: main\n', '    branch: main\n    formerRepos: [acme/pay2]\n').replace('roster:', '  - { id: pay2, name: P2, repo: acme/pay2, branch: main }\nroster:'), 13, 'gates[0].formerRepos[0]', /gates\[1\] already covers acme\/pay2@main \(a former name here\)/],
    ['an empty formerRepos', variant('    branch: main\n', '    branch: main\n    formerRepos: []\n'), 13, 'gates[0].formerRepos', /list at least one owner\/name/],
    ['duplicate person id', variant('  - id: bob', '  - id: alice'), 7, 'people[1].id', /duplicate person id "alice"/],
    // one name in two normal forms is one person (join/identity.ts compares in NFC)
    ['duplicate person id, composed and decomposed', variant('  - id: alice\n  - id: bob', '  - id: "jos\u00e9"\n  - id: "jose\u0301"'), 7, 'people[1].id', /duplicate person id "jos\u00e9"/],
    // eve's login is bob's id: eve's bypasses would be covered by bob's grants
    ['a GitHub login that is another person\'s id', variant('  - id: bob\n', '  - id: bob\n  - { id: eve, github: Bob }\n'), 8, 'people[2].github', /GitHub login "Bob" is also the id of people\[1\] \(bob\)/],
    ['a Jira account that is another person\'s GitHub login', variant('  - id: bob\n', '  - { id: bob, github: bob-gh }\n  - { id: eve, jira: bob-gh }\n'), 8, 'people[2].jira', /Jira account "bob-gh" is also the GitHub login of people\[1\] \(bob\)/],
    ['a former GitHub login that is another person\'s login', variant('  - id: bob\n', '  - { id: bob, github: bob-gh }\n  - { id: eve, github: [eve-gh, BOB-gh] }\n'), 8, 'people[2].github[1]', /the same github identity is already mapped at people\[1\]/],
    ['a former GitHub login that is another person\'s id', variant('  - id: bob\n', '  - id: bob\n  - { id: eve, github: [eve-gh, bob] }\n'), 8, 'people[2].github', /GitHub login "bob" is also the id of people\[1\] \(bob\)/],
    ['an empty list of GitHub logins', variant('  - id: bob\n', '  - { id: bob, github: [] }\n'), 7, 'people[1].github', /list at least one login/],
    ['duplicate gate id', variant('roster:', '  - { id: pay, name: P2, repo: acme/other, branch: main }\nroster:'), 13, 'gates[1].id', /duplicate gate id "pay"/],
    ['github without org or enterprise', variant('  org: acme\n', ''), 18, 'github', /org or an enterprise/],
    ['repo not owner/name', variant('repo: acme/payments', 'repo: payments'), 11, 'gates[0].repo', /owner\/name/],
    ['wrong type', variant('ledger:\n', 'maxGrantHours: eight\nledger:\n'), 3, 'maxGrantHours', /expected a number, got a string/],
    ['bad enum', variant('ledger:\n', 'review:\n  clockStart: whenever\nledger:\n'), 4, 'review.clockStart', /grant-start/],
    ['bad github.auditQuery', variant('  org: acme\n', '  org: acme\n  auditQuery: each\n'), 20, 'github.auditQuery', /must be one of "combined", "per-action"/],
    ['negative SLA days', variant('ledger:\n', 'review: { slaBusinessDays: -1 }\nledger:\n'), 3, 'review.slaBusinessDays', /0/],
    ['list instead of mapping', '- organization: Acme\n', 1, undefined, /mapping/],
    ['negative maxGrantHours', variant('ledger:\n', 'maxGrantHours: -1\nledger:\n'), 3, 'maxGrantHours', /^must be greater than 0$/],
    ['an SLA of a hundred million days', variant('ledger:\n', 'review: { slaBusinessDays: 100000000 }\nledger:\n'), 3, 'review.slaBusinessDays', /at most 260 business days/],
    ['a tolerance past a day', variant('ledger:\n', 'matchToleranceMinutes: 1e12\nledger:\n'), 3, 'matchToleranceMinutes', /^must be at most 1440 minutes \(a day\)$/],
    ['an infinite number', variant('ledger:\n', 'maxGrantHours: .inf\nledger:\n'), 3, 'maxGrantHours', /^expected a number, got an infinite number \(write a finite one\)$/],
    ['a number too large for a double', variant('ledger:\n', 'maxWaiverDays: 1e400\nledger:\n'), 3, 'maxWaiverDays', /got an infinite number/],
    ['a YAML merge key', variant('ledger:\n', 'review:\n  <<: { slaBusinessDays: 3 }\nledger:\n'), 4, 'review.<<', /the YAML merge key "<<" is not supported/],
    ['blank organization', variant('organization: Acme', 'organization: "  "'), 1, 'organization', /must not be empty/],
    ['empty gate name', variant('    name: Payments', '    name: ""'), 10, 'gates[0].name', /^must not be empty$/],
    ['empty github.org', variant('  org: acme', '  org: ""'), 19, 'github.org', /^must not be empty$/],
    // a gate id names an archive file (github/merges/<id>.ndjson): no separators, no leading dot, not `*`
    ['gate id climbing out of the archive', variant('  - id: pay\n', '  - id: ../../escaped\n'), 9, 'gates[0].id', /a gate id is 1–100 letters, digits/],
    ['gate id starting with a dot', variant('  - id: pay\n', '  - id: .hidden\n'), 9, 'gates[0].id', /not starting with "\."/],
    ['gate id "*" (the totals row)', variant('  - id: pay\n', '  - id: "*"\n'), 9, 'gates[0].id', /a gate id is/],
    ['ORDER BY in jira.jql', variant('  org: acme\n', '  org: acme\njira:\n  host: https://acme.atlassian.net\n  jql: project = BGR order by created DESC\n'), 22, 'jira.jql', /must not hold ORDER BY/],
    ['a status name in jira.statusCategories', variant('  org: acme\n', '  org: acme\njira:\n  host: https://acme.atlassian.net\n  jql: project = BGR\n  statusCategories: { Approved: done }\n'), 23, 'jira.statusCategories.Approved', /a Jira status id is digits/],
    ['a category Jira does not have in jira.statusCategories', variant('  org: acme\n', '  org: acme\njira:\n  host: https://acme.atlassian.net\n  jql: project = BGR\n  statusCategories: { "10009": closed }\n'), 23, 'jira.statusCategories.10009', /new|indeterminate|done/],
    ['a query string in jira.host', variant('  org: acme\n', '  org: acme\njira:\n  host: https://acme.atlassian.net/?token=abc\n  jql: project = BGR\n'), 21, 'jira.host', /must not hold a user name, a password or a query string/],
    ['credentials in github.apiUrl', variant('  org: acme\n', '  org: acme\n  apiUrl: https://u:p4ss@ghe.example/api/v3\n'), 20, 'github.apiUrl', /must not hold a user name, a password or a query string/],
  ])('%s', async (_name, text, line, key, message) => {
    const err = await failure(await write(text));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    expect(err.context.where).toMatch(/c\d+\.yaml$/);
    expect(err.context.line).toBe(line);
    expect(err.context.key).toBe(key);
    expect(err.message).toMatch(message);
    expect(err.describe()).not.toMatch(/\n.*\n/); // at most two lines
    expect(err.context.fix, 'every config error says how to fix it').toBeTruthy();
    expect(err.message).not.toMatch(/Too (small|big)|expected number to be/);
  });

  it('never echoes a literal secret', async () => {
    const token = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
    const err = await failure(await write(variant('token: env:GITHUB_TOKEN', `token: ${token}`)));
    expect(err.describe()).not.toContain(token);
  });

  it('an empty file names the missing keys', async () => {
    const err = await failure(await write(''));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/mapping|missing/);
  });

  it('several problems: reports the first in file order and counts the rest', async () => {
    const text = variant('person: alice', 'person: carol').replace('timezone: America/New_York', 'timezone: Nowhere');
    const err = await failure(await write(text));
    // the zone fails the schema, so cross-references are not checked yet
    expect(err.context.line).toBe(2);
    expect(err.message).toBe('unknown IANA time zone');
    const two = variant('person: alice', 'person: carol').replace('gates: [pay]', 'gates: [nope]');
    const err2 = await failure(await write(two));
    expect(err2.context.line).toBe(14);
    expect(err2.message).toMatch(/\(and 1 more problem\)$/);
  });

  it('unknown key lists the allowed keys in the fix', async () => {
    const err = await failure(await write(variant('  - id: alice', '  - { id: alice, login: al }')));
    expect(err.context.key).toBe('people[0].login');
    expect(err.context.line).toBe(6);
    expect(err.context.fix).toContain('id, github, jira, email');
  });

  it('a missing file says "not found" with the --config fix', async () => {
    const err = await failure(join(dir, 'nope', 'glasstrail.config.yaml'));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    expect(err.describe()).toMatch(/glasstrail\.config\.yaml: not found\n {2}fix: pass --config FILE/);
  });
});

describe('resolveSecret', () => {
  it('names the variable, never the value, when unset', () => {
    expect(() => resolveSecret({ env: 'GITHUB_TOKEN' }, 'github.token', {})).toThrow(/^GITHUB_TOKEN is not set; export it/);
    expect(() => resolveSecret({ env: 'GITHUB_TOKEN' }, 'github.token', { GITHUB_TOKEN: '  ' })).toThrow(ConfigError);
  });
  it('complains when the secret is not configured at all', () => {
    expect(() => resolveSecret(undefined, 'jira.token', { JIRA_API_TOKEN: 'x' })).toThrow(/jira\.token is not configured/);
  });
});

describe('config digest', () => {
  it('is the hex SHA-256 and size of the very bytes parsed', async () => {
    const bytes = await readFile(FULL);
    const cfg = await loadConfig(FULL);
    expect(cfg.digest).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
  });
});

describe('datesToStrings (defence against YAML 1.1 Date values)', () => {
  it('uses the UTC date parts, whatever the process zone', () => {
    expect(datesToStrings({ holidays: [new Date(Date.UTC(2026, 6, 3))], n: 1, s: 'x' })).toEqual({ holidays: ['2026-07-03'], n: 1, s: 'x' });
  });
});

describe('loadConfig: YAML aliases', () => {
  const rosterOf = (people: number, aliases: boolean) =>
    BASE.replace(/people:\n[\s\S]*?gates:/, `people:\n${Array.from({ length: people }, (_, i) => `  - id: p${i}`).join('\n')}\ngates:`).replace(
      /roster:\n[\s\S]*?github:/,
      `roster:\n${Array.from({ length: people }, (_, i) => `  - { person: p${i}, gates: ${aliases ? (i === 0 ? '&all [pay]' : '*all') : '[pay]'}, from: 2026-01-01, until: 2026-12-31 }`).join('\n')}\ngithub:`,
    );

  it('a roster repeating one gate list by alias hundreds of times loads like the written-out one', async () => {
    const byAlias = await loadConfig(await write(rosterOf(500, true)));
    const written = await loadConfig(await write(rosterOf(500, false)));
    expect(byAlias.roster).toHaveLength(500);
    expect(byAlias.roster).toEqual(written.roster);
  });

  it('an alias expansion past the limit is a config error naming the file (exit 2), not an internal error', async () => {
    // a "billion laughs": each level doubles the one before
    const levels = Array.from({ length: 16 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`).join('\n');
    const err = await failure(await write(`${BASE}x0: &l0 [a]\n${levels}\n`));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(2);
    expect(err.context.where).toMatch(/c\d+\.yaml$/);
    expect(err.message).toMatch(/^YAML aliases expand too far/);
  });
});
