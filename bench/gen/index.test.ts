import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive, RESTORE_ACTIONS } from '../../src/archive/read.ts';
import { DEFAULT_BYPASS_ACTIONS } from '../../src/config/index.ts';
import { verifyLedgerText } from '../../src/sources/ledger/index.ts';
import { EXPORT_FILE } from './audit.ts';
import { generateDataset } from './index.ts';

const dirs: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'glasstrail-bench-gen-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function digestTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'dataset.json') out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

const spec = { events: 6_000, uses: 300, seed: 'test' };
const dataset = generateDataset(spec, temp());
const wanted = new Set([...DEFAULT_BYPASS_ACTIONS, ...RESTORE_ACTIONS]);
const auditDir = join(dataset.archive, 'github', 'audit');
const auditLines = readdirSync(auditDir).flatMap((f) => readFileSync(join(auditDir, f), 'utf8').split('\n').filter(Boolean).map((l) => ({ file: f, entry: JSON.parse(l) as Record<string, unknown> })));

describe('generateDataset', () => {
  it('writes the same bytes for the same seed, and different bytes for another seed', () => {
    expect(digestTree(generateDataset(spec, temp()).dir)).toEqual(digestTree(dataset.dir));
    expect(digestTree(generateDataset({ ...spec, seed: 'other' }, temp()).dir)).not.toEqual(digestTree(dataset.dir));
  });

  it('writes about the requested number of audit lines, 1–2 % of them bypass or restore actions', () => {
    expect(auditLines.length).toBe(dataset.audit.lines);
    expect(Math.abs(auditLines.length - spec.events)).toBeLessThanOrEqual(spec.events * 0.01);
    const share = auditLines.filter((l) => wanted.has(l.entry.action as string)).length / auditLines.length;
    expect(share).toBeGreaterThanOrEqual(0.01);
    expect(share).toBeLessThanOrEqual(0.02);
  });

  it('uses GitHub field names and puts each collected entry in the file of its UTC day', () => {
    for (const { file, entry } of auditLines) {
      expect(entry).toMatchObject({ action: expect.any(String), actor: expect.any(String), _document_id: expect.stringMatching(/^[\w-]{22}$/), org: 'synthco' });
      expect(entry['@timestamp']).toBe(entry.created_at);
      if (file !== EXPORT_FILE) expect(file).toBe(`${new Date(entry.created_at as number).toISOString().slice(0, 10)}.ndjson`);
    }
  });

  it('repeats entries across segments (the dropped-in export), and the archive reader counts them once', async () => {
    const ids = auditLines.map((l) => l.entry._document_id);
    const repeats = ids.length - new Set(ids).size;
    expect(repeats).toBe(dataset.audit.duplicates);
    expect(repeats).toBeGreaterThan(0);
    const read = await readArchive({
      archiveDir: dataset.archive, window: { from: 0, to: Number.MAX_SAFE_INTEGER }, bypassActions: DEFAULT_BYPASS_ACTIONS, jiraFields: {}, baseDir: dataset.dir,
    });
    const wantedRepeats = auditLines.filter((l) => l.file === EXPORT_FILE && wanted.has(l.entry.action as string)).length;
    expect(read.population.auditEvents.duplicates).toBe(wantedRepeats);
    expect(read.events.filter((e) => e.kind === 'audit')).toHaveLength(new Set(auditLines.filter((l) => wanted.has(l.entry.action as string)).map((l) => l.entry._document_id)).size);
    expect(read.tickets.size).toBe(dataset.issues);
  });

  it('writes a ledger whose hash chain verifies, with a grant.opened per grant', () => {
    const text = readFileSync(join(dataset.dir, 'ledger', 'breakglass.jsonl'), 'utf8');
    const verification = verifyLedgerText(text, 'breakglass.jsonl');
    expect(verification.verification.ok).toBe(true);
    expect(verification.entries).toHaveLength(dataset.ledgerEntries);
    expect(verification.entries.filter((e) => e.type === 'grant.opened')).toHaveLength(spec.uses);
  });
});
