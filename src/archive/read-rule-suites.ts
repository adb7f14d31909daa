/**
 * Rule suites under `archive/github/rule-suites/` (objects of GET /orgs/{org}/rulesets/rule-suites).
 * Only `result: "bypass"` becomes an event; every suite counts toward the span the archive covers.
 */
import { z } from 'zod';
import type { AuditEvent } from '../domain/events.ts';
import type { InputFile } from '../domain/report.ts';
import { ShapeError } from '../errors.ts';
import { toEpochMs } from '../time/index.ts';
import { stripHeads } from './audit-entry.ts';
import { conflictingCopy, CORRUPT_FIX, entryValue, readEntries } from './lines.ts';

const suiteSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  result: z.string(),
  pushed_at: z.string(),
  actor_name: z.string().nullish(),
  repository_name: z.string().nullish(),
  ref: z.string().nullish(),
});

export interface RuleSuiteScan {
  /** bypass events inside the window, deduplicated */
  events: AuditEvent[];
  files: number;
  /** bypasses inside the window (after dedupe) */
  bypasses: number;
  earliest: number | null;
  latest: number | null;
  inputs: InputFile[];
}

export async function scanRuleSuites(
  files: readonly { path: string; rel: string }[],
  options: { window: { from: number; to: number }; githubOrg?: string },
): Promise<RuleSuiteScan> {
  const scan: RuleSuiteScan = { events: [], files: 0, bypasses: 0, earliest: null, latest: null, inputs: [] };
  /** each bypass read: what the report reads of it, and where */
  const seen = new Map<string, { print: string; file: string; line: number }>();
  for (const file of files) {
    const reader = readEntries(file.path, file.rel);
    // a chunk of lines per await (see FileReader.batches)
    for await (const batch of reader.batches) for (const raw of batch) {
      const line = raw.line;
      const value = entryValue(raw, file.rel, 'rule-suite');
      const parsed = suiteSchema.safeParse(value);
      const at = parsed.success ? toEpochMs(parsed.data.pushed_at) : undefined;
      if (!parsed.success || at === undefined) {
        const field = parsed.success ? 'pushed_at' : parsed.error.issues[0]?.path.join('.') || '(entry)';
        throw new ShapeError('archive-corrupt', `rule suite has a bad or missing ${field}`, { where: file.rel, line, fix: CORRUPT_FIX });
      }
      const suite = parsed.data;
      if (scan.earliest === null || at < scan.earliest) scan.earliest = at;
      if (scan.latest === null || at > scan.latest) scan.latest = at;
      if (suite.result !== 'bypass') continue;
      const id = `rs-${suite.id}`;
      const print = JSON.stringify([at, suite.actor_name ?? null, suite.repository_name ?? null, suite.ref ?? null]);
      const first = seen.get(id);
      if (first !== undefined) {
        // A copy in a file read first (one dropped in by hand) must not stand in for collect's.
        if (first.print === print) continue;
        throw conflictingCopy(`rule suite ${suite.id}`, 'time, actor, repository or ref', first, file.rel, line);
      }
      seen.set(id, { print, file: file.rel, line });
      if (at < options.window.from || at >= options.window.to) continue;
      if (!suite.repository_name) {
        throw new ShapeError('archive-corrupt', 'rule-suite bypass has no repository_name', { where: file.rel, line, fix: CORRUPT_FIX });
      }
      const event: AuditEvent = {
        id,
        kind: 'rule-suite',
        action: 'rule_suite.bypass',
        actor: suite.actor_name ?? '',
        at,
        repo: qualify(suite.repository_name, options.githubOrg),
        source: { file: file.rel, line },
      };
      if (suite.ref) event.branch = stripHeads(suite.ref);
      scan.events.push(event);
      scan.bypasses += 1;
    }
    scan.files += 1;
    scan.inputs.push({ path: file.rel, ...reader.digest() });
  }
  return scan;
}

/** The API gives a bare `repository_name`; the org endpoint implies `<org>/<name>`. */
function qualify(name: string, org: string | undefined): string {
  if (name.includes('/') || !org) return name;
  return `${org}/${name}`;
}
