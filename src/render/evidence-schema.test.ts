import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatLocal } from '../time/index.ts';
import { buildReport, fixtureTemplate } from '../../test/render/report-fixture.ts';
import { evidenceSchema } from './evidence-schema.ts';
import { evidenceJson } from './json.ts';
import { renderManifest } from './manifest.ts';
import { manifestSchema } from './manifest-schema.ts';
import { OUTPUT_SCHEMAS, renderOutputJsonSchema } from './output-json-schema.ts';
import { renderSample } from './sample.ts';
import { sampleManifestSchema } from './sample-manifest-schema.ts';
import { DEFAULT_SAMPLE_SIZES, drawSample } from '../sample/index.ts';

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: unknown; [key: string]: unknown };

/** Every object schema (one with `properties`) in a JSON Schema, with its place. */
function objectSchemas(node: unknown, at = '#'): [string, JsonSchema][] {
  if (typeof node !== 'object' || node === null) return [];
  const here: [string, JsonSchema][] = 'properties' in node ? [[at, node as JsonSchema]] : [];
  return [...here, ...Object.entries(node).flatMap(([key, child]) => objectSchemas(child, `${at}/${key}`))];
}

describe('the output schemas under schema/', () => {
  it.each(OUTPUT_SCHEMAS)('$file equals a fresh generation (run `npm run schema` after changing the zod schema)', async ({ file, schema }) => {
    expect(await readFile(new URL(`../../schema/${file}`, import.meta.url), 'utf8')).toBe(renderOutputJsonSchema(schema));
  });

  it.each(OUTPUT_SCHEMAS)('$file closes every object and requires every key but population.reconciliation', ({ file, schema }) => {
    const objects = objectSchemas(JSON.parse(renderOutputJsonSchema(schema)));
    expect(objects.length).toBeGreaterThan(file.includes('evidence') ? 40 : 3);
    const optional: string[] = [];
    for (const [at, object] of objects) {
      expect(object.additionalProperties, at).toBe(false);
      optional.push(...Object.keys(object.properties!).filter((key) => !object.required?.includes(key)).map((key) => `${at}/properties/${key}`));
    }
    expect(optional).toEqual(file.includes('evidence') ? ['#/properties/population/properties/reconciliation'] : []);
  });

  it('names every framework template there is', async () => {
    const templates = (await readdir(new URL('../../templates/', import.meta.url))).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
    expect([...evidenceSchema.shape.framework.shape.id.options].sort()).toEqual(templates.sort());
  });
});

type Mutable = { [key: string]: any };
const fixtureEvidence = (): Mutable => JSON.parse(JSON.stringify(evidenceJson(buildReport(), fixtureTemplate())));

function issuesOf(schema: z.ZodType, value: unknown): { path: string; code: string }[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code }));
}

describe('the evidence schema catches what the renderer must not do', () => {
  it('accepts the fixture evidence as rendered', () => {
    expect(issuesOf(evidenceSchema, fixtureEvidence())).toEqual([]);
  });

  it('accepts the times the renderer writes for ledger instants at the ends of RFC 3339 (a sentinel expiresAt)', () => {
    const json = fixtureEvidence();
    // 0000-01-01T00:00:00Z is year -1 in New York (local mean time, -4:56:02); 9999-12-31T23:59:59Z is year 10000 east of UTC
    json.uses[0].expiresAt = formatLocal(Date.parse('0000-01-01T00:00:00Z'), json.period.zone);
    json.uses[1].expiresAt = formatLocal(Date.parse('0001-01-01T00:00:00Z'), json.period.zone);
    expect(json.uses[0].expiresAt).toBe('-000001-12-31T19:04:00-04:56');
    expect(issuesOf(evidenceSchema, json)).toEqual([]);
  });

  it.each<[string, (j: Mutable) => void, { path: string; code: string }]>([
    ['a top-level field added', (j) => { j.extra = 1; }, { path: '', code: 'unrecognized_keys' }],
    ['a field added to a use', (j) => { j.uses[0].rulesetName = 'x'; }, { path: 'uses.0', code: 'unrecognized_keys' }],
    ['a field added to a Jira transition', (j) => { j.uses[0].review.issue.transitions[0].toUnknown = null; }, { path: 'uses.0.review.issue.transitions.0', code: 'unrecognized_keys' }],
    ['a field dropped from a use', (j) => { delete j.uses[1].closeReason; }, { path: 'uses.1.closeReason', code: 'invalid_type' }],
    ['an absent fact left out instead of null', (j) => { delete j.uses[1].review; }, { path: 'uses.1.review', code: 'invalid_type' }],
    ['a field dropped from the program', (j) => { delete j.program.statusCategories; }, { path: 'program.statusCategories', code: 'invalid_type' }],
    ['null where the contract has none', (j) => { j.uses[0].sanctioned = null; }, { path: 'uses.0.sanctioned', code: 'invalid_type' }],
    ['an instant in UTC with Z', (j) => { j.asOf = '2026-10-15T00:00:00Z'; }, { path: 'asOf', code: 'invalid_format' }],
    ['an instant with .000 milliseconds', (j) => { j.uses[0].startedAt = j.uses[0].startedAt.replace(/(:\d\d)-/, '$1.000-'); }, { path: 'uses.0.startedAt', code: 'invalid_format' }],
    ['an instant written in another zone (same instant)', (j) => { j.uses[0].startedAt = '2026-07-06T16:00:00+02:00'; }, { path: 'uses.0.startedAt', code: 'custom' }],
    ['a period laid out in another zone than the configured one', (j) => { j.parameters.timezone = 'Europe/Berlin'; }, { path: 'parameters.timezone', code: 'custom' }],
    ['a UTC field with an offset', (j) => { j.period.startUtc = '2026-07-01T00:00:00-04:00'; }, { path: 'period.startUtc', code: 'invalid_format' }],
    ['an unknown gap code', (j) => { j.findings[0].code = 'GRANT_STALE'; }, { path: 'findings.0.code', code: 'invalid_value' }],
    ['an unknown review status', (j) => { j.uses[0].review.status = 'closed'; }, { path: 'uses.0.review.status', code: 'invalid_value' }],
    ['COMPLETE with reasons', (j) => { j.incomplete = ['jira: 503']; }, { path: 'status', code: 'custom' }],
    ['INCOMPLETE without reasons', (j) => { j.status = 'INCOMPLETE'; }, { path: 'status', code: 'custom' }],
  ])('%s', (_name, mutate, issue) => {
    const json = fixtureEvidence();
    mutate(json);
    expect(issuesOf(evidenceSchema, json)).toContainEqual(issue);
  });
});

