/** Write schema/glasstrail.config.schema.json from the zod schema (`npm run schema`). A test keeps the committed file in step. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema } from '../src/config/json-schema.ts';

const target = fileURLToPath(new URL('../schema/glasstrail.config.schema.json', import.meta.url));
await writeFile(target, renderConfigJsonSchema());
process.stderr.write(`wrote ${target}\n`);
