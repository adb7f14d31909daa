/**
 * Run a command as a child process and measure its wall time and peak RSS.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the child's getrusage maxrss) when it is
 * installed; without it, /proc/<pid>/status VmHWM is polled, which can miss a peak reached in
 * the last poll interval before exit (noted in the result).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';
const POLL_MS = 10;

export interface Measured {
  seconds: number;
  /** MiB; null when it could not be read */
  peakRssMb: number | null;
  rssSource: 'gnu-time' | 'proc-poll';
  exitCode: number;
  /** newline count of stdout (stdout itself is not kept: jq's can be large) */
  stdoutLines: number;
  /** the last 2 KB of stderr, for error messages */
  stderrTail: string;
  /** stdout, only with `keepStdout` */
  stdout?: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** keep stdout (small outputs only) */
  keepStdout?: boolean;
}

/** True when `/usr/bin/time` is GNU time (busybox's has no -f/-o). */
export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** `%M` is KiB; GNU time 1.7 on some kernels reported 4× too much, fixed in 1.8+ (Debian 10+). */
export function parseGnuTimeKb(text: string): number | null {
  const last = text.trim().split('\n').at(-1) ?? '';
  return /^\d+$/.test(last) ? Number(last) : null;
}

export async function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measured> {
  const gnu = hasGnuTime();
  const scratch = gnu ? mkdtempSync(join(tmpdir(), 'glasstrail-bench-')) : undefined;
  const timeFile = scratch ? join(scratch, 'time.txt') : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, [...args]];
  const t0 = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdoutLines = 0;
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (options.keepStdout) stdout += chunk.toString('utf8');
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stdoutLines++;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2048);
  });
  let polled = 0;
  let poller: NodeJS.Timeout | undefined;
  if (!gnu) {
    poller = setInterval(() => {
      void readFile(`/proc/${child.pid}/status`, 'utf8').then(
        (text) => {
          const kb = Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0);
          polled = Math.max(polled, kb);
        },
        () => undefined,
      );
    }, POLL_MS);
  }
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  const seconds = (performance.now() - t0) / 1000;
  if (poller) clearInterval(poller);
  let kb: number | null = polled || null;
  if (timeFile && scratch) {
    kb = existsSync(timeFile) ? parseGnuTimeKb(readFileSync(timeFile, 'utf8')) : null;
    rmSync(scratch, { recursive: true, force: true });
  }
  return { seconds, peakRssMb: kb === null ? null : kb / 1024, rssSource: gnu ? 'gnu-time' : 'proc-poll', exitCode, stdoutLines, stderrTail: stderr, ...(options.keepStdout ? { stdout } : {}) };
}
