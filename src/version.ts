import { createRequire } from 'node:module';

/** Set by the Action's bundler (scripts/build-action.ts), which ships no package.json beside it. */
declare const __ML_GUARDRAILS_VERSION__: string | undefined;

/** The package version, from package.json so there is one place to bump it. */
export const VERSION: string =
  typeof __ML_GUARDRAILS_VERSION__ === 'string'
    ? __ML_GUARDRAILS_VERSION__
    : (createRequire(import.meta.url)('../package.json') as { version: string }).version;
