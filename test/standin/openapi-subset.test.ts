import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSubsetFromTarball,
  CACHED_TARBALL,
  OPENAPI_PACKAGE,
  OPENAPI_VERSION,
  SUBSET_PATH,
  serializeSubset,
} from '../../scripts/generate-standin-openapi.js';
import { compileRoutes } from '../../standin/api-handler.js';
import { hashJson, type OpenApiSubset } from '../../standin/openapi-subset.js';
import { ALL_ROUTES } from '../../standin/routes/index.js';
import { SERVED_OPERATIONS } from '../../standin/served-operations.js';

const committedText = readFileSync(SUBSET_PATH, 'utf8');
const committed = JSON.parse(committedText) as OpenApiSubset;

describe('committed OpenAPI subset', () => {
  it('was generated from the pinned package version and has not been edited by hand', () => {
    const source = committed['x-standin-source'];
    expect(source).toMatchObject({ package: OPENAPI_PACKAGE, version: OPENAPI_VERSION, file: 'generated/api.github.com.json' });
    expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { openapi, paths, components } = committed;
    expect(hashJson({ openapi, paths, components })).toBe(source.subsetSha256);
  });

  it('describes every served operation, and the server has a route for each', () => {
    for (const op of SERVED_OPERATIONS) {
      expect(committed.paths[op.path]?.[op.method]?.operationId, `${op.method} ${op.path}`).toBe(op.operationId);
    }
    const routes = compileRoutes(ALL_ROUTES);
    expect(routes.map((r) => r.spec.operationId).sort()).toEqual(SERVED_OPERATIONS.map((o) => o.operationId).sort());
  });

  // The full check needs the 28 MB tarball; `npm run standin:openapi` caches it in .cache/.
  it.skipIf(!existsSync(CACHED_TARBALL))('matches a fresh derivation from the cached pinned package', () => {
    expect(serializeSubset(buildSubsetFromTarball(CACHED_TARBALL))).toBe(committedText);
  });
});
