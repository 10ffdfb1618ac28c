import { InputError } from '../../errors.js';

/**
 * The one place that imports DuckDB. It is a native package of about 70 MB per platform, so it
 * is loaded only when a data-contract rule runs: a repository with only metrics rules never
 * pays for it, and an installation without it fails with a message that says what to do.
 */
export type DuckDBModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckDBModule> | undefined;

export function loadDuckDB(): Promise<DuckDBModule> {
  loading ??= import('@duckdb/node-api').catch((cause: unknown) => {
    loading = undefined;
    throw new InputError('the data-contract rule needs DuckDB, which is not installed', {
      hint: 'install it next to ml-guardrails with `npm install @duckdb/node-api` (a native package for this platform)',
      cause,
    });
  });
  return loading;
}
