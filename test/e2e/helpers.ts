import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/glasstrail.js');

/** A private copy of the embedded demo org, so tests may damage it. */
export function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gt-e2e-'));
  cpSync(join(REPO, 'fixtures/demo'), dir, { recursive: true });
  return dir;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Spawn the real binary, as a user would. */
export function cli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string | Buffer }): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    input: options.input,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    timeout: 120_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export const Q3 = ['--quarter', '2026-Q3', '--as-of', '2026-10-15T00:00:00Z', '--generated-at', '2026-10-15T00:00:00Z'];

export function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}
