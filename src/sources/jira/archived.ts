/**
 * What the archive already holds: key → `fields.updated` of the stored version, which lets a
 * rerun skip the changelog pull for issues that have not changed (any change, changelog
 * included, moves `updated`); and the keys its issues had before a move to another project.
 */
import { z } from 'zod';
import { ShapeError } from '../../errors.ts';
import { readTextIfExists } from '../../archive/atomic.ts';
import { formerKeyOf } from '../../archive/jira-issue.ts';

const storedLine = z.looseObject({ key: z.string(), fields: z.looseObject({ updated: z.string() }) });

type Histories = readonly { items?: readonly { field?: string | undefined; fieldId?: string | undefined; fromString?: unknown }[] }[];

/**
 * The keys (upper case) an issue had before a move to another project: its changelog's `Key`
 * changes. Jira still opens the issue under them, and a ledger written before the move names one.
 */
export function formerKeysIn(histories: Iterable<Histories>): Set<string> {
  const keys = new Set<string>();
  for (const list of histories) {
    for (const history of list) {
      for (const item of history.items ?? []) {
        const former = formerKeyOf(item);
        if (former) keys.add(former.toUpperCase());
      }
    }
  }
  return keys;
}

export interface ArchivedIssues {
  versions: Map<string, string>;
  /** former keys of archived issues (formerKeysIn) */
  formerKeys: Set<string>;
}

export async function readArchivedVersions(path: string): Promise<ArchivedIssues> {
  const text = await readTextIfExists(path);
  if (text === undefined) return { versions: new Map(), formerKeys: new Set() };
  const versions = new Map<string, string>();
  const histories: Histories[] = [];
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
    const changelog = (json as { changelog?: { histories?: unknown } }).changelog;
    if (Array.isArray(changelog?.histories)) histories.push(changelog.histories as Histories);
  }
  return { versions, formerKeys: formerKeysIn(histories) };
}
