/**
 * `archive/jira/issues.ndjson` (+ optional `statuses.json`) -> review tickets by key.
 * Transition categories are resolved after the whole file is read, because the fallback
 * catalogue is built from the statuses of all archived issues.
 */
import type { InputFile } from '../domain/report.ts';
import type { ReviewTicket, StatusCategory } from '../domain/review.ts';
import { ShapeError } from '../errors.ts';
import { compareIds, createInterner } from '../util/text.ts';
import { IssueShapeProblem, jiraIssueSchema, plainlyValidIssue, statusCatalogueSchema, toCategory, toTicket } from './jira-issue.ts';
import { CORRUPT_FIX, readEntries, entryValue } from './lines.ts';

export interface JiraScan {
  tickets: Map<string, ReviewTicket>;
  /** statuses.json was present */
  statusCatalogue: boolean;
  inputs: InputFile[];
  /** what the report should say about jira.statusCategories: the entries used, and those the archive contradicts */
  notes: string[];
}

type FileRef = { path: string; rel: string };

export async function scanJira(
  files: { issues?: FileRef; statuses?: FileRef },
  fieldIds: { reviewer?: string; followUp?: string; reviewerName?: string },
  configured: Readonly<Record<string, StatusCategory>> = {},
): Promise<JiraScan> {
  const scan: JiraScan = { tickets: new Map(), statusCatalogue: false, inputs: [], notes: [] };
  // status id -> its category; undefined for a known status of another category (Jira's
  // "No Category", key `undefined`): known, and certainly not done
  const catalogue = new Map<string, StatusCategory | undefined>();
  if (files.statuses) {
    await readCatalogue(files.statuses, catalogue, scan.inputs);
    scan.statusCatalogue = true;
  }
  const seen = new Map<string, StatusCategory | undefined>();
  if (files.issues) {
    const file = files.issues;
    const intern = createInterner();
    const reader = readEntries(file.path, file.rel);
    // a chunk of lines per await (see FileReader.batches)
    for await (const batch of reader.batches) for (const raw of batch) {
      const line = raw.line;
      const value = entryValue(raw, file.rel, 'Jira issue');
      const key = keyOf(value);
      // zod only for an issue the plain check cannot vouch for (it copies what it validates)
      const parsed = plainlyValidIssue(value) ? { success: true as const, data: value } : jiraIssueSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || '(issue)';
        throw new ShapeError('archive-corrupt', `Jira issue has a bad or missing ${field}: ${issue?.message ?? 'invalid'}`, { where: file.rel, line, key, fix: CORRUPT_FIX });
      }
      try {
        // A key seen again is a newer copy: the last line wins (CONTRACT §4).
        scan.tickets.set(parsed.data.key, toTicket(parsed.data, fieldIds, { file: file.rel, line }, intern));
      } catch (error) {
        if (!(error instanceof IssueShapeProblem)) throw error;
        throw new ShapeError('archive-corrupt', `Jira issue: ${error.message}`, { where: file.rel, line, key, fix: CORRUPT_FIX });
      }
      const status = parsed.data.fields.status;
      if (status?.statusCategory) seen.set(status.id, toCategory(status.statusCategory.key));
    }
    scan.inputs.push({ path: file.rel, ...reader.digest() });
  }
  // statuses.json is the source of truth; statuses of archived issues only fill its gaps
  // (a status deleted from the workflow since, or no catalogue at all).
  for (const [id, category] of seen) if (!catalogue.has(id)) catalogue.set(id, category);
  // A transition to a status known to neither would silently read as "not done": a completed
  // review reported open or overdue. It is marked, and refused where the ticket reviews a use,
  // unless the config gives the category of that status (jira.statusCategories): a status
  // deleted from Jira before collect ever saw it. The archive's own word always wins.
  const fromConfig = new Map<string, number>();
  for (const ticket of scan.tickets.values()) {
    for (const t of ticket.transitions) {
      const known = catalogue.has(t.toId);
      const given = known ? undefined : configured[t.toId];
      if (given !== undefined) fromConfig.set(t.toId, (fromConfig.get(t.toId) ?? 0) + 1);
      else if (!known) t.toUnknown = scan.statusCatalogue ? 'not-in-catalogue' : 'no-catalogue';
      const category = given ?? catalogue.get(t.toId);
      if (category) t.toCategory = category;
    }
  }
  scan.notes = statusCategoryNotes(configured, catalogue, fromConfig);
  // A moved issue answers to its former keys too. A copy archived under a former key before the
  // move is the same issue, older: the moved one replaces it (Jira never reuses a key).
  // (a snapshot: the loop adds entries to the map it reads)
  for (const ticket of Array.from(scan.tickets.values())) {
    for (const former of ticket.formerKeys ?? []) if (former !== ticket.key) scan.tickets.set(former, ticket);
  }
  return scan;
}

