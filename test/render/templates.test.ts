import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAP_CODES } from '../../src/domain/use.ts';
import { ConfigError, UsageError } from '../../src/errors.ts';
import { listTemplates, loadTemplate, templatesDir } from '../../src/render/templates.ts';

const SHIPPED = ['iso27001', 'pci', 'soc2', 'sox'];

describe('shipped templates', () => {
  it('lists exactly the four frameworks', async () => {
    expect(await listTemplates(templatesDir())).toEqual(SHIPPED);
  });

  it.each(SHIPPED)('%s maps every gap code and names every control it uses', async (id) => {
    const t = await loadTemplate(templatesDir(), id);
    expect(t.id).toBe(id);
    expect(Object.keys(t.controls).sort()).toEqual([...GAP_CODES].sort());
    const used = new Set([t.primaryControl, ...Object.values(t.controls).flat()]);
    for (const control of used) {
      expect(typeof control).toBe('string');
      expect(t.controlNames[control], `${id}: ${control}`).toMatch(/\S/);
    }
    for (const paragraph of Object.values(t.narrative)) expect(paragraph.length).toBeGreaterThan(80);
  });

  it.each<[string, string, string[]]>([
    ['soc2', 'UNSANCTIONED_BYPASS', ['CC8.1', 'CC6.1', 'CC7.2']],
    ['sox', 'UNSANCTIONED_BYPASS', ['ITGC-CM-01', 'ITGC-CM-03', 'ITGC-AC-03']],
    ['pci', 'SELF_REVIEW', ['6.5.1', '6.5.4']],
    ['pci', 'NOT_PREAUTHORIZED', ['7.2.3', '7.2.2']],
    ['pci', 'LEDGER_TAMPERED', ['10.3.2', '10.3.4']],
    ['iso27001', 'LEDGER_TAMPERED', ['A.8.15']],
    ['iso27001', 'NOT_PREAUTHORIZED', ['A.5.18', 'A.8.2']],
  ])('%s maps %s to %j', async (id, code, controls) => {
    const t = await loadTemplate(templatesDir(), id);
    expect(t.controls[code as keyof typeof t.controls]).toEqual(controls);
  });

  it('names the numbered items as each framework does (the cover: "PCI DSS v4.0.1, requirement 6.5.1")', async () => {
    const terms = await Promise.all(SHIPPED.map(async (id) => [id, (await loadTemplate(templatesDir(), id)).controlTerm]));
    expect(Object.fromEntries(terms)).toEqual({ iso27001: 'control', pci: 'requirement', soc2: 'criterion', sox: 'control' });
  });
});

describe('loadTemplate errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gt-templates-'));
    await writeFile(join(dir, 'broken.yaml'), 'framework: [unclosed\n');
    const controls = GAP_CODES.filter((c) => c !== 'GRANT_UNUSED').map((c) => `  ${c}: [X1]`).join('\n');
    await writeFile(
      join(dir, 'partial.yaml'),
      `framework: F\ntitle: T\nprimaryControl: X1\ncontrols:\n${controls}\ncontrolNames: { X1: one }\nnarrative: { intro: a, documented: b, restricted: c, logged: d, reviewed: e, method: f }\n`,
    );
    const all = GAP_CODES.map((c) => `  ${c}: [X1]`).join('\n');
    await writeFile(
      join(dir, 'unnamed.yaml'),
      `framework: F\ntitle: T\nprimaryControl: X2\ncontrols:\n${all}\ncontrolNames: { X1: one }\nnarrative: { intro: a, documented: b, restricted: c, logged: d, reviewed: e, method: f }\n`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects an unknown id with a UsageError listing the available ids', async () => {
    const err = await loadTemplate(templatesDir(), 'hipaa').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).context.fix).toBe('use one of: iso27001, pci, soc2, sox');
  });

  it('does not follow a path out of the folder', async () => {
    await expect(loadTemplate(templatesDir(), '../package')).rejects.toBeInstanceOf(UsageError);
  });

  it('names the line of a YAML syntax error', async () => {
    const err = (await loadTemplate(dir, 'broken').catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.context.where).toBe(join(dir, 'broken.yaml'));
    expect(err.context.line).toBeGreaterThanOrEqual(1);
  });

  it('names the missing gap code', async () => {
    const err = (await loadTemplate(dir, 'partial').catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.context.key).toBe('controls.GRANT_UNUSED');
  });

  it('requires a name for every control id used', async () => {
    const err = (await loadTemplate(dir, 'unnamed').catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('control "X2" has no name');
    expect(err.context.key).toBe('controlNames');
    expect(err.context.line).toBe(20);
  });
});
