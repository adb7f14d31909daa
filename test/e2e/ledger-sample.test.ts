import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSampleManifest } from '../output-schemas.ts';
import { cli, demoCopy, listFiles, Q3, readCsv } from './helpers.ts';

function freshProgram(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-ledger-'));
  writeFileSync(join(dir, 'glasstrail.config.yaml'), `organization: Test & Co
timezone: Europe/Berlin
ledger:
  path: ./ledger/breakglass.jsonl
  checkpoints: ./ledger/checkpoints.jsonl
  publicKeys: [./keys/ledger.pub.pem]
gates:
  - { id: api-main, name: api, repo: t/api, branch: main }
`);
  return dir;
}

const grant = (id: string) => JSON.stringify({
  type: 'grant.opened', at: '2026-07-06T14:02:00Z', grant: id, actor: 'alice', gate: 'api-main', scope: 'gate',
  expiresAt: '2026-07-06T18:02:00Z', justification: 'hotfix', incident: 'INC-1', review: 'BGR-1',
});

describe('glasstrail ledger', () => {
  it('keygen, append (stdin and file), checkpoint, verify — then detects an edit', () => {
    const dir = freshProgram();
    const keygen = cli(['ledger', 'keygen', '--out', 'keys/ledger'], { cwd: dir });
    expect(keygen.status).toBe(0);
    expect(statSync(join(dir, 'keys/ledger.key.pem')).mode & 0o777).toBe(0o600);

    expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: grant('BG-1') }).stdout).toContain('appended seq 0');
    writeFileSync(join(dir, 'entry.json'), JSON.stringify({ type: 'grant.closed', at: '2026-07-06T15:00:00Z', grant: 'BG-1', reason: 'done' }));
    expect(cli(['ledger', 'append', '--json', 'entry.json'], { cwd: dir }).stdout).toContain('appended seq 1');
    expect(statSync(join(dir, 'ledger/breakglass.jsonl')).mode & 0o777).toBe(0o600);

    const checkpoint = cli(['ledger', 'checkpoint', '--key', 'keys/ledger.key.pem'], { cwd: dir });
    expect(checkpoint.status).toBe(0);
    expect(checkpoint.stdout).toContain('size 2');

    const ok = cli(['ledger', 'verify', '--json'], { cwd: dir });
    expect(ok.status).toBe(0);
    const v = JSON.parse(ok.stdout);
    expect([v.ok, v.entries, v.unanchored, v.checkpoints.lastVerified.size]).toEqual([true, 2, 0, 2]);

    // a grant appended now, after that checkpoint, yet dated July: back-dated (a warning; verify still passes)
    expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: grant('BG-2') }).status).toBe(0);
    const late = cli(['ledger', 'verify'], { cwd: dir });
    expect(late.status).toBe(0);
    expect(late.stdout).toMatch(/breakglass\.jsonl:3: recorded-late: grant\.opened of grant BG-2 gives at 2026-07-06T\S+ but was written after the checkpoint signed at \S+ \(size 2\), so at least \d+ days later/);

    const path = join(dir, 'ledger/breakglass.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"hotfix"', '"routine"'));
    const bad = cli(['ledger', 'verify'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/breakglass\.jsonl:1: hash/);
  });

  it('checkpoint refuses a key whose public half the config does not list, writing nothing', () => {
    const dir = freshProgram();
    expect(cli(['ledger', 'keygen', '--out', 'keys/ledger'], { cwd: dir }).status).toBe(0);
    expect(cli(['ledger', 'keygen', '--out', 'keys/other'], { cwd: dir }).status).toBe(0);
    expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: grant('BG-1') }).status).toBe(0);
    const r = cli(['ledger', 'checkpoint', '--key', 'keys/other.key.pem'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\(ledger\.publicKeys\): the public half of this key \(sha256:[0-9a-f]{64}\) is not in ledger\.publicKeys/);
    expect(existsSync(join(dir, 'ledger/checkpoints.jsonl'))).toBe(false);
    expect(cli(['ledger', 'checkpoint', '--key', 'keys/ledger.key.pem'], { cwd: dir }).status).toBe(0);
    expect(cli(['ledger', 'verify'], { cwd: dir }).status).toBe(0);
  });

  it('append rejects a bad entry, naming the field, and writes nothing', () => {
    const dir = freshProgram();
    const r = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: JSON.stringify({ type: 'grant.opened', at: 'yesterday', grant: 'X' }) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/at|actor|gate/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const notJson = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: '{nope' });
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain('<stdin>');
    // bytes that are not UTF-8 are refused, not signed into the ledger as U+FFFD
    const latin1 = Buffer.from(grant('BG-9').replace('hotfix', 'caf\u00e9 outage'), 'latin1'); // é as the single byte 0xE9
    const bad = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: latin1 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('<stdin>: the entry is not valid UTF-8');
    writeFileSync(join(dir, 'latin1.json'), latin1);
    const badFile = cli(['ledger', 'append', '--json', 'latin1.json'], { cwd: dir });
    expect(badFile.status).toBe(2);
    expect(badFile.stderr).toContain('latin1.json: the entry is not valid UTF-8');
    // UTF-16 without a BOM is valid UTF-8 byte for byte (NULs): named, not a JSON syntax error
    writeFileSync(join(dir, 'utf16.json'), Buffer.from(grant('BG-9'), 'utf16le'));
    const utf16 = cli(['ledger', 'append', '--json', 'utf16.json'], { cwd: dir });
    expect(utf16.status).toBe(2);
    expect(utf16.stderr).toContain('utf16.json: the entry is not valid UTF-8 (it looks like UTF-16)');
    // a repeated name: JSON.parse would keep the last, and verify refuses such a line
    const twice = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: grant('BG-9').replace('"actor":"alice"', '"actor":"mallory","actor":"alice"') });
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('key "actor" appears twice');
    expect(existsSync(join(dir, 'ledger/breakglass.jsonl')) ? readFileSync(join(dir, 'ledger/breakglass.jsonl'), 'utf8') : '').toBe('');
  });

  it('append refuses an unknown gate and an entry contradicting the ledger, writing nothing', () => {
    const dir = freshProgram();
    const path = join(dir, 'ledger/breakglass.jsonl');
    expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: grant('BG-1') }).status).toBe(0);
    const before = readFileSync(path, 'utf8');
    const refused = (entry: object) => {
      const r = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: JSON.stringify(entry) });
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path, 'utf8')).toBe(before);
      return r.stderr;
    };
    expect(refused({ ...JSON.parse(grant('BG-2')), gate: 'api-mian' })).toContain('gate "api-mian" is not a gate of the config');
    expect(refused(JSON.parse(grant('BG-1')))).toContain('this entry contradicts the ledger: grant BG-1 is opened again (first opened at line 1)');
    expect(refused({ type: 'grant.closed', at: '2026-07-06T15:00:00Z', grant: 'BG-9', reason: 'done' })).toContain('grant BG-9 is closed, but no earlier line opens it');
    expect(refused({ type: 'grant.closed', at: '2026-07-06T13:00:00Z', grant: 'BG-1', reason: 'done' })).toContain('grant BG-1 is closed at a time before it was opened (line 1)');
    expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: JSON.stringify({ type: 'grant.closed', at: '2026-07-06T15:00:00Z', grant: 'BG-1', reason: 'done' }) }).status).toBe(0);
  });

  it('verify on the demo reports the edited line and the unanchored tail', () => {
    const r = cli(['ledger', 'verify', '--config', 'glasstrail.config.yaml'], { cwd: demoCopy() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/breakglass\.jsonl:61: hash/);
    expect(r.stdout).toMatch(/unanchored/);
  });
});

