import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('embedded demo fixture', () => {
  it('is exactly what scripts/demo/make.ts writes (the generator is the source of truth)', () => {
    const out = mkdtempSync(join(tmpdir(), 'gt-demo-'));
    execFileSync(process.execPath, ['scripts/demo/make.ts', out], { encoding: 'utf8' });
    const committed = files('fixtures/demo').map((f) => relative('fixtures/demo', f)).filter((f) => !f.startsWith('reports')).sort();
    const fresh = files(out).map((f) => relative(out, f)).sort();
    expect(fresh).toEqual(committed);
    for (const f of fresh) expect(readFileSync(join(out, f)).equals(readFileSync(join('fixtures/demo', f))), f).toBe(true);
  });
});
