#!/usr/bin/env node
// The CLI entry installed as `ml-guardrails`. The TypeScript sources are compiled to lib/ by
// `npm run build` (which `npm ci` runs through the `prepare` script).
import { runCli } from '../lib/cli/main.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
});
process.exitCode = code;
