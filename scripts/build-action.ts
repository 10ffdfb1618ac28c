// Bundles the Action (src/action/run.ts) into dist/index.js, which is committed so that
// `uses: owner/ml-guardrails@v1` runs with no install step. The output is deterministic
// (no timestamps, no absolute paths), so a test can rebuild it and compare bytes.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = 'src/action/run.ts';

export function bundleOptions(outfile: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __mlgCreateRequire } from 'node:module';\nconst require = __mlgCreateRequire(import.meta.url);",
    },
    // The data-contract rule loads DuckDB lazily; a native module cannot be bundled.
    external: ['@duckdb/node-api'],
    // The bundle must not need the package.json beside it for its version.
    define: {
      __ML_GUARDRAILS_VERSION__: JSON.stringify(
        (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      ),
    },
    plugins: [withoutOidcClient],
    legalComments: 'eof',
    charset: 'utf8',
    sourcemap: false,
    minifySyntax: true,
    logLevel: 'warning',
  };
}

/**
 * @actions/core's OIDC client (getIDToken) is the only user of @actions/http-client and undici:
 * ~0.8 MB and ~50 ms of start-up that this action never needs. It is replaced by a stub.
 */
const withoutOidcClient: Plugin = {
  name: 'without-oidc-client',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}@actions${path.sep}core${path.sep}`) ? { path: 'oidc-utils', namespace: 'mlg-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'mlg-stub' }, () => ({
      contents:
        "export class OidcClient { static async getIDToken() { throw new Error('ml-guardrails does not bundle the OIDC client'); } }",
      loader: 'js',
    }));
  },
};

export async function buildAction(outfile = path.join(ROOT, 'dist', 'index.js')): Promise<string> {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build(bundleOptions(outfile));
  return outfile;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildAction(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`wrote ${path.relative(ROOT, out)}`);
}
