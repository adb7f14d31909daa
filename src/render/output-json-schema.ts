/** The published JSON Schemas of evidence.json, manifest.json and a sample's manifest.json, generated from the zod schemas (never written by hand). */
import { z } from 'zod';
import { evidenceSchema } from './evidence-schema.ts';
import { manifestSchema } from './manifest-schema.ts';
import { sampleManifestSchema } from './sample-manifest-schema.ts';

/** The files under schema/ that `npm run schema` writes besides the config's, and their zod schemas. */
export const OUTPUT_SCHEMAS = [
  { file: 'glasstrail.evidence.schema.json', schema: evidenceSchema },
  { file: 'glasstrail.manifest.schema.json', schema: manifestSchema },
  { file: 'glasstrail.sample.schema.json', schema: sampleManifestSchema },
] as const;

/** The JSON Schema text as committed: `io: 'output'` — it describes what glasstrail writes. */
export function renderOutputJsonSchema(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12' }), null, 2)}\n`;
}
