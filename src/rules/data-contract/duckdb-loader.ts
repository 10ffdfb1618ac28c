import { InputError } from '../../errors.js';

/**
 * The one place that imports DuckDB. It is a native package of about 70 MB per platform, so it
 * is loaded only when a data-contract rule runs: a repository with only metrics rules never
 * pays for it, and an installation without it fails with a message that says what to do.
 * A door may replace how it is found (the Action downloads it on demand: setDuckDBProvider).
 */
export type DuckDBModule = typeof import('@duckdb/node-api');
export type DuckDBProvider = () => Promise<DuckDBModule>;

const importInstalled: DuckDBProvider = () => import('@duckdb/node-api');

let provider: DuckDBProvider = importInstalled;
let loading: Promise<DuckDBModule> | undefined;

export function loadDuckDB(): Promise<DuckDBModule> {
  loading ??= provider().catch((cause: unknown) => {
    loading = undefined;
    if (cause instanceof InputError) throw cause;
    throw new InputError('the data-contract rule needs DuckDB, which is not installed', {
      hint: 'install it next to ml-guardrails with `npm install @duckdb/node-api` (a native package for this platform)',
      cause,
    });
  });
  return loading;
}

/**
 * Sets how DuckDB is found. The provider receives the default (an import of the installed
 * package) so it can try that first.
 */
export function setDuckDBProvider(make: (installed: DuckDBProvider) => DuckDBProvider): void {
  provider = make(importInstalled);
  loading = undefined;
}
