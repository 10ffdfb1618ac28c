#!/usr/bin/env node
// The CLI entry installed as `ml-guardrails`. The TypeScript sources are compiled to lib/ by
// `npm run build` (which `npm ci` runs through the `prepare` script).
import module from 'node:module';

// Cache compiled code between runs (Node 22.1+): it cuts start-up by roughly a third, and the
// CLI runs once per commit in CI and in pre-push hooks.
module.enableCompileCache?.();
const { runCli } = await import('../lib/cli/main.js');

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
});
process.exitCode = code;
