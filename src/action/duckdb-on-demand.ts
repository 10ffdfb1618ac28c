import os from 'node:os';
import path from 'node:path';
import { setDuckDBProvider } from '../rules/data-contract/duckdb-loader.js';
import { installDuckdb, loadDuckdbFrom } from '../runtime/install-duckdb.js';

/**
 * The Action's bundle does not carry DuckDB (a native package of ~70 MB per platform). When a
 * data-contract rule first needs it, use an installed copy if there is one, else download the
 * pinned packages into the runner's tool cache, where the next run on this runner finds them.
 */
export function provideDuckdbOnDemand(env: Record<string, string | undefined>, log: (line: string) => void): void {
  setDuckDBProvider((installed) => async () => {
    try {
      return await installed();
    } catch {
      const cacheDir = path.join(env.RUNNER_TOOL_CACHE || os.tmpdir(), 'ml-guardrails-duckdb');
      // ML_GUARDRAILS_NPM_REGISTRY: a registry mirror for runners that cannot reach npmjs.org.
      const dir = await installDuckdb({ cacheDir, registry: env.ML_GUARDRAILS_NPM_REGISTRY || undefined, log });
      return loadDuckdbFrom(dir);
    }
  });
}