describe('the manifest schema catches what the renderer must not do', () => {
  const digest = { name: 'evidence.json', sha256: 'd'.repeat(64), bytes: 10 };
  const manifest = (): Mutable => JSON.parse(renderManifest(buildReport(), [digest]).data.toString('utf8'));

  it('accepts the fixture manifest as rendered', () => {
    expect(issuesOf(manifestSchema, manifest())).toEqual([]);
  });

  it.each<[string, (j: Mutable) => void, { path: string; code: string }]>([
    ['a field added', (j) => { j.zone = 'America/New_York'; }, { path: '', code: 'unrecognized_keys' }],
    ['a field dropped from ledger', (j) => { delete j.ledger.firstBadLine; }, { path: 'ledger.firstBadLine', code: 'invalid_type' }],
    ['an output that is no report file', (j) => { j.outputs[0].name = 'sample.pdf'; }, { path: 'outputs.0.name', code: 'invalid_value' }],
    ['a hash with the ledger prefix', (j) => { j.outputs[0].sha256 = `sha256:${'d'.repeat(64)}`; }, { path: 'outputs.0.sha256', code: 'invalid_format' }],
    ['INCOMPLETE without reasons', (j) => { j.status = 'INCOMPLETE'; }, { path: 'status', code: 'custom' }],
  ])('%s', (_name, mutate, issue) => {
    const json = manifest();
    mutate(json);
    expect(issuesOf(manifestSchema, json)).toContainEqual(issue);
  });
});

describe('the sample manifest schema catches what the renderer must not do', () => {
  const manifest = async (): Promise<Mutable> => {
    const report = buildReport();
    report.config.sampling.sizes = DEFAULT_SAMPLE_SIZES.map((step) => ({ ...step })); // as the config gives it (never empty)
    const draw = drawSample(report.uses.map((u) => u.id), 'FY26 Q3', 2);
    const files = await renderSample(report, draw, { template: fixtureTemplate(), sizeMode: 'fixed' });
    return JSON.parse(files.find((f) => f.name === 'manifest.json')!.data.toString('utf8'));
  };

  it('accepts the fixture sample manifest as rendered', async () => {
    const json = await manifest();
    expect(issuesOf(sampleManifestSchema, json)).toEqual([]);
    expect([json.schema, json.status, json.incomplete, json.N]).toEqual(['glasstrail.sample/v1', 'COMPLETE', [], 2]);
  });

  it.each<[string, (j: Mutable) => void, { path: string; code: string }]>([
    ['a field added', (j) => { j.zone = 'America/New_York'; }, { path: '', code: 'unrecognized_keys' }],
    ['a field dropped from a pick', (j) => { delete j.sample[0].key; }, { path: 'sample.0.key', code: 'invalid_type' }],
    ['an output that is no sample file', (j) => { j.outputs[0].name = 'evidence.pdf'; }, { path: 'outputs.0.name', code: 'invalid_value' }],
    ['a size mode the CLI has not', (j) => { j.sizeMode = 'all'; }, { path: 'sizeMode', code: 'invalid_value' }],
    ['INCOMPLETE without reasons', (j) => { j.status = 'INCOMPLETE'; }, { path: 'status', code: 'custom' }],
  ])('%s', async (_name, mutate, issue) => {
    const json = await manifest();
    mutate(json);
    expect(issuesOf(sampleManifestSchema, json)).toContainEqual(issue);
  });
});
