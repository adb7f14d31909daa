/**
 * What the archive already holds: key → `fields.updated` of the stored version. Lets a rerun
 * skip the changelog pull for issues that have not changed (any change, changelog included,
 * moves `updated`).
 */
import { z } from 'zod';
import { ShapeError } from '../../errors.ts';
import { readTextIfExists } from '../../archive/atomic.ts';

const storedLine = z.looseObject({ key: z.string(), fields: z.looseObject({ updated: z.string() }) });

export async function readArchivedVersions(path: string): Promise<Map<string, string>> {
  const text = await readTextIfExists(path);
  if (text === undefined) return new Map();
  const versions = new Map<string, string>();
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new ShapeError('jira-archive-line', 'not a JSON line', { where: path, line: index + 1, fix: 'restore the archive from a backup or delete the line and re-collect' });
    }
    const parsed = storedLine.safeParse(json);
    if (!parsed.success) {
      throw new ShapeError('jira-archive-line', 'not a Jira issue (needs key and fields.updated)', { where: path, line: index + 1, fix: 'restore the archive from a backup or delete the line and re-collect' });
    }
    versions.set(parsed.data.key, parsed.data.fields.updated);
  }
  return versions;
}
