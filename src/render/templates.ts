/**
 * Framework templates (`templates/<id>.yaml`): wording and the control mapping per gap code.
 * Validated with zod at load; a problem names the file, line and key.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { GAP_CODES, type GapCode } from '../domain/use.ts';
import type { FrameworkTemplate } from '../domain/template.ts';
import { ConfigError, UsageError } from '../errors.ts';
import { fileDigest } from '../util/digest.ts';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const text = z.string().trim().min(1);
const controlList = z.array(text).min(1);

const controlsShape = Object.fromEntries(GAP_CODES.map((code) => [code, controlList])) as Record<
  GapCode,
  typeof controlList
>;

export const templateSchema = z
  .strictObject({
    framework: text,
    title: text,
    primaryControl: text,
    // what the framework calls its numbered items: SOC 2 criteria, PCI DSS requirements
    controlTerm: text.default('control'),
    controls: z.strictObject(controlsShape),
    controlNames: z.record(z.string(), text),
    narrative: z.strictObject({
      intro: text,
      documented: text,
      restricted: text,
      logged: text,
      reviewed: text,
      method: text,
    }),
  })
  .superRefine((t, ctx) => {
    const used = new Set([t.primaryControl, ...Object.values<string[]>(t.controls).flat()]);
    for (const id of used) {
      if (!(id in t.controlNames)) {
        ctx.addIssue({ code: 'custom', path: ['controlNames'], message: `control "${id}" has no name` });
      }
    }
  });

/** Absolute path of the `templates/` folder shipped beside `src/`. */
export function templatesDir(): string {
  return fileURLToPath(new URL('../../templates/', import.meta.url));
}

export async function listTemplates(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => n.slice(0, -'.yaml'.length))
    .filter((id) => ID.test(id))
    .sort();
}

export async function loadTemplate(dir: string, id: string): Promise<FrameworkTemplate> {
  const available = await listTemplates(dir);
  // checking against the listing also keeps `id` from reaching outside the folder
  if (!available.includes(id)) {
    throw new UsageError('unknown-framework', `unknown framework "${id}"`, {
      key: '--framework',
      fix: `use one of: ${available.join(', ')}`,
    });
  }
  const file = join(dir, `${id}.yaml`);
  const bytes = await readFile(file);
  const source = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError('template-yaml', `template is not valid YAML: ${firstError.message.split('\n')[0]}`, {
      where: file,
      line,
      fix: 'fix the YAML syntax',
    });
  }
  const parsed = templateSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    throw new ConfigError('template-invalid', `template ${id}: ${issue.message}`, {
      where: file,
      line,
      key: path.join('.') || undefined,
      fix: 'every gap code needs a non-empty control list and every control id a controlNames entry',
    });
  }
  return { id, digest: fileDigest(bytes), ...parsed.data };
}
