/** The machine a benchmark ran on, for RESULTS.md. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { hasGnuTime } from './measure.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  jq: string;
  peakRss: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews timings */
  load: number;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match?.[1]) return match[1].trim();
  } catch {
    // not Linux: fall through
  }
  return cpus()[0]?.model ?? 'unknown';
}

function jqVersion(): string {
  try {
    return execFileSync('jq', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'absent';
  }
}

export function describeMachine(now = new Date()): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGb: totalmem() / 2 ** 30,
    node: process.version,
    jq: jqVersion(),
    peakRss: hasGnuTime() ? 'GNU time %M (child maxrss)' : '/proc/<pid>/status VmHWM, polled every 10 ms',
    date: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    load: loadavg()[0] ?? 0,
  };
}
