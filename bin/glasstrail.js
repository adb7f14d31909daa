#!/usr/bin/env node
// Thin launcher: Node >= 22.18 runs the TypeScript sources directly (type stripping).
import { runCli } from '../src/cli.ts';

await runCli();
