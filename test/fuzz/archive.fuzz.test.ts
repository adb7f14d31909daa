/**
 * readArchive over fuzzed archive files: audit-log lines, rule suites, merged PRs and Jira issues
 * (valid records with fields deleted/retyped/added, and raw text damage). It reads, or throws our
 * error family naming the file and a line in it (and the issue key when the line has one).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/read.ts';
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/index.ts';
import { REPO } from '../reliability/harness.ts';
import { edits, mutated } from './arbitraries.ts';
import { applyEdit, ourErrorOnly } from './errors.ts';

const DEMO = join(REPO, 'fixtures/demo/archive');
const AUDIT = {
  '@timestamp': 1783400000000, _document_id: 'doc-1', action: 'protected_branch.policy_override', actor: 'alice-kp',
  created_at: 1783400000000, org: 'kestrel', repo: 'kestrel/payments', branch: 'refs/heads/main', overridden_codes: ['required_status_checks'],
};
const SUITE = {
  id: 2310000, actor_id: 1, actor_name: 'grace-kp', before_sha: '0'.repeat(40), after_sha: 'f'.repeat(40), ref: 'refs/heads/main',
  repository_id: 1, repository_name: 'mobile', pushed_at: '2026-07-14T15:25:24.736Z', result: 'bypass', evaluation_result: 'fail',
};
const MERGE = { number: 18012, mergedAt: '2026-07-01T07:09:56.315Z', mergedBy: 'bob-kp', baseRef: 'main', url: 'https://github.com/kestrel/payments/pull/18012' };
const ISSUE = JSON.parse(readFileSync(join(DEMO, 'jira/issues.ndjson'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
const ISSUE_FIELDS = ISSUE.fields as Record<string, unknown>;
const HISTORY = (ISSUE.changelog as { histories: Record<string, unknown>[] }).histories[0]!;

/** Issues damaged at the top level, in `fields`, or in a changelog history. */
const issue = fc.oneof(
  mutated(ISSUE),
  mutated(ISSUE_FIELDS).map((fields) => ({ ...ISSUE, fields })),
  mutated(HISTORY).map((history) => ({ ...ISSUE, changelog: { histories: [history] } })),
);

interface Kind {
  name: string;
  rel: string;
  record: fc.Arbitrary<Record<string, unknown>>;
  valid: Record<string, unknown>;
}

const KINDS: Kind[] = [
  { name: 'audit-log lines', rel: 'archive/github/audit/2026-07-07.ndjson', record: mutated(AUDIT), valid: AUDIT },
  { name: 'rule-suite lines', rel: 'archive/github/rule-suites/2026-07-14.ndjson', record: mutated(SUITE), valid: SUITE },
  { name: 'merged-PR lines', rel: 'archive/github/merges/payments-main.ndjson', record: mutated(MERGE), valid: MERGE },
  { name: 'Jira issue lines', rel: 'archive/jira/issues.ndjson', record: issue, valid: ISSUE },
];

const root = mkdtempSync(join(tmpdir(), 'gt-fuzz-archive-'));
let n = 0;

async function read(rel: string, text: string): Promise<{ lines: number; error: Awaited<ReturnType<typeof ourErrorOnly>> }> {
  const base = join(root, `r${n++}`);
  const path = join(base, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  // collect writes the status catalogue beside the issues: a changelog target it lacks is refused
  if (rel.includes('jira')) writeFileSync(join(dirname(path), 'statuses.json'), readFileSync(join(DEMO, 'jira/statuses.json')));
  const read = () =>
    readArchive({
      archiveDir: join(base, 'archive'),
      window: { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') },
      bypassActions: DEFAULT_BYPASS_ACTIONS,
      githubOrg: 'kestrel',
      jiraFields: { reviewer: 'customfield_10100', followUp: 'customfield_10101' },
      baseDir: base,
    });
  const error = await ourErrorOnly(read, { file: rel, line: true }, text.split('\n').length);
  rmSync(base, { recursive: true, force: true });
  return { lines: text.split('\n').length, error };
}

describe.each(KINDS)('readArchive on fuzzed $name', ({ rel, record, valid }) => {
  it('a valid line reads (the property is not vacuous)', async () => {
    expect((await read(rel, `${JSON.stringify(valid)}\n`)).error).toBeUndefined();
  });

  it('records with fields deleted, retyped or added: read, or a located ShapeError', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 3 }), async (records) => {
        const text = [valid, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n';
        const { error } = await read(rel, text);
        if (!error) return;
        rejected += 1;
        expect(error.exitCode).toBe(3);
        expect(error.context.line, error.describe()).toBeGreaterThan(1);
        // a Jira line whose key survived is named by its key too
        const bad = records[error.context.line! - 2];
        if (rel.includes('jira') && typeof bad?.key === 'string' && bad.key !== '') expect(error.context.key, error.describe()).toBe(bad.key);
      }),
      { numRuns: 120, seed: 42 },
    );
    expect(rejected).toBeGreaterThan(10);
  });

  it('raw text damage to a valid file: read, or a located ShapeError', async () => {
    const valid3 = [valid, { ...valid }, valid].map((r) => JSON.stringify(r)).join('\n') + '\n';
    await fc.assert(
      fc.asyncProperty(edits, async (changes) => {
        const { error } = await read(rel, changes.reduce(applyEdit, valid3));
        if (error) expect(error.exitCode).toBe(3);
      }),
      { numRuns: 80, seed: 43 },
    );
  });
});
