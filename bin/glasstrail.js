#!/usr/bin/env node
// Launcher. In a checkout, Node (>= 22.18) runs the TypeScript sources directly (type stripping);
// the published package ships the compiled `dist/` instead (Node refuses to strip types inside
// node_modules), built by `npm pack`/`npm publish` through the `prepack` script.
import { existsSync } from 'node:fs';

// An older Node would fail on the first TypeScript file with a stack trace: say what is needed.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `glasstrail: needs Node.js 22.18 or later; this is Node.js ${process.versions.node}\n` +
      '  fix: install Node.js 24 (LTS) or 22.18+; in a checkout, `npm start` and `npm test` use the Node pinned in package.json\n',
  );
  process.exit(2);
}

const source = new URL('../src/cli.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/cli.js', import.meta.url);
const { runCli } = await import(entry.href);
await runCli();
