/**
 * Write the published JSON Schemas (`npm run schema`): schema/glasstrail.config.schema.json from
 * the config's zod schema, and schema/glasstrail.evidence.schema.json,
 * glasstrail.manifest.schema.json and glasstrail.sample.schema.json from the output contracts.
 * Tests keep the committed files in step.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema } from '../src/config/json-schema.ts';
import { OUTPUT_SCHEMAS, renderOutputJsonSchema } from '../src/render/output-json-schema.ts';

const files: [string, string][] = [
  ['glasstrail.config.schema.json', renderConfigJsonSchema()],
  ...OUTPUT_SCHEMAS.map(({ file, schema }): [string, string] => [file, renderOutputJsonSchema(schema)]),
];
for (const [name, text] of files) {
  const target = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
  await writeFile(target, text);
  process.stderr.write(`wrote ${target}\n`);
}
