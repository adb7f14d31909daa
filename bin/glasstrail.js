#!/usr/bin/env node
// Launcher. In a checkout, Node (>= 22.18) runs the TypeScript sources directly (type stripping);
// the published package ships the compiled `dist/` instead (Node refuses to strip types inside
// node_modules), built by `npm pack`/`npm publish` through the `prepack` script.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/cli.js', import.meta.url);
const { runCli } = await import(entry.href);
await runCli();
