import { describe, expect, it } from 'vitest';
import { buildReport, fixtureTemplate } from '../../test/render/report-fixture.ts';
import { ByteSink, evidenceJson, jsonBytes, renderJson } from './json.ts';

// renderJson writes evidence.json piece by piece; it must be the exact bytes of the one-shot form.
function streamed(report: ReturnType<typeof buildReport>): Buffer {
  return renderJson(report, { template: fixtureTemplate(), rendered: new Map() })[0]!.data;
}

describe('streamed evidence.json', () => {
  it.each([
    ['the fixture report', buildReport()],
    ['no uses, findings or waived events', buildReport({ uses: [], findings: [], waived: [] })],
    ['INCOMPLETE with notes', buildReport({ incomplete: ['jira: 503 Service Unavailable', 'line\nbreak "quoted"'] })],
  ])('is byte-identical to JSON.stringify(tree, null, 2) for %s', (_name, report) => {
    const oneShot = jsonBytes(evidenceJson(report, fixtureTemplate()));
    const bytes = streamed(report);
    expect(bytes.toString('utf8')).toBe(oneShot.toString('utf8'));
    expect(bytes.equals(oneShot)).toBe(true);
  });

  it('stays identical when the text spans many 1 MB pieces', () => {
    const base = buildReport();
    const uses = Array.from({ length: 4000 }, (_, i) => base.uses.map((u) => ({ ...u, id: `${u.id}-${i}` }))).flat();
    const report = buildReport({ uses });
    const bytes = streamed(report);
    expect(bytes.length).toBeGreaterThan(2 << 20);
    expect(bytes.equals(jsonBytes(evidenceJson(report, fixtureTemplate())))).toBe(true);
    expect(JSON.parse(bytes.toString('utf8')).uses).toHaveLength(uses.length);
  });
});

describe('ByteSink', () => {
  it('grows past its reservation without losing or cutting characters', () => {
    const sink = new ByteSink(0); // reserves the 64 KiB minimum
    const pieces = Array.from({ length: 300 }, (_, i) => `${i}:${'é€𝄞x'.repeat(200)}\n`);
    for (const piece of pieces) sink.push(piece);
    const bytes = sink.finish();
    expect(bytes.length).toBeGreaterThan(1 << 16);
    expect(bytes.toString('utf8')).toBe(pieces.join(''));
  });
});
