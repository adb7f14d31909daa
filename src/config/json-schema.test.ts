import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema } from './index.ts';

const committed = new URL('../../schema/glasstrail.config.schema.json', import.meta.url);

describe('schema/glasstrail.config.schema.json', () => {
  it('equals a fresh generation (run `npm run schema` after changing the zod schema)', async () => {
    expect(await readFile(committed, 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('is strict and marks only the truly required keys as required', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { required?: string[]; additionalProperties?: boolean }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(['ledger', 'organization', 'timezone']);
    expect(schema.properties.ledger?.required).toEqual(['path']);
    expect(schema.properties.github?.additionalProperties).toBe(false);
  });
});
