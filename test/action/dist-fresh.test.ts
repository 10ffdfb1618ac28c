import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import YAML from 'yaml';
import { buildAction } from '../../scripts/build-action.js';
import { DIST, ROOT } from '../support/run-action.js';

// `uses: owner/ml-guardrails@v1` runs the committed dist/index.js: it must be what src/ builds.
it('dist/index.js is the bundle of the current sources (run npm run build:action)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlg-dist-'));
  try {
    const fresh = await buildAction(path.join(dir, 'index.js'));
    const same = Buffer.compare(readFileSync(fresh), readFileSync(DIST)) === 0;
    expect(same, 'dist/index.js is stale: run `npm run build:action` and commit dist/').toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('action.yml runs the bundle on node24 and declares every input and output main.ts reads', async () => {
  const spec = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: unknown; inputs: object; outputs: object };
  expect(spec.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  const { INPUT, OUTPUT } = await import('../../src/action/inputs.js');
  expect(Object.keys(spec.inputs).sort()).toEqual(Object.values(INPUT).sort());
  expect(Object.keys(spec.outputs).sort()).toEqual(Object.values(OUTPUT).sort());
  // DuckDB is loaded on demand, never bundled.
  const bundle = readFileSync(DIST, 'utf8');
  expect(bundle).toContain('import("@duckdb/node-api")');
  expect(bundle).not.toContain('require("@duckdb/node-bindings")');
});
