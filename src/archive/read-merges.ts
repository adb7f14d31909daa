/** Merged PRs per gate: `archive/github/merges/<gate-id>.ndjson`. */
import { basename } from 'node:path';
import { z } from 'zod';
import type { MergedPr } from '../domain/events.ts';
import type { InputFile } from '../domain/report.ts';
import { ShapeError } from '../errors.ts';
import { toEpochMs } from '../time/index.ts';
import { CORRUPT_FIX, readEntries, entryValue } from './lines.ts';

export const mergeSchema = z.looseObject({
  number: z.number().int(),
  mergedAt: z.union([z.string(), z.number()]),
  mergedBy: z.string().nullable(),
  baseRef: z.string(),
  url: z.string(),
});

type MergeLine = z.infer<typeof mergeSchema>;

/** True only when `value` certainly passes `mergeSchema`, checked in place; false: ask zod. */
export function plainlyValidMerge(value: unknown): value is MergeLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(v.number) &&
    (typeof v.mergedAt === 'string' || (typeof v.mergedAt === 'number' && Number.isFinite(v.mergedAt))) &&
    (v.mergedBy === null || typeof v.mergedBy === 'string') &&
    typeof v.baseRef === 'string' &&
    typeof v.url === 'string'
  );
}

/**
 * What the report keeps of a merged PR: metrics count merges per gate and month, nothing else
 * reads them. The 200k PRs of a large archive (each with its own URL) otherwise stay alive
 * through join and rules. Every field is still validated.
 */
export type MergeTime = Pick<MergedPr, 'number' | 'mergedAt'>;

export interface MergesScan {
  merges: Map<string, MergeTime[]>;
  prs: number;
  /** gate id → merged PRs in its file into another branch, or of another repo, than the gate's (not counted) */
  notCounted: Map<string, { otherBranch: number; otherRepo: number }>;
  inputs: InputFile[];
}

/** What a gate's merged PRs must match: its branch, and its repo or a former name of it (lower case). */
export interface MergeGate {
  branch: string;
  repos: string[];
}

/** `owner/name` of a PR URL (`https://github.com/owner/name/pull/7`, GHES alike), lower case; undefined when it has none. */
function repoOfUrl(url: string): string | undefined {
  return /\/([^/]+\/[^/]+)\/pull\/\d+\/?$/.exec(url)?.[1]?.toLowerCase();
}

/** One merged PR's identity in a gate's file: repo (from its URL) and number; collect keys its lines so. */
export function mergeKey(pr: { url: string; number: number }): string {
  return `${repoOfUrl(pr.url) ?? ''}#${pr.number}`;
}

/**
 * `gates` (gate id → branch and repos): a PR whose `baseRef` is another branch, or whose URL
 * names another repo, is not a merge into the gate's branch (CONTRACT §8): it is left out and
 * counted in `notCounted`. Such lines are in a gate's file when the gate was pointed at another
 * branch or repo after a collect: collect keeps the lines it wrote and backfills the new
 * target's PRs over the same span.
 */
export async function scanMerges(files: readonly { path: string; rel: string }[], gates: Readonly<Record<string, MergeGate>> = {}): Promise<MergesScan> {
  const scan: MergesScan = { merges: new Map(), prs: 0, notCounted: new Map(), inputs: [] };
  for (const file of files) {
    const gate = basename(file.path, '.ndjson');
    const target = Object.hasOwn(gates, gate) ? gates[gate] : undefined;
    const byNumber = new Map<number, MergeTime>();
    const otherBranch = new Set<string>();
    const otherRepo = new Set<string>();
    const reader = readEntries(file.path, file.rel);
    // a chunk of lines per await (see FileReader.batches)
    for await (const batch of reader.batches) for (const raw of batch) {
      const value = entryValue(raw, file.rel, 'merged-PR');
      // zod only for a line the plain check cannot vouch for (it copies what it validates)
      const parsed = plainlyValidMerge(value) ? { success: true as const, data: value } : mergeSchema.safeParse(value);
      const mergedAt = parsed.success ? toEpochMs(parsed.data.mergedAt) : undefined;
      if (!parsed.success || mergedAt === undefined) {
        const field = parsed.success ? 'mergedAt' : parsed.error.issues[0]?.path.join('.') || '(entry)';
        throw new ShapeError('archive-corrupt', `merged PR has a bad or missing ${field}`, { where: file.rel, line: raw.line, fix: CORRUPT_FIX });
      }
      const pr = parsed.data;
      if (target !== undefined) {
        const repo = repoOfUrl(pr.url);
        // a URL with no repo in it (hand-made archives) cannot be told apart: it counts
        if (repo !== undefined && !target.repos.includes(repo)) {
          otherRepo.add(mergeKey(pr));
          continue;
        }
        if (pr.baseRef !== target.branch) {
          otherBranch.add(mergeKey(pr));
          continue;
        }
      }
      if (!byNumber.has(pr.number)) {
        byNumber.set(pr.number, { number: pr.number, mergedAt });
      }
    }
    const prs = [...byNumber.values()].sort((a, b) => a.mergedAt - b.mergedAt || a.number - b.number);
    scan.merges.set(gate, prs);
    scan.prs += prs.length;
    if (otherBranch.size + otherRepo.size > 0) scan.notCounted.set(gate, { otherBranch: otherBranch.size, otherRepo: otherRepo.size });
    scan.inputs.push({ path: file.rel, ...reader.digest() });
  }
  return scan;
}

/** The scan of two sets of merged-PR files (one gate per file, so no gate is in both). */
export function mergeMergesScans(a: MergesScan, b: MergesScan): MergesScan {
  return { merges: new Map([...a.merges, ...b.merges]), prs: a.prs + b.prs, notCounted: new Map([...a.notCounted, ...b.notCounted]), inputs: [...a.inputs, ...b.inputs] };
}
