import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { x as extractTar } from 'tar';
import { InputError } from '../errors.js';
import type { DuckDBModule } from '../rules/data-contract/duckdb-loader.js';
import type { DuckdbPins, PinnedPackage } from './duckdb-pin-types.js';
import { DUCKDB_PINS } from './duckdb-pins.js';

/*
 * DuckDB is a native package of about 70 MB per platform, so the Action's bundle does not carry
 * it. When a data-contract rule first needs it, the exact packages pinned in package-lock.json
 * are downloaded from the npm registry, checked against their sha512 integrity, and unpacked
 * into a tool cache that later runs on the same runner reuse. No npm, no install scripts.
 */

export interface InstallDuckdbOptions {
  /** Folder that holds installs, one per version and platform (e.g. in RUNNER_TOOL_CACHE). */
  cacheDir: string;
  /** `${platform}-${arch}`, with `-musl` on musl Linux; defaults to this machine's. */
  platformKey?: string | undefined;
  pins?: DuckdbPins | undefined;
  /** Replaces https://registry.npmjs.org, for a mirror (or a test's local server). */
  registry?: string | undefined;
  log?: ((line: string) => void) | undefined;
}

const PUBLIC_REGISTRY = 'https://registry.npmjs.org';
const COMPLETE_MARKER = '.ml-guardrails-complete';

/** Installs the pinned DuckDB packages (once) and returns the folder to load them from. */
export async function installDuckdb(options: InstallDuckdbOptions): Promise<string> {
  const pins = options.pins ?? DUCKDB_PINS;
  const platformKey = options.platformKey ?? currentPlatformKey();
  const native = pins.platforms[platformKey];
  if (native === undefined) {
    throw new InputError(`DuckDB publishes no prebuilt package for ${platformKey}`, {
      hint: `install @duckdb/node-api yourself; prebuilt platforms: ${Object.keys(pins.platforms).join(', ')}`,
    });
  }
  const target = path.join(options.cacheDir, pins.version, platformKey);
  if (await exists(path.join(target, COMPLETE_MARKER))) return target;

  options.log?.(`Downloading DuckDB ${pins.version} for ${platformKey} into ${target}`);
  const partial = `${target}.partial-${randomUUID()}`;
  try {
    for (const pkg of [...pins.common, native]) {
      const tarball = await download(pkg, options.registry);
      const into = path.join(partial, 'node_modules', ...pkg.name.split('/'));
      await fs.mkdir(into, { recursive: true });
      await pipeline(Readable.from(tarball), extractTar({ cwd: into, strip: 1 }));
    }
    await fs.writeFile(path.join(partial, COMPLETE_MARKER), `${pins.version}\n`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(partial, target).catch(async (error: unknown) => {
      // Another job on this runner finished the same install first: use theirs.
      if (!(await exists(path.join(target, COMPLETE_MARKER)))) throw error;
    });
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
  return target;
}

/** Loads @duckdb/node-api from a folder made by installDuckdb. */
export function loadDuckdbFrom(installDir: string): DuckDBModule {
  return createRequire(path.join(installDir, 'package.json'))('@duckdb/node-api') as DuckDBModule;
}

export function currentPlatformKey(): string {
  const key = `${process.platform}-${process.arch}`;
  return process.platform === 'linux' && isMusl() ? `${key}-musl` : key;
}

function isMusl(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime === undefined;
}

async function download(pkg: PinnedPackage, registry: string | undefined): Promise<Buffer> {
  const url = registry === undefined ? pkg.resolved : pkg.resolved.replace(PUBLIC_REGISTRY, registry.replace(/\/+$/, ''));
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  } catch (cause) {
    throw new InputError(`could not download ${pkg.name}@${pkg.version} from ${new URL(url).origin}`, {
      hint: 'the runner needs access to the npm registry, or install @duckdb/node-api next to the action',
      cause,
    });
  }
  if (!response.ok) {
    throw new InputError(`downloading ${pkg.name}@${pkg.version} failed with HTTP ${response.status}`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  const [algorithm, expected] = pkg.integrity.split('-', 2) as [string, string];
  const actual = createHash(algorithm).update(body).digest('base64');
  if (actual !== expected) {
    throw new InputError(`${pkg.name}@${pkg.version} failed its integrity check (expected ${pkg.integrity})`, {
      hint: 'the download was altered or truncated; nothing was installed',
    });
  }
  return body;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
