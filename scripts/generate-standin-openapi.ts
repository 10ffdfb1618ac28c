// Regenerates standin/openapi/api.github.com.subset.json from a pinned @octokit/openapi.
// The package is ~385 MB unpacked, so it is never a dependency: `npm pack` fetches the
// tarball once into .cache/openapi/ and only the one JSON file we need is read out of it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveSubset, type OpenApiSubset } from '../standin/openapi-subset.js';
import { SERVED_OPERATIONS } from '../standin/served-operations.js';

export const OPENAPI_PACKAGE = '@octokit/openapi';
export const OPENAPI_VERSION = '23.0.2';
const SOURCE_FILE = 'generated/api.github.com.json';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SUBSET_PATH = join(root, 'standin/openapi/api.github.com.subset.json');
export const CACHED_TARBALL = join(root, '.cache/openapi', `octokit-openapi-${OPENAPI_VERSION}.tgz`);

function fetchTarball(): string {
  if (existsSync(CACHED_TARBALL)) return CACHED_TARBALL;
  mkdirSync(dirname(CACHED_TARBALL), { recursive: true });
  execFileSync('npm', ['pack', `${OPENAPI_PACKAGE}@${OPENAPI_VERSION}`, '--pack-destination', dirname(CACHED_TARBALL)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!existsSync(CACHED_TARBALL)) throw new Error(`npm pack did not produce ${CACHED_TARBALL}`);
  return CACHED_TARBALL;
}

/** Reads the source description out of a tarball without unpacking the other 370 MB. */
export function readSourceFromTarball(tarball: string): { text: string; sha256: string } {
  const text = execFileSync('tar', ['-xzOf', tarball, `package/${SOURCE_FILE}`], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

export function buildSubsetFromTarball(tarball: string): OpenApiSubset {
  const { text, sha256 } = readSourceFromTarball(tarball);
  return deriveSubset(JSON.parse(text), SERVED_OPERATIONS, {
    package: OPENAPI_PACKAGE,
    version: OPENAPI_VERSION,
    file: SOURCE_FILE,
    sha256,
  });
}

export function serializeSubset(subset: OpenApiSubset): string {
  return `${JSON.stringify(subset, null, 1)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const subset = buildSubsetFromTarball(fetchTarball());
  mkdirSync(dirname(SUBSET_PATH), { recursive: true });
  writeFileSync(SUBSET_PATH, serializeSubset(subset));
  const counts = Object.entries(subset.components)
    .map(([k, v]) => `${Object.keys(v).length} ${k}`)
    .join(', ');
  console.log(`wrote ${SUBSET_PATH} from ${OPENAPI_PACKAGE}@${OPENAPI_VERSION} (${counts})`);
}
