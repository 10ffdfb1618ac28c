import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUCKDB_PINS } from '../../src/runtime/duckdb-pins.js';
import { currentPlatformKey } from '../../src/runtime/install-duckdb.js';
import { DIST } from '../support/run-action.js';
import { useActionWorld } from './action-fixture.js';

/*
 * The Action as a runner has it: the bundle alone, with no node_modules anywhere above it.
 * A data-contract rule then makes it download the pinned DuckDB packages — the real registry
 * tarballs (fetched here with `npm pack`, served by a local mirror) — verify their integrity,
 * unpack them into RUNNER_TOOL_CACHE, and evaluate the contract with them.
 */
let mirror: Server;
let registry: string;
let scratch: string;
const served: string[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'mlg-duckdb-mirror-'));
  const packages = [...DUCKDB_PINS.common, DUCKDB_PINS.platforms[currentPlatformKey()]!];
  // One `npm pack` for all of them (each npm start costs about a second of CPU): it prints the
  // tarballs' file names last, one a line, in the order asked.
  const specs = packages.map((pkg) => `${pkg.name}@${pkg.version}`);
  const names = execFileSync('npm', ['pack', '--silent', ...specs], { cwd: scratch, encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(-packages.length);
  const files = new Map(packages.map((pkg, i) => [new URL(pkg.resolved).pathname, path.join(scratch, names[i]!)]));
  mirror = createServer((req, res) => {
    served.push(req.url ?? '');
    const file = files.get(req.url ?? '');
    res.writeHead(file === undefined ? 404 : 200).end(file === undefined ? undefined : readFileSync(file));
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => mirror.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

const world = useActionWorld();

describe('DuckDB on demand in the bundled action', () => {
  it('downloads DuckDB into the tool cache on first use, then reuses it', async () => {
    const w = world();
    const action = path.join(w.scratch, 'actions', 'ml-guardrails', 'dist');
    mkdirSync(action, { recursive: true });
    copyFileSync(DIST, path.join(action, 'index.js'));
    const toolCache = path.join(w.scratch, 'toolcache');
    const env = { RUNNER_TOOL_CACHE: toolCache, ML_GUARDRAILS_NPM_REGISTRY: registry };

    const first = await w.run('pull_request.opened', { dist: path.join(action, 'index.js'), env });
    expect(first.stdout + first.stderr).toContain(`Downloading DuckDB ${DUCKDB_PINS.version} for ${currentPlatformKey()}`);
    expect(first.code, first.stdout).toBe(1);
    expect(first.outputs['failed-rules']).toBe('model-quality,training-data');
    expect(first.stdout).toMatch(/::error title=training-data%3A max \(bill_length_mm\),file=data\/penguins\.csv,line=21/);
    expect(served).toHaveLength(3);
    expect(readdirSync(path.join(toolCache, 'ml-guardrails-duckdb', DUCKDB_PINS.version))).toEqual([currentPlatformKey()]);

    const second = await w.run('pull_request.synchronize', { dist: path.join(action, 'index.js'), env });
    expect(second.stdout).not.toContain('Downloading DuckDB');
    expect(second.outputs['failed-rules']).toBe('model-quality,training-data');
    expect(served).toHaveLength(3);
    expect(existsSync(path.join(action, 'node_modules'))).toBe(false);
  });
});
