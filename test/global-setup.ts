import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_CACHE_ENV } from './support/fixture-cache.js';

/**
 * Before the suite: builds lib/ (see buildLib), points TMPDIR at a memory filesystem where there
 * is one with room (see memoryFilesystem), and makes the folder where this run's fixture
 * templates are kept (test/support/fixture-cache.ts). The workers and the processes they start
 * inherit both variables. Returns the teardown that removes the templates.
 */
export default function setup(): () => void {
  buildLib();
  const memory = memoryFilesystem();
  if (memory !== undefined) process.env.TMPDIR = memory;
  const fixtures = mkdtempSync(path.join(os.tmpdir(), 'mlg-fixtures-'));
  process.env[FIXTURE_CACHE_ENV] = fixtures;
  return () => rmSync(fixtures, { recursive: true, force: true });
}

const TMPFS_MAGIC = 0x01021994;

/**
 * /dev/shm when it is a writable tmpfs with a GiB free (Linux; not a container's default
 * 64 MiB one) and TMPDIR is not set. The suite writes thousands of small files through git:
 * on a CI machine's disk that is most of its system time (the sample repository builds three
 * times faster on tmpfs), and nothing the tests prove depends on the filesystem being a disk.
 * /dev/shm itself, not a folder in it: a temporary path much longer than /tmp's makes DuckDB
 * cut it short in its error excerpts, where the data-contract rule can no longer hide it.
 */
function memoryFilesystem(): string | undefined {
  if (process.env.TMPDIR) return undefined;
  try {
    const shm = statfsSync('/dev/shm');
    accessSync('/dev/shm', constants.W_OK);
    return shm.type === TMPFS_MAGIC && shm.bavail * shm.bsize >= 1024 ** 3 ? '/dev/shm' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Compiles src/ to lib/ before the suite, so tests that run the real `ml-guardrails` binary or
 * the App's compiled server never run a stale build; skipped when lib/ is newer than every
 * source (CI has just run `npm run build`). Type errors are reported but do not stop the suite
 * (tsc still emits): `npm run typecheck`, a step of its own in CI, fails on them.
 */
function buildLib(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  if (newest(path.join(root, 'lib')) >= Math.max(newest(path.join(root, 'src')), mtime(path.join(root, 'tsconfig.build.json')))) return;
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`tsc reported errors (lib/ was still emitted):\n${result.stdout}${result.stderr}`);
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of any file below `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return 0;
  }
  for (const entry of entries) latest = Math.max(latest, mtime(path.join(dir, entry)));
  return latest;
}
