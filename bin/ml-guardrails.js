#!/usr/bin/env node
// The CLI entry installed as `ml-guardrails`. The package ships the compiled lib/ (`npm pack`
// builds it: the `prepack` script), so installing it runs no script. In a checkout that was not
// built yet (`npm ci` alone), the TypeScript sources run through tsx, a devDependency there.
import module from 'node:module';

// Cache compiled code between runs (Node 22.1+): it cuts start-up by roughly a third, and the
// CLI runs once per commit in CI and in pre-push hooks.
module.enableCompileCache?.();
const { runCli } = await import('../lib/cli/main.js').catch(async (error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('lib/cli/main.js')) throw error;
  const tsx = await import('tsx/esm/api').catch(() => {
    throw new Error('ml-guardrails: lib/ is missing; run `npm run build` in this checkout (or install the published package)');
  });
  tsx.register();
  return import('../src/cli/main.ts');
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
});
process.exitCode = code;
