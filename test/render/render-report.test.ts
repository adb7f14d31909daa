import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evidenceId, registerRenderer, renderReport } from '../../src/render/index.ts';
import type { RenderContext } from '../../src/render/types.ts';
import { buildReport, fixtureTemplate } from './report-fixture.ts';
import { expectEvidence, expectManifest } from '../output-schemas.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('renderReport', () => {
  it('renders csv, json, md then manifest.json last', async () => {
    const out = await renderReport(buildReport(), ['md', 'json', 'csv'], fixtureTemplate());
    expect(out.map((f) => f.name)).toEqual(['uses.csv', 'gaps.csv', 'gates.csv', 'evidence.json', 'summary.md', 'manifest.json']);
  });

  it('writes a manifest whose hashes and sizes match the files', async () => {
    const out = await renderReport(buildReport(), ['csv', 'json', 'md'], fixtureTemplate());
    const manifest = JSON.parse(out.at(-1)!.data.toString('utf8'));
    expectManifest(manifest);
    expectEvidence(JSON.parse(out.find((f) => f.name === 'evidence.json')!.data.toString('utf8')));
    expect(Object.keys(manifest)).toEqual(['schema', 'status', 'incomplete', 'evidenceId', 'generatedAt', 'period', 'asOf', 'coverageGaps', 'ledger', 'outputs', 'inputs']);
    expect(manifest.schema).toBe('glasstrail.manifest/v1');
    expect(manifest.status).toBe('COMPLETE');
    expect(manifest.evidenceId).toBe(evidenceId(buildReport()));
    expect(manifest.period).toBe('2026-Q3');
    expect(manifest.generatedAt).toBe('2026-10-14T20:00:00-04:00');
    expect(manifest.asOf).toBe('2026-10-14T20:00:00-04:00');
    expect(manifest.coverageGaps).toEqual([]);
    expect(manifest.ledger).toEqual({ ok: buildReport().ledger.ok, firstBadLine: buildReport().ledger.firstBadLine });
    const gapped = await renderReport(buildReport({ population: { ...buildReport().population, coverageGaps: ['jira.issues: collected up to X only'] } }), ['csv'], fixtureTemplate());
    expect(JSON.parse(gapped.at(-1)!.data.toString('utf8')).coverageGaps).toEqual(['jira.issues: collected up to X only']);
    const others = out.slice(0, -1);
    expect(manifest.outputs.map((o: { name: string }) => o.name)).toEqual(others.map((f) => f.name).sort());
    for (const file of others) {
      const entry = manifest.outputs.find((o: { name: string }) => o.name === file.name);
      expect(entry).toEqual({ name: file.name, sha256: sha(file.data), bytes: file.data.length });
    }
    expect(manifest.inputs).toEqual(buildReport().inputs);
    expect(out.at(-1)!.data.toString('utf8').endsWith('}\n')).toBe(true);
  });

  it('is byte-identical for the same report twice', async () => {
    const a = await renderReport(buildReport(), ['csv', 'json', 'md'], fixtureTemplate());
    const b = await renderReport(buildReport(), ['csv', 'json', 'md'], fixtureTemplate());
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    a.forEach((f, i) => expect(f.data.equals(b[i]!.data)).toBe(true));
  });

  it('flags INCOMPLETE in the manifest', async () => {
    const out = await renderReport(buildReport({ incomplete: ['github: 502'] }), ['json'], fixtureTemplate());
    const manifest = JSON.parse(out.at(-1)!.data.toString('utf8'));
    expectManifest(manifest);
    expect(manifest.status).toBe('INCOMPLETE');
    expect(manifest.incomplete).toEqual(['github: 502']);
  });

  it('hands csv and json bytes to a later renderer (the PDF attaches them)', async () => {
    let seen: string[] = [];
    registerRenderer('pdf', (_report, ctx: RenderContext) => {
      seen = [...ctx.rendered.keys()];
      return [{ name: 'evidence.pdf', data: Buffer.from('%PDF-fake') }];
    });
    const out = await renderReport(buildReport(), ['pdf', 'csv', 'json'], fixtureTemplate());
    expect(seen).toEqual(['uses.csv', 'gaps.csv', 'gates.csv', 'evidence.json']);
    expect(out.map((f) => f.name)).toEqual(['uses.csv', 'gaps.csv', 'gates.csv', 'evidence.json', 'evidence.pdf', 'manifest.json']);
    const manifest = JSON.parse(out.at(-1)!.data.toString('utf8'));
    expect(manifest.outputs.map((o: { name: string }) => o.name)).toEqual(['evidence.json', 'evidence.pdf', 'gaps.csv', 'gates.csv', 'uses.csv']);
  });
});

describe('evidenceId', () => {
  const base = buildReport();
  it.each<[string, Parameters<typeof buildReport>[0]]>([
    ['an input file (e.g. the framework template) changes', { inputs: [...base.inputs.slice(1), { ...base.inputs[0]!, sha256: 'f'.repeat(64) }] }],
    ['the tool version changes (its rules may differ)', { tool: { ...base.tool, version: '0.2.0' } }],
    ['the evidence is INCOMPLETE', { incomplete: ['jira: 503 Service Unavailable'] }],
    ['as-of changes', { asOf: base.asOf + 1 }],
  ])('changes when %s', (_name, over) => {
    expect(evidenceId(buildReport(over))).not.toBe(evidenceId(base));
  });

  it('stays the same for another generated-at (the same evidence, rendered again)', () => {
    expect(evidenceId(buildReport({ generatedAt: base.generatedAt + 86_400_000 }))).toBe(evidenceId(base));
  });
});