/**
 * The population notes on jira.statusCategories: each entry that decided a transition (the
 * evidence must say a category came from the config, not from Jira), and each the archive
 * contradicts (ignored).
 */
function statusCategoryNotes(configured: Readonly<Record<string, StatusCategory>>, catalogue: ReadonlyMap<string, StatusCategory | undefined>, used: ReadonlyMap<string, number>): string[] {
  return Object.keys(configured)
    .sort(compareIds)
    .flatMap((id) => {
      const given = configured[id];
      const n = used.get(id);
      if (n !== undefined) return [`Jira status ${id} is in neither jira/statuses.json nor any archived issue: its category (${given}) is taken from the config (jira.statusCategories) for ${n} changelog move(s)`];
      if (catalogue.has(id) && catalogue.get(id) !== given) {
        return [`jira.statusCategories gives status ${id} the category ${given}, but the archive knows it as ${catalogue.get(id) ?? 'no category'}: the archive's is used`];
      }
      return [];
    });
}

/**
 * Not CORRUPT_FIX ("collect cannot repair it"): the catalogue is Jira's answer, which collect
 * fetches again, and writes over the file, when the file does not parse (sources/jira/statuses.ts).
 */
const STATUSES_FIX =
  "restore statuses.json from the archive's history (git) or a backup, or run glasstrail collect, which replaces a catalogue that does not parse with Jira's answer (statuses Jira has deleted since are then no longer known)";

async function readCatalogue(file: FileRef, catalogue: Map<string, StatusCategory | undefined>, inputs: InputFile[]): Promise<void> {
  const reader = readEntries(file.path, file.rel, { allowArray: true });
  const statuses: unknown[] = [];
  try {
    for await (const batch of reader.batches) for (const raw of batch) {
      if ('text' in raw) {
        throw new ShapeError('archive-corrupt', 'statuses.json is not a JSON array (expected the body of GET /rest/api/3/status)', { where: file.rel, line: raw.line, fix: STATUSES_FIX });
      }
      statuses.push(raw.value);
    }
  } catch (error) {
    // the reader's own errors (a cut array) carry CORRUPT_FIX; bytes that are not UTF-8 keep it:
    // collect reads such a file as text and may not fetch the catalogue again
    if (error instanceof ShapeError && error.context.fix === CORRUPT_FIX && !error.message.includes('UTF-8')) {
      throw new ShapeError(error.code, error.message, { ...error.context, fix: STATUSES_FIX }, { cause: error.cause });
    }
    throw error;
  }
  const parsed = statusCatalogueSchema.safeParse(statuses);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShapeError('archive-corrupt', `statuses.json has a bad status at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`, { where: file.rel, fix: STATUSES_FIX });
  }
  for (const status of parsed.data) {
    if (status.statusCategory) catalogue.set(status.id, toCategory(status.statusCategory.key));
  }
  inputs.push({ path: file.rel, ...reader.digest() });
}

function keyOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const key = (value as { key?: unknown }).key;
  return typeof key === 'string' ? key : undefined;
}
