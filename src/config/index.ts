/** glasstrail.config.yaml: load, validate and resolve (CONTRACT §3). */
export { loadConfig, type LoadOptions } from './load.ts';
export { configSchema, type ConfigFile } from './schema.ts';
export { resolveSecret } from './secrets.ts';
export { countedBypassActions, DEFAULT_BYPASS_ACTIONS, DEFAULT_SAMPLE_SIZES, DEFAULT_GITHUB_API_URL } from './defaults.ts';
export { renderConfigJsonSchema } from './json-schema.ts';
