import { defineConfig } from 'vitest/config';

// bench/ tests (generators, measuring, lower bounds) — the root config only includes src/ and test/.
// Run with: npx vitest run --config bench/vitest.config.ts
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    exclude: ['bench/out/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