/** The re-draw printed in the sample's manifest and PDF, its Seed and Keys lines run as written with bash in the sample folder. */
function redraw(out: string): { ids: string[]; keys: string[]; hash: string } {
  const steps = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { redraw: string[] }).redraw;
  const command = (label: string) => steps.find((s) => s.startsWith(`${label}: `))!.slice(label.length + 2);
  const { SEED: _unset, ...env } = process.env;
  const lines = execFileSync('bash', ['-c', `${command('Seed')}\n${command('Keys')}`], { cwd: out, encoding: 'utf8', env }).trimEnd().split('\n');
  const hash = execFileSync('bash', ['-c', 'sha256sum population.txt | cut -d" " -f1'], { cwd: out, encoding: 'utf8' }).trim();
  return { ids: lines.map((l) => l.slice(65)), keys: lines.map((l) => l.slice(0, 64)), hash };
}

describe('glasstrail sample', () => {
  it('draws a seeded sample that sha256sum + sort re-draw, with csv, pdf and manifest', () => {
    const dir = demoCopy();
    const r = cli(['sample', ...Q3, '--seed', 'FY26 Q3 walkthrough', '--size', 'auto'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(dir, 'reports/2026-Q3/sample');
    expect(listFiles(out)).toEqual(['manifest.json', 'population.txt', 'sample.csv', 'sample.pdf']);
    const manifest = expectSampleManifest(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect(manifest.outputs).toEqual(['population.txt', 'sample.csv', 'sample.pdf'].map((name) => {
      const data = readFileSync(join(out, name));
      return { name, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    }));
    // 37 uses: the auto table gives 10 for a population of 13..52.
    expect([manifest.seed, manifest.P, manifest.N]).toEqual(['FY26 Q3 walkthrough', 37, 10]);
    expect(manifest.redraw.join('\n')).toContain('sha256sum population.txt');
    expect(manifest.inputs.map((i: { path: string }) => i.path)).toContain('ledger/breakglass.jsonl');

    // population.txt holds exactly the report's use ids
    const report = cli(['report', ...Q3, '--format', 'csv'], { cwd: dir });
    expect(report.status).toBe(0);
    const ids = readCsv(join(dir, 'reports/2026-Q3/uses.csv')).map((u) => u.use_id!);
    expect(readFileSync(join(out, 'population.txt'), 'utf8').split('\n').sort()).toEqual([...ids].sort());

    const drawn = redraw(out);
    const sample = readCsv(join(out, 'sample.csv'));
    expect(sample.map((s) => s.use_id)).toEqual(drawn.ids);
    expect(sample.map((s) => s.rank)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(manifest.populationHash).toBe(drawn.hash);
    const redrawIds = drawn.ids;

    const text = execFileSync('pdftotext', ['-layout', join(out, 'sample.pdf'), '-'], { encoding: 'utf8' });
    for (const id of redrawIds) expect(text).toContain(`Use ${id}`);
    expect(text).toContain(manifest.populationHash);
    expect(text.match(/SLA, day by day/g)!.length).toBe(sample.filter((s) => s.sanctioned === 'true').length);
    expect(execFileSync('qpdf', ['--check', join(out, 'sample.pdf')], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');

    const other = cli(['sample', ...Q3, '--seed', 'another seed', '--out', 'other'], { cwd: dir });
    expect(other.status).toBe(0);
    expect(readCsv(join(dir, 'other/sample.csv')).map((s) => s.use_id)).not.toEqual(redrawIds);
    expect([manifest.sizeMode, manifest.sizeRequested]).toEqual(['auto', null]);
    // more than the population: all of it, and the manifest keeps what was asked for
    expect(cli(['sample', ...Q3, '--seed', 'x', '--size', '50', '--out', 'all'], { cwd: dir }).status).toBe(0);
    const all = expectSampleManifest(JSON.parse(readFileSync(join(dir, 'all/manifest.json'), 'utf8')));
    expect([all.sizeMode, all.sizeRequested, all.N, all.P]).toEqual(['fixed', 50, 37, 37]);
    expect(cli(['sample', ...Q3, '--seed', 'x', '--size', 'ten'], { cwd: dir }).status).toBe(2);
    const none = cli(['sample', ...Q3, '--seed', 'x', '--size', '0'], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--size must be a whole number of at least 1');
    const blank = cli(['sample', ...Q3, '--seed', ' \t '], { cwd: dir });
    expect(blank.status).toBe(2);
    expect(blank.stderr).toContain('--seed must hold more than blanks');
  });
  it('re-draws from population.txt when ids hold a comma or a formula character, and the config table is named', () => {
    const dir = demoCopy();
    for (const id of ['BG,comma', '-neg-id', '=eq']) {
      const entry = { type: 'grant.opened', at: '2026-09-29T15:00:00Z', grant: id, actor: 'alice', gate: 'payments-main', scope: 'gate',
        expiresAt: '2026-09-29T17:00:00Z', justification: 'x', incident: 'INC-1', review: 'BGR-101' };
      expect(cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: JSON.stringify(entry) }).status).toBe(0);
    }
    // a grant id in the gh- space of unsanctioned uses is refused
    const clash = { type: 'grant.opened', at: '2026-09-29T15:00:00Z', grant: 'gh-rs-2310004', actor: 'alice', gate: 'payments-main', scope: 'gate' };
    const refused = cli(['ledger', 'append', '--json', '-'], { cwd: dir, input: JSON.stringify(clash) });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('starts with "gh-"');
    writeFileSync(join(dir, 'glasstrail.config.yaml'), readFileSync(join(dir, 'glasstrail.config.yaml'), 'utf8') + '\nsampling:\n  sizes: [{ maxPopulation: 10, size: 5 }, { maxPopulation: null, size: 40 }]\n');
    const r = cli(['sample', ...Q3, '--seed', 's'], { cwd: dir });
    expect(r.stderr).toBe('');
    const out = join(dir, 'reports/2026-Q3/sample');
    const manifest = expectSampleManifest(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect([manifest.P, manifest.N]).toEqual([40, 40]);
    expect(manifest.sizeConvention).toContain('set in the config (population up to 10: 5; else 40)');
    const drawn = redraw(out);
    expect(drawn.hash).toBe(manifest.populationHash);
    expect(drawn.ids).toEqual(expect.arrayContaining(['BG,comma', '-neg-id', '=eq']));
    // sample.csv neutralises formula cells, so compare by key
    expect(readCsv(join(out, 'sample.csv')).map((s) => s.key)).toEqual(drawn.keys);
    expect(manifest.sample.map((p: { useId: string }) => p.useId)).toEqual(drawn.ids);
  });
});
