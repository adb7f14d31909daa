import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../archive/write.ts';
import type { OutputFile } from '../domain/template.ts';

/**
 * Write the evidence files. Each file lands by atomic rename, `manifest.json` last, so a crash
 * leaves either the previous complete set or the new one plus a stale manifest that no longer
 * matches (detectable), never a half-written file.
 */
export async function writeOutputs(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ordered = [...files].sort((a, b) => Number(a.name === 'manifest.json') - Number(b.name === 'manifest.json'));
  const written: string[] = [];
  for (const file of ordered) {
    if (file.name.includes('/') || file.name.includes('\\') || file.name.startsWith('.')) {
      throw new Error(`refusing to write output outside the out dir: ${file.name}`);
    }
    const path = join(dir, file.name);
    await writeFileAtomic(path, file.data, { mode: 0o644 });
    written.push(path);
  }
  return written;
}
