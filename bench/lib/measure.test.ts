import { describe, expect, it } from 'vitest';
import { measure, parseGnuTimeKb } from './measure.ts';

describe('parseGnuTimeKb', () => {
  it.each([
    ['123456\n', 123456],
    ['Command exited with non-zero status 3\n2048\n', 2048],
    ['', null],
    ['not a number\n', null],
  ])('%j -> %j', (text, kb) => {
    expect(parseGnuTimeKb(text)).toBe(kb);
  });
});

describe('measure', () => {
  it('reports the exit code, stdout lines and a peak RSS that covers what the child allocated', async () => {
    // 200 MB of touched memory (Buffer.alloc zero-fills, so the pages are resident)
    const script = 'const b = Buffer.alloc(200 * 1024 * 1024, 1); console.log(b[5]); console.log("x"); process.exit(3)';
    const m = await measure(process.execPath, ['-e', script]);
    expect(m.exitCode).toBe(3);
    expect(m.stdoutLines).toBe(2);
    expect(m.peakRssMb).toBeGreaterThanOrEqual(200);
    expect(m.seconds).toBeGreaterThan(0);
  });

  it('keeps stdout when asked', async () => {
    const m = await measure(process.execPath, ['-e', 'console.log(JSON.stringify({ seconds: 1.5 }))'], { keepStdout: true });
    expect(JSON.parse(m.stdout ?? '')).toEqual({ seconds: 1.5 });
  });
});
