/**
 * Period labels and `--out` cannot make glasstrail write outside the chosen folder: labels come
 * from validated input (a hostile PERIOD is exit 2 and nothing is written anywhere), output file
 * names are fixed.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, sha256, snapshot, STACK_TRACE } from '../reliability/harness.ts';

const AS_OF = ['--as-of', '2026-10-15T00:00:00Z', '--generated-at', '2026-10-15T00:00:00Z'];
const OUTPUTS = ['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'manifest.json', 'summary.md', 'uses.csv'];

/** `<root>/a/b/work` holding the demo: `../../x` from the default out dir would land inside `<root>`. */
function nestedDemo(): { root: string; work: string } {
  const root = mkdtempSync(join(tmpdir(), 'gt-sec-paths-'));
  const work = join(root, 'a', 'b', 'work');
  mkdirSync(work, { recursive: true });
  cpSync(join(REPO, 'fixtures/demo'), work, { recursive: true });
  return { root, work };
}

function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries([...snapshot(dir)].map(([path, bytes]) => [path, sha256(bytes)]));
}

const HOSTILE: string[][] = [
  ['--month', '../../x'],
  ['--month', '2026-07/../../../x'],
  ['--month', '2026-7'],
  ['--quarter', '../2026-Q3'],
  ['--quarter', '2026-Q3/..'],
  ['--quarter', '2026-Q5'],
  ['--from', '../../2026-07-01', '--to', '2026-07-31'],
  ['--from', '2026-07-01', '--to', '2026-07-31/../../..'],
  ['--quarter', '2026-Q3\n../x'],
  ['--month', '2026-07', '--quarter', '2026-Q3'],
  ['--month', '2026-07', '--tz', '../../../etc/passwd'],
];

describe('hostile periods', () => {
  it.concurrent.each(HOSTILE)('report %s %s … exits 2 and writes nothing anywhere', async (...period) => {
    const { root, work } = nestedDemo();
    const before = fingerprint(root);
    const run = await runCli(['report', ...period, ...AS_OF], work);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^glasstrail: |error: /);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(fingerprint(root)).toEqual(before);
  });

  it.concurrent('sample --month ../../x exits 2 and writes nothing anywhere', async () => {
    const { root, work } = nestedDemo();
    const before = fingerprint(root);
    const run = await runCli(['sample', '--month', '../../x', '--seed', 's', ...AS_OF], work);
    expect(run.status, run.stderr).toBe(2);
    expect(fingerprint(root)).toEqual(before);
  });
});

describe('--out', () => {
  it.concurrent('writes exactly the fixed file names into the chosen folder and nothing else anywhere', async () => {
    const { root, work } = nestedDemo();
    const before = fingerprint(root);
    const run = await runCli(['report', '--month', '2026-07', ...AS_OF, '--out', '../chosen/evidence'], work);
    expect(run.status, run.stderr).toBe(0);
    const after = fingerprint(root);
    const added = Object.keys(after).filter((path) => !(path in before)).sort();
    expect(added).toEqual(OUTPUTS.map((name) => `a/b/chosen/evidence/${name}`));
    for (const path of Object.keys(before)) expect(after[path], path).toBe(before[path]);
  });

  it.concurrent('the default out dir is reports/<label>/ under the working folder', async () => {
    const { root, work } = nestedDemo();
    const before = fingerprint(root);
    const run = await runCli(['report', '--from', '2026-07-01', '--to', '2026-07-15', ...AS_OF, '--format', 'csv,json'], work);
    expect(run.status, run.stderr).toBe(0);
    const added = Object.keys(fingerprint(root)).filter((path) => !(path in before)).sort();
    expect(added).toEqual(['evidence.json', 'gaps.csv', 'gates.csv', 'manifest.json', 'uses.csv'].map((n) => `a/b/work/reports/2026-07-01_2026-07-15/${n}`));
  });
});
