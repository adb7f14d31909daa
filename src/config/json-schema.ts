/** The published JSON Schema of the config, generated from the zod schema (never written by hand). */
import { z } from 'zod';
import { configSchema } from './schema.ts';

/** The JSON Schema text as committed in schema/glasstrail.config.schema.json. */
export function renderConfigJsonSchema(): string {
  // io: 'input' — describe what the user writes: keys with defaults are optional.
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
