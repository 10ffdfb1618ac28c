import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ to lib/ once before the suite, so tests that run the real `ml-guardrails`
 * binary as a child process never run a stale build. Type errors are reported but do not stop
 * the suite (tsc still emits): `npm run typecheck`, a step of its own in CI, fails on them.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(`tsc reported errors (lib/ was still emitted):\n${result.stdout}${result.stderr}`);
}
