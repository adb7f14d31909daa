import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GAP_CODES } from '../../src/domain/use.ts';
import { expectEvidenceSet, expectManifest } from '../output-schemas.ts';
import { cli, demoCopy, listFiles, Q3, readCsv, REPO } from './helpers.ts';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A copy of the demo whose glasstrail.config.yaml has `from` replaced by `to`. */
function demoWithConfig(from: string | RegExp, to: string): string {
  const dir = demoCopy();
  const path = join(dir, 'glasstrail.config.yaml');
  const text = readFileSync(path, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`demo config has no ${String(from)}`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

describe('glasstrail report on the embedded demo', () => {
  let dir: string;
  let out: string;
  let first: ReturnType<typeof cli>;

  beforeAll(() => {
    dir = demoCopy();
    out = join(dir, 'reports/2026-Q3');
    first = cli(['report', ...Q3], { cwd: dir });
  });

  it('exits 0 and writes every output into reports/<label>/', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(listFiles(out)).toEqual(['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'manifest.json', 'summary.md', 'uses.csv']);
    expect(first.stdout).toContain('2026-Q3: 37 uses (32 sanctioned, 5 unsanctioned)');
  });

  it('uses.csv: one row per use, sorted, field by field for known rows', () => {
    const rows = readCsv(join(out, 'uses.csv'));
    expect(rows).toHaveLength(37);
    const starts = rows.map((r) => Date.parse(r.started_at!));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    // Thu 2026-07-02 17:05 New York; 07-03 is a holiday, so the 2 business days are Mon 07-06 and Tue 07-07.
    const bg = rows.find((r) => r.use_id === 'BG-2607-02')!;
    expect({ ...bg, github_events: bg.github_events!.split(';').length }).toEqual({
      use_id: 'BG-2607-02', sanctioned: 'true', actor: 'bob', gate: 'payments-main', repo: 'kestrel/payments', branch: 'main',
      scope: 'gate', started_at: '2026-07-02T17:05:00-04:00', ended_at: '2026-07-02T19:05:00-04:00',
      expires_at: '2026-07-02T21:05:00-04:00', justification: 'Revert faulty fee-rounding release that blocked settlements',
      incident: 'INC-4115', approver: 'frank', review_ticket: 'BGR-102', review_status: 'done', reviewer: 'frank',
      review_completed_at: '2026-07-07T16:40:00-04:00', review_due_at: '2026-07-08T00:00:00-04:00', review_business_days: '2',
      review_sla_met: 'true', follow_up: 'Add a settlement smoke test to the release pipeline.', github_events: 3,
      ledger_seq: '2;3', gap_codes: '',
    });
    // 22:30 New York on 30 September is 02:30 UTC on 1 October: still Q3 in the org's zone.
    expect(rows.at(-1)!.use_id).toBe('BG-2609-14');
    expect(rows.at(-1)!.started_at).toBe('2026-09-30T22:30:00-04:00');
    const heidi = rows.find((r) => r.actor === 'heidi' && r.sanctioned === 'false')!;
    expect(heidi.use_id).toMatch(/^gh-/);
    expect([heidi.gate, heidi.repo, heidi.branch, heidi.review_status, heidi.review_sla_met, heidi.gap_codes]).toEqual(
      ['web-main', 'kestrel/web', 'main', '', '', 'UNSANCTIONED_BYPASS'],
    );
    const ruleSuite = rows.find((r) => r.use_id.startsWith('gh-rs-'))!;
    expect(ruleSuite.github_events).toBe(ruleSuite.use_id.slice(3));
    // October's grant is outside Q3.
    expect(rows.some((r) => r.use_id === 'BG-2610-01')).toBe(false);
  });

  it('gaps.csv: every gap code appears, with severities and SOC 2 controls', () => {
    const gaps = readCsv(join(out, 'gaps.csv'));
    expect(new Set(gaps.map((g) => g.code))).toEqual(new Set(GAP_CODES));
    expect(gaps.find((g) => g.code === 'REVIEW_LATE')).toMatchObject({ subject: 'BG-2608-03', severity: 'medium' });
    expect(gaps.find((g) => g.code === 'WAIVER_STALE')).toMatchObject({ subject: 'WV-01', severity: 'medium' });
    expect(gaps.filter((g) => g.code === 'LEDGER_TAMPERED').map((g) => g.subject)).toEqual(['BG-2609-12', 'BG-2609-13', 'BG-2609-14']);
    for (const g of gaps) expect(g.control).toMatch(/^CC\d\.\d(;CC\d\.\d)*$/);
  });

  it('gates.csv: per-gate metrics with a totals row', () => {
    const gates = readCsv(join(out, 'gates.csv'));
    expect(gates.map((g) => g.gate)).toEqual(['payments-main', 'payments-release', 'ledger-main', 'web-main', 'infra-main', 'mobile-main', '(none)', '*']);
    const total = gates.at(-1)!;
    expect(total).toMatchObject({ merges: '756', uses: '32', unsanctioned: '5', glass_rate: (32 / 756).toFixed(4) });
    const pay = gates[0]!;
    expect(pay).toMatchObject({ merges: '158', uses: '8', unsanctioned: '1', glass_rate: (8 / 158).toFixed(4), repeat_actors: 'alice;bob' });
  });

  it('manifest.json hashes every output and input', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const outputs = Object.fromEntries(manifest.outputs.map((o: { name: string; sha256: string }) => [o.name, o.sha256]));
    for (const name of ['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'summary.md', 'uses.csv']) {
      expect(outputs[name], name).toBe(sha(join(out, name)));
    }
    const inputs = manifest.inputs.map((i: { path: string }) => i.path);
    expect(inputs).toContain('glasstrail.config.yaml');
    expect(inputs).toContain('ledger/breakglass.jsonl');
    expect(inputs).toContain('archive/github/audit/export-2026-09-27.json.gz');
    const ledger = manifest.inputs.find((i: { path: string }) => i.path === 'ledger/breakglass.jsonl');
    expect(ledger.sha256).toBe(sha(join(dir, 'ledger/breakglass.jsonl')));
  });

  it('evidence.json and manifest.json match their published schemas, and agree', () => {
    const { evidence, manifest } = expectEvidenceSet(out);
    expect(evidence.status).toBe('COMPLETE');
    expect(evidence.population.reconciliation).toBeDefined();
    expect(manifest.outputs.map((o) => o.name)).toEqual(['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'summary.md', 'uses.csv']);
  });

  it('evidence.json states the population: duplicates counted once, ledger break located', () => {
    const evidence = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8'));
    expect(evidence.population.auditEvents.duplicates).toBeGreaterThan(0);
    expect(evidence.ledger.ok).toBe(false);
    expect(evidence.ledger.firstBadLine).toBe(61);
    expect(evidence.waived.length).toBeGreaterThanOrEqual(3);
    expect(evidence.metrics.rising).toBe(true);
  });

  it('evidence.json states the program as configured: roster, identity map, gates, bypass actions', () => {
    const evidence = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8'));
    const keys = Object.keys(evidence);
    expect(keys.indexOf('program')).toBe(keys.indexOf('parameters') + 1);
    const p = evidence.program;
    expect(Object.keys(p)).toEqual(['gates', 'people', 'roster', 'bypassActions', 'statusCategories']);
    expect(p.roster).toEqual([
      { person: 'alice', gates: ['*'], from: '2026-01-01', until: '2026-12-31' },
      { person: 'bob', gates: ['payments-main', 'payments-release'], from: '2026-01-01', until: '2026-12-31' },
      { person: 'carol', gates: ['infra-main', 'ledger-main'], from: '2026-01-01', until: '2026-12-31' },
      { person: 'dave', gates: ['web-main'], from: '2026-01-01', until: '2026-08-15' },
      { person: 'grace', gates: ['infra-main', 'mobile-main'], from: '2026-03-01', until: '2026-12-31' },
    ]);
    expect(p.people.map((x: { id: string }) => x.id)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']);
    expect(p.people.find((x: { id: string }) => x.id === 'heidi')).toEqual({ id: 'heidi', github: ['heidi-contractor'], jira: '5b10ac8d82e05b22cc7d4efc' });
    expect(p.gates[0]).toEqual({ id: 'payments-main', name: 'payments / main', repo: 'kestrel/payments', branch: 'main', formerRepos: [] });
    expect(p.gates.map((g: { id: string }) => g.id)).toEqual(['payments-main', 'payments-release', 'ledger-main', 'web-main', 'infra-main', 'mobile-main']);
    expect(p.bypassActions).toHaveLength(9);
    expect(p.bypassActions).toContain('protected_branch.policy_override');
    expect(p.statusCategories).toEqual({});
    // and the PDF's appendix page, from the same config
    const pdf = execFileSync('pdftotext', ['-layout', join(out, 'evidence.pdf'), '-'], { encoding: 'utf8' });
    expect(pdf).toContain('Appendix: the program as configured');
    expect(pdf).toMatch(/dave +dave-kp +web-main +2026-01-01 +2026-08-15/);
    expect(pdf).toMatch(/alice +alice-kp +all gates \(\*\) +2026-01-01 +2026-12-31/);
    expect(pdf.replace(/\s+/g, ' ')).toContain('not pre-authorized for any gate: erin (erin-kp); frank (frank-kp); heidi (heidi-contractor).');
    expect(pdf).toMatch(/ledger-main +ledger-service \/ main +kestrel\/ledger-service @ main/);
  });

  it('evidence.json reconciles every record read: each bypass event, grant and Jira issue is on a use or named', () => {
    const evidence = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8'));
    const r = evidence.population.reconciliation;
    const uses = evidence.uses as { id: string; sanctioned: boolean; githubEvents: { id: string }[] }[];
    // bypass events: the counts of the sources table, split into uses, waived and outside
    expect(r.bypassEvents.read).toBe(evidence.population.auditEvents.bypassEvents + evidence.population.ruleSuites.bypasses);
    expect(r.bypassEvents.onUses).toBe(new Set(uses.flatMap((u) => u.githubEvents.map((e) => e.id))).size);
    expect(r.bypassEvents.waived).toBe(evidence.waived.length);
    expect(r.bypassEvents.onUses + r.bypassEvents.waived + r.bypassEvents.outside.length).toBe(r.bypassEvents.read);
    // the demo's one Q4 use: its event and its grant are read but belong to the next quarter
    expect(r.bypassEvents.outside).toEqual([{ eventId: 'JdhNubY3iuXJwqXGfBKFpr', at: '2026-10-02T10:10:25.565-04:00', grant: 'BG-2610-01' }]);
    expect(r.grants).toEqual({ opened: 33, repeatedOpens: 0, uses: uses.filter((u) => u.sanctioned).length, outside: [{ id: 'BG-2610-01', why: 'after the period' }] });
    expect(r.reviews).toEqual({ issues: evidence.population.jira.issues, named: 30, outside: [{ id: 'BGR-132', why: 'review of a grant outside the period', grant: 'BG-2610-01' }] });
    const text = execFileSync('pdftotext', ['-layout', join(out, 'evidence.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Jira issues +31 +30 reviewing uses +1:\n +BGR-132 \(review of BG-2610-01,/);
    expect(text.replace(/\s+/g, ' ')).toContain('BGR-132 (review of BG-2610-01, a grant on no use of the period)');
    expect(text).toMatch(/BG-2610-01 \(after the period\)/);
    // the collected span of each stream (state.json), in local time
    expect(text).toMatch(/GitHub audit log +2026-06-29 20:00:00 -04:00 +2026-10-15 01:00:00 -04:00 +2026-10-15 02:00:00 -04:00/);
    expect(text).toMatch(/Jira review tickets +not recorded +2026-10-15 01:00:00 -04:00/);
  });

  it('is byte-identical on a rerun with --generated-at, whatever the machine TZ', () => {
    const before = Object.fromEntries(listFiles(out).map((f) => [f, sha(join(out, f))]));
    const again = cli(['report', ...Q3], { cwd: dir, env: { TZ: 'Asia/Tokyo' } });
    expect(again.status).toBe(0);
    const after = Object.fromEntries(listFiles(out).map((f) => [f, sha(join(out, f))]));
    expect(after).toEqual(before);
  });

  it('--fail-on maps findings to exit 1', () => {
    const args = ['report', ...Q3, '--format', 'csv', '--out', 'o'];
    expect(cli([...args, '--fail-on', 'high'], { cwd: dir }).status).toBe(1);
    expect(cli([...args, '--fail-on', 'info'], { cwd: dir }).status).toBe(1);
    expect(cli([...args, '--fail-on', 'none'], { cwd: dir }).status).toBe(0);
    // A July report has no findings at all, but the demo ledger fails verification (line 61,
    // a September grant's): that counts as high for --fail-on, and the manifest says so.
    const july = cli(['report', '--month', '2026-07', '--as-of', '2026-10-15T00:00:00Z', '--format', 'csv', '--fail-on', 'info', '--out', 'july'], { cwd: dir });
    expect(july.stdout).toContain('8 uses (8 sanctioned, 0 unsanctioned), 0 findings; ledger FAILED verification');
    expect(july.status).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'july', 'manifest.json'), 'utf8')).ledger).toEqual({ ok: false, firstBadLine: 61 });
    expect(readCsv(join(dir, 'july', 'gaps.csv'))).toEqual([]);
    expect(cli(['report', '--month', '2026-07', '--as-of', '2026-10-15T00:00:00Z', '--format', 'csv', '--fail-on', 'none', '--out', 'july'], { cwd: dir }).status).toBe(0);
  });

  it('--format limits the files; the manifest is always written', () => {
    const r = cli(['report', ...Q3, '--format', 'csv', '--out', 'csv-only'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(listFiles(join(dir, 'csv-only'))).toEqual(['gaps.csv', 'gates.csv', 'manifest.json', 'uses.csv']);
    expect(expectManifest(JSON.parse(readFileSync(join(dir, 'csv-only', 'manifest.json'), 'utf8'))).outputs.map((o) => o.name)).toEqual(['gaps.csv', 'gates.csv', 'uses.csv']);
  });

  it('a ledger tampered earlier taints every later use', () => {
    const copy = demoCopy();
    const path = join(copy, 'ledger/breakglass.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[4] = lines[4]!.replace('"actor":"carol"', '"actor":"alice"');
    writeFileSync(path, lines.join('\n'));
    const r = cli(['report', ...Q3, '--format', 'csv,json'], { cwd: copy });
    expect(r.status).toBe(0);
    const rows = readCsv(join(copy, 'reports/2026-Q3/uses.csv'));
    const tainted = rows.filter((u) => u.gap_codes!.includes('LEDGER_TAMPERED')).map((u) => u.use_id);
    const sanctioned = rows.filter((u) => u.sanctioned === 'true').map((u) => u.use_id);
    // Lines 1-4 are BG-2607-01 and BG-2607-02 (opened + closed): the only untainted grants.
    expect(tainted).toEqual(sanctioned.filter((id) => id !== 'BG-2607-01' && id !== 'BG-2607-02'));
    const { evidence } = expectEvidenceSet(join(copy, 'reports/2026-Q3'));
    expect(evidence.ledger.firstBadLine).toBe(5);
  });
});

describe('glasstrail report: bad input', () => {
  it('a bad config: exit 2, file:line and key, no stack trace', () => {
    const dir = demoWithConfig('timezone: America/New_York', 'timezone: America/Neww_York');
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/glasstrail\.config\.yaml:4/);
    expect(r.stderr).toContain('timezone');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);
  });

  it('a corrupt archive line: exit 3, names file and line, writes no evidence', () => {
    const dir = demoCopy();
    appendFileSync(join(dir, 'archive/github/audit/2026-08-14.ndjson'), '{"action":"protected_branch.policy_override", "actor":\n');
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/archive\/github\/audit\/2026-08-14\.ndjson:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);
    // a report whose window does not reach that day does not open the file: a September report
    // (New York; the window starts 2026-09-01T04:00Z less the tolerance) reads on, and says which
    // day files it left unread
    const september = cli(['report', '--month', '2026-09', '--as-of', '2026-10-15T00:00:00Z', '--generated-at', '2026-10-15T00:00:00Z', '--format', 'json', '--out', 'sep'], { cwd: dir });
    expect(september.stderr).toBe('');
    expect(september.status).toBe(0);
    const { evidence } = expectEvidenceSet(join(dir, 'sep'));
    expect(evidence.population.notes.join('\n')).toMatch(/day files lie wholly outside this report's window and were not read: \d+ of the audit log \(UTC days 2026-07-01 to 2026-08-31\)/);
    expect(evidence.inputs.map((i: { path: string }) => i.path)).not.toContain('archive/github/audit/2026-08-14.ndjson');
  });

  it('a failed --collect: exit 3, INCOMPLETE evidence and manifest that still match their schemas', () => {
    // Jira at a port fetch refuses at once (no retries to wait out); no github: block, so
    // collect pulls only Jira, and fails
    const dir = demoWithConfig(/github:\n  org: kestrel\n  token: env:GITHUB_TOKEN\n/, '');
    const config = join(dir, 'glasstrail.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('https://kestrel.atlassian.net', 'http://127.0.0.1:9'));
    const r = cli(['report', '--collect', ...Q3, '--format', 'json', '--out', 'inc'], { cwd: dir, env: { JIRA_EMAIL: 'bot@kestrel.example', JIRA_API_TOKEN: 'x' } });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE evidence written to');
    const { evidence, manifest } = expectEvidenceSet(join(dir, 'inc'));
    expect(evidence.status).toBe('INCOMPLETE');
    expect(evidence.incomplete).toEqual([expect.stringMatching(/cannot reach Jira/)]);
    expect(manifest.outputs.map((o) => o.name)).toEqual(['evidence.json']);
  });

  it('a Jira transition to a status id known to neither statuses.json nor any archived issue: exit 3 naming file, line, key and status, never read as "not done"', () => {
    const dir = demoCopy();
    const path = join(dir, 'archive/jira/issues.ndjson');
    const lines = readFileSync(path, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.includes('"key":"BGR-101"'));
    expect(lines[at]).toContain('"to":"10001","toString":"Done"');
    lines[at] = lines[at]!.replace('"to":"10001","toString":"Done"', '"to":"10009","toString":"Approved"');
    writeFileSync(path, lines.join('\n'));
    // as collect would have written it: the inventory in state.json records the new bytes
    const statePath = join(dir, 'archive/state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.files['jira/issues.ndjson'] = `sha256:${sha(path)}`;
    writeFileSync(statePath, JSON.stringify(state));
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.stderr).toContain(
      `archive/jira/issues.ndjson:${at + 1} (BGR-101): Jira issue: changelog history 50101 moves it to status id 10009 ("Approved"), which is in neither jira/statuses.json nor any archived issue, so whether the review was done cannot be told`,
    );
    expect(r.stderr).toMatch(/fix: run glasstrail collect to fetch the status catalogue again .*jira\.statusCategories: \{ "10009": done \}/);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);

    // a status deleted before collect saw it: the config gives its category, and the evidence says so
    const configPath = join(dir, 'glasstrail.config.yaml');
    const config = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, config.replace('  jql: project = BGR\n', '  jql: project = BGR\n  statusCategories: { "10009": done }\n'));
    const given = cli(['report', ...Q3, '--format', 'csv,json', '--out', 'given'], { cwd: dir });
    expect([given.status, given.stderr]).toEqual([0, '']);
    const evidence = JSON.parse(readFileSync(join(dir, 'given/evidence.json'), 'utf8'));
    expect(evidence.population.notes).toContain('Jira status 10009 is in neither jira/statuses.json nor any archived issue: its category (done) is taken from the config (jira.statusCategories) for 1 changelog move(s)');
    expect(evidence.program.statusCategories).toEqual({ '10009': 'done' });
    const use = evidence.uses.find((u: { id: string }) => u.id === 'BG-2607-01');
    expect(use.review).toMatchObject({ ticket: 'BGR-101', status: 'done' });
    writeFileSync(configPath, config);

    // the same on an issue that reviews no use of the period (BGR-132, a Q4 grant's) stops nothing
    lines[at] = readFileSync(join(demoCopy(), 'archive/jira/issues.ndjson'), 'utf8').split('\n')[at]!;
    const other = lines.findIndex((line) => line.includes('"key":"BGR-132"'));
    lines[other] = lines[other]!.replace('"to":"10001","toString":"Done"', '"to":"10009","toString":"Approved"');
    expect(lines[other]).toContain('"to":"10009"');
    writeFileSync(path, lines.join('\n'));
    state.files['jira/issues.ndjson'] = `sha256:${sha(path)}`;
    writeFileSync(statePath, JSON.stringify(state));
    const q3 = cli(['report', ...Q3, '--format', 'csv'], { cwd: dir });
    expect([q3.status, q3.stderr]).toEqual([0, '']);
  });

  it('a gate with no merged PR in the period gets a note on its n/a glass rate and what to check', () => {
    const dir = demoWithConfig('  - { id: mobile-main,', '  - { id: api-main, name: "api / main", repo: kestrel/api, branch: main }\n  - { id: mobile-main,');
    const statePath = join(dir, 'archive/state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    for (const gate of ['mobile-main', 'payments-release']) {
      const path = join(dir, `archive/github/merges/${gate}.ndjson`);
      writeFileSync(path, '');
      state.files[`github/merges/${gate}.ndjson`] = `sha256:${sha(path)}`;
    }
    // collect records the gates it searched: every demo gate, not the new api-main
    const config = readFileSync(join(dir, 'glasstrail.config.yaml'), 'utf8');
    state.streams['github.merges'].gateKeys = [...config.matchAll(/- \{ id: ([\w-]+), name: "[^"]*", repo: (\S+), branch: (\S+) \}/g)]
      .filter((m) => m[1] !== 'api-main')
      .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(state.streams['github.merges'].gateKeys).toHaveLength(6);
    writeFileSync(statePath, JSON.stringify(state));
    const notes = (args: string[]) => {
      expect(cli(['report', ...args, '--format', 'json', '--out', 'o'], { cwd: dir }).status).toBe(0);
      const evidence = JSON.parse(readFileSync(join(dir, 'o/evidence.json'), 'utf8'));
      return evidence.population.notes.filter((n: string) => n.includes('glass rate is n/a'));
    };
    // in config order
    expect(notes(Q3)).toEqual([
      'no merged pull request into gate payments-release (kestrel/payments@release) in the period, so its glass rate is n/a; if the branch took merges, check that release is the branch pull requests merge into (payments-main, of the same repo, has merges)',
      'gate api-main (kestrel/api@main) has not been searched for merged pull requests yet (added or changed since the last collect), so its glass rate is n/a; run glasstrail collect',
      'no merged pull request into gate mobile-main (kestrel/mobile@main) in the period, so its glass rate is n/a; if the branch took merges, check that the GitHub token can read kestrel/mobile (a search of a repo it cannot see finds nothing, without an error)',
    ]);
    // a period the merges were not collected over: the coverage gap says it, no note guesses why
    expect(notes(['--quarter', '2027-Q1', '--as-of', '2027-02-01T00:00:00Z', '--generated-at', '2027-02-01T00:00:00Z'])).toEqual([]);
  });

  it('usage errors exit 2 with one readable line', () => {
    const dir = demoCopy();
    const noPeriod = cli(['report'], { cwd: dir });
    expect(noPeriod.status).toBe(2);
    expect(noPeriod.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(cli(['report', '--quarter', '2026-Q5'], { cwd: dir }).status).toBe(2);
    expect(cli(['report', '--quarter', '2026-Q3', '--bogus'], { cwd: dir }).status).toBe(2);
    expect(cli(['report', '--quarter', '2026-Q3', '--framework', 'hipaa'], { cwd: dir }).status).toBe(2);
    expect(cli(['report', '--quarter', '2026-Q3', '--as-of', 'yesterday'], { cwd: dir }).status).toBe(2);
    expect(cli(['report', '--quarter', '2026-Q3', '--config', 'nope.yaml'], { cwd: dir }).stderr).toContain('nope.yaml');
  });

  it('an archive folder that does not exist, with sources configured: exit 2 naming archive:, no evidence', () => {
    const dir = demoWithConfig(/^archive: .*$/m, 'archive: ./archiv');
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('glasstrail.config.yaml (archive): the archive folder archiv does not exist');
    expect(r.stderr).toContain('fix: check archive: in the config, or run glasstrail collect');
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);
  });

  it('the Jira part of the archive removed while state.json records a collect: exit 3, no evidence', () => {
    const dir = demoCopy();
    rmSync(join(dir, 'archive/jira'), { recursive: true });
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/archive\/jira\/issues\.ndjson: the Jira part of the archive is missing \(no jira\/issues\.ndjson, no jira\/statuses\.json\)/);
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);
  });

  it('an archive folder that cannot be listed: exit 3 naming it and the remedy, not an internal error', () => {
    const dir = demoCopy();
    rmSync(join(dir, 'archive/github/merges'), { recursive: true });
    writeFileSync(join(dir, 'archive/github/merges'), 'not a folder');
    const r = cli(['report', ...Q3], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^glasstrail: \S*archive\/github\/merges: cannot list the folder: a part of the path is a file, not a folder \(ENOTDIR\)\n {2}fix: check the path\n$/);
    expect(existsSync(join(dir, 'reports/2026-Q3'))).toBe(false);
  });

  it('Jira fields given by name: resolved through the ids collect recorded, else exit 2 (never read as ids)', () => {
    const dir = demoWithConfig('fields: { reviewer: customfield_10100, followUp: customfield_10101 }', 'fields: { reviewer: Reviewer, followUp: Follow-up }');
    const unresolved = cli(['report', ...Q3], { cwd: dir });
    expect(unresolved.status).toBe(2);
    expect(unresolved.stderr).toContain('(jira.fields.reviewer): jira.fields.reviewer is a field name ("Reviewer"), and the archive records no field id for it');
    const statePath = join(dir, 'archive/state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.streams['jira.issues'].fieldIds = { reviewer: 'customfield_10100', followUp: 'customfield_10101' };
    writeFileSync(statePath, JSON.stringify(state));
    const resolved = cli(['report', ...Q3, '--format', 'csv'], { cwd: dir });
    expect(resolved.status, resolved.stderr).toBe(0);
    const byId = cli(['report', ...Q3, '--format', 'csv', '--config', join(REPO, 'fixtures/demo/glasstrail.config.yaml'), '--out', join(dir, 'by-id')], { cwd: dir });
    expect(byId.status, byId.stderr).toBe(0);
    expect(readFileSync(join(dir, 'reports/2026-Q3/uses.csv'), 'utf8')).toBe(readFileSync(join(dir, 'by-id/uses.csv'), 'utf8'));
  });

  it('--as-of before the period: exit 2; inside it, ledger entries after as-of have not happened yet', () => {
    const dir = demoCopy();
    const before = cli(['report', '--quarter', '2026-Q3', '--as-of', '2026-06-01T00:00:00Z'], { cwd: dir });
    expect(before.status).toBe(2);
    expect(before.stderr).toContain('--as-of 2026-05-31T20:00:00-04:00 is before the period 2026-Q3 starts');
    // without --as-of, the message names now, not a flag that was never given
    const future = cli(['report', '--quarter', '2099-Q1'], { cwd: dir });
    expect(future.status).toBe(2);
    expect(future.stderr).toMatch(/now \(.*, the default --as-of\) is before the period 2099-Q1 starts/);
    expect(future.stderr).toContain('pick a period that has started, or pass --as-of');
    const asOf = Date.parse('2026-08-15T00:00:00Z');
    const mid = cli(['report', '--quarter', '2026-Q3', '--as-of', '2026-08-15T00:00:00Z', '--generated-at', '2026-08-15T00:00:00Z', '--out', 'mid'], { cwd: dir });
    expect(mid.status, mid.stderr).toBe(0);
    const uses = readCsv(join(dir, 'mid/uses.csv'));
    expect(uses.length).toBeGreaterThan(5);
    for (const use of uses) expect(Date.parse(use.started_at!), use.use_id).toBeLessThanOrEqual(asOf);
    // a grant closed after as-of is still open then
    for (const use of uses) if (use.ended_at) expect(Date.parse(use.ended_at), use.use_id).toBeLessThanOrEqual(asOf);
    // as-of inside the period: the evidence still matches its schema, as-of in local time
    const { evidence } = expectEvidenceSet(join(dir, 'mid'));
    expect([evidence.asOf, evidence.period.end]).toEqual(['2026-08-14T20:00:00-04:00', '2026-10-01T00:00:00-04:00']);
  });

  it('--out naming a file: exit 2, one readable line', () => {
    const dir = demoCopy();
    writeFileSync(join(dir, 'taken'), 'x');
    const r = cli(['report', ...Q3, '--out', 'taken'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^glasstrail: the out dir .*taken is a file \(or lies under one\), not a folder\n {2}fix: /);
  });

  it('--help shows examples and exits 0', () => {
    const r = cli(['report', '--help'], { cwd: demoCopy() });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--fail-on');
  });
});
