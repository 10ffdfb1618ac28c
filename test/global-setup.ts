import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ to lib/ before the suite, so tests that run the real `ml-guardrails` binary or
 * the App's compiled server never run a stale build; skipped when lib/ is newer than every
 * source (CI has just run `npm run build`). Type errors are reported but do not stop the suite
 * (tsc still emits): `npm run typecheck`, a step of its own in CI, fails on them.
 */
export default function setup(): void {
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
