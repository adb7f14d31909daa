/** The command line as a scheduled job meets it: typos, empty variables, closed pipes. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeWriter } from '../../src/cli.ts';
import { BIN, cli, demoCopy, Q3 } from './helpers.ts';

const STACK = /\n\s+at /;

describe('option values', () => {
  it.each([
    [['--quarter', '2026-Q3', '--quarter', '2026-Q2', '--as-of', '2026-10-15T00:00:00Z'], 'given twice ("2026-Q3", then "2026-Q2"): pass it once'],
    [['--from', '2026-07-01', '--to', '2026-07-31', '--from', '2026-08-01', '--as-of', '2026-10-15T00:00:00Z'], 'given twice'],
    [[...Q3, '--as-of', '2026-11-15T00:00:00Z'], 'given twice ("2026-10-15T00:00:00Z", then "2026-11-15T00:00:00Z")'],
    [[...Q3, '--tz', 'UTC', '--tz', 'Europe/Berlin'], 'given twice ("UTC", then "Europe/Berlin")'],
    // a default may be set once, not twice
    [[...Q3, '--framework', 'sox', '--framework', 'pci'], 'given twice ("sox", then "pci")'],
    [[...Q3, '--fail-on', 'high', '--fail-on', 'none'], 'given twice ("high", then "none")'],
    [[...Q3, '--out', 'a', '--out=b'], 'given twice ("a", then "b")'],
  ])('a value option given twice is refused, not last-wins: %j', (args, words) => {
    const dir = demoCopy();
    const r = cli(['report', ...args, '--format', 'csv'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(words);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it.each([
    ['--generated-at', '0001-01-01T00:00:00Z'],
    ['--as-of', '1969-12-31T23:59:59Z'],
  ])('%s before 1970 is refused (exit 2): a zone\'s offset then is local mean time, which RFC 3339 cannot write', (flag, instant) => {
    const dir = demoCopy();
    const r = cli(['report', '--quarter', '2026-Q3', '--format', 'csv', flag, instant], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${flag} "${instant}" lies outside 1970–9999`);
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  // the machine's own Node (20 here) without the pinned one: two plain lines, not a stack trace
  const older = (path: string): boolean => {
    const [major = 0, minor = 0] = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim().split('.').map(Number);
    return major < 22 || (major === 22 && minor < 18);
  };
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p) && older(p));
  it.runIf(systemNode !== undefined)('an older Node is told the version needed, not shown a stack trace', () => {
    const r = spawnSync(systemNode!, [BIN, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^glasstrail: needs Node\.js 22\.18 or later; this is Node\.js \d+\.\d+\.\d+\n {2}fix: /);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('an option whose value is missing does not swallow the next option (--out "$EMPTY" --collect)', () => {
    const dir = demoCopy();
    const r = cli(['report', ...Q3, '--format', 'csv', '--out', '--collect'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"--collect" is an option, not a value: the value is missing');
    expect(existsSync(join(dir, '--collect'))).toBe(false);
  });

  it.runIf(process.platform === 'linux')('an out dir that cannot be made ends with the path and exit 3 (Node\'s recursive mkdir spins forever under /proc)', () => {
    const r = cli(['report', ...Q3, '--format', 'csv', '--out', '/proc/glasstrail-e2e/out'], { cwd: demoCopy() });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('/proc/glasstrail-e2e: cannot create the folder: no such file or folder (ENOENT)');
  });

  it('report --collect checks its own options before collecting anything', () => {
    const dir = demoCopy();
    const r = cli(['report', '--collect', '--quarter', '2026-Q5', '--format', 'csv'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain('2026-Q5');
    // no collect ran: it would have failed on the missing GITHUB_TOKEN and said so
    expect(r.stderr).not.toMatch(/GITHUB_TOKEN|JIRA/);
    const badFormat = cli(['report', '--collect', ...Q3, '--format', 'xml'], { cwd: dir });
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "xml"');
    expect(badFormat.stderr).not.toMatch(/GITHUB_TOKEN|JIRA/);
    // --out too: a file there, or a sample's folder, is found before the collect
    writeFileSync(join(dir, 'afile'), 'x');
    const outFile = cli(['report', '--collect', ...Q3, '--format', 'csv', '--out', 'afile'], { cwd: dir });
    expect(outFile.status).toBe(2);
    expect(outFile.stderr).toContain('afile is a file (or lies under one), not a folder');
    expect(outFile.stderr).not.toMatch(/GITHUB_TOKEN|JIRA/);
  });

  it('a report and a sample never share an out dir: each refuses the other\'s folder (exit 2) and leaves it whole', () => {
    const dir = demoCopy();
    expect(cli(['report', ...Q3, '--format', 'csv,json', '--out', 'mix'], { cwd: dir }).status).toBe(0);
    const files = (d: string) => Object.fromEntries(readdirSync(join(dir, d)).map((f) => [f, readFileSync(join(dir, d, f)).toString('base64')]));
    const report = files('mix');
    const sample = cli(['sample', ...Q3, '--seed', 's', '--out', 'mix'], { cwd: dir });
    expect(sample.status).toBe(2);
    expect(sample.stderr).toContain('holds a glasstrail report evidence set (manifest.json glasstrail.manifest/v1)');
    expect(sample.stderr).toContain('write the sample to its own folder');
    expect(files('mix')).toEqual(report);

    expect(cli(['sample', ...Q3, '--seed', 's', '--out', 'smp'], { cwd: dir }).status).toBe(0);
    const drawn = files('smp');
    const into = cli(['report', '--collect', ...Q3, '--format', 'csv', '--out', 'smp'], { cwd: dir });
    expect(into.status).toBe(2);
    expect(into.stderr).toContain('holds a glasstrail sample (manifest.json glasstrail.sample/v1)');
    expect(into.stderr).not.toMatch(/GITHUB_TOKEN|JIRA/);
    expect(files('smp')).toEqual(drawn);
    // a rerun of the same kind is fine
    expect(cli(['sample', ...Q3, '--seed', 's', '--out', 'smp'], { cwd: dir }).status).toBe(0);
    expect(files('smp')).toEqual(drawn);
  });

  it('SOURCE_DATE_EPOCH past year 9999 is named, with its fix', () => {
    const dir = demoCopy();
    const r = cli(['report', '--quarter', '2026-Q3', '--as-of', '2026-10-15T00:00:00Z', '--format', 'csv'], { cwd: dir, env: { SOURCE_DATE_EPOCH: '99999999999999999' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds since 1970, up to 253402300799 (year 9999)');
    expect(r.stderr).toContain('fix: ');
  });
});

describe('errors stay short and plain', () => {
  it('a reader that closes the pipe early gets no stack trace and the exit code stays 0', () => {
    const dir = demoCopy();
    const r = spawnSync('bash', ['-c', `"$NODE" "$BIN" sample --quarter 2026-Q3 --as-of 2026-10-15T00:00:00Z --seed x --size 1000 | head -c 1 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], {
      cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE: process.execPath, BIN },
    });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).toContain('exit=0');
  });

  it('pipeWriter stops writing once the reader is gone (EPIPE), and rethrows any other stream error', () => {
    const written: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => { written.push(String(chunk)); done(); } });
    const write = pipeWriter(stream);
    write('a');
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    stream.emit('error', epipe);
    write('b');
    expect(written).toEqual(['a']);
    const other = new Writable({ write: (_c, _e, done) => done() });
    pipeWriter(other);
    expect(() => other.emit('error', Object.assign(new Error('EIO'), { code: 'EIO' }))).toThrow('EIO');
  });

  it('multi-line bad JSON for ledger append is one line of error and a fix', () => {
    const dir = demoCopy();
    const r = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: '{"type":"grant.opened",\n"at":}' });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^glasstrail: <stdin>: not valid JSON/);
  });

  it('keygen with a file where a folder of the prefix should be is a usage error (2)', () => {
    const dir = demoCopy();
    writeFileSync(join(dir, 'afile'), '');
    const r = cli(['ledger', 'keygen', '--out', 'afile/k'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('a part of the --out prefix is a file, not a folder');
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('coverage gaps', () => {
  it('a period before the archive was first collected says so in every file, not "no use, no exception"', () => {
    const dir = demoCopy();
    const june = cli(['report', '--month', '2026-06', '--as-of', '2026-10-15T00:00:00Z', '--generated-at', '2026-10-15T00:00:00Z', '--format', 'json,md', '--out', 'june'], { cwd: dir });
    expect(june.status).toBe(0);
    const evidence = JSON.parse(readFileSync(join(dir, 'june/evidence.json'), 'utf8'));
    expect(evidence.population.coverageGaps).toEqual([
      'the GitHub audit log (github.audit): collected from 2026-06-29T20:00:00-04:00 only, after the period starts (2026-06-01T00:00:00-04:00); what came before cannot be seen',
      'the GitHub rule suites (github.rule-suites): collected from 2026-06-29T20:00:00-04:00 only, after the period starts (2026-06-01T00:00:00-04:00); what came before cannot be seen',
    ]);
    expect(readFileSync(join(dir, 'june/summary.md'), 'utf8')).toContain('**Coverage gaps.**');
    // and on stderr, one warning per gap, so a job's log shows it
    const warnings = evidence.population.coverageGaps.map((gap: string) => `glasstrail: warning: coverage gap: ${gap}\n`).join('');
    expect(june.stderr).toBe(warnings);
    const sample = cli(['sample', '--month', '2026-06', '--as-of', '2026-10-15T00:00:00Z', '--seed', 's', '--out', 'june-sample'], { cwd: dir });
    expect(sample.status).toBe(0);
    expect(sample.stderr).toBe(warnings);
    expect(JSON.parse(readFileSync(join(dir, 'june-sample/manifest.json'), 'utf8')).coverageGaps).toEqual(evidence.population.coverageGaps);
    const pdf = spawnSync('pdftotext', [join(dir, 'june-sample/sample.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(pdf).toContain('Coverage gaps: the archive does not hold all of the period');
    const q3 = cli(['report', ...Q3, '--format', 'json', '--out', 'q3'], { cwd: dir });
    expect(q3.status).toBe(0);
    expect(q3.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'q3/evidence.json'), 'utf8')).population.coverageGaps).toEqual([]);
  });
});
