// `npm run demo`: builds the sample ML repository and runs `ml-guardrails check` on its PR
// branch (a regressed model: exit 1) and on main (exit 0), exactly as a contributor would; then
// runs the bundled GitHub Action on the same pull request against the local GitHub stand-in and
// prints the comment it posted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleRepo } from '../fixtures/sample-repo/build-sample-repo.js';
import { renderSampleComment } from './render-action-comment.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'ml-guardrails.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ml-guardrails-demo-'));
const sample = buildSampleRepo(path.join(dir, 'penguins'));

function run(title: string, branch: string, expected: number): boolean {
  spawnSync('git', ['checkout', '-q', branch], { cwd: sample.dir });
  console.log(`\n$ git checkout ${branch} && ml-guardrails check --repo ${sample.dir}`);
  console.log(`# ${title}\n`);
  const result = spawnSync(process.execPath, [cli, 'check', '--repo', sample.dir], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  console.log(`exit code: ${result.status} (expected ${expected})`);
  return result.status === expected;
}

const ok = [
  run(
    'The PR branch retrains on a broken field export: the data contract fails, accuracy drops, the island gap widens',
    sample.prBranch,
    1,
  ),
  run('main holds every guardrail', sample.mainBranch, 0),
].every(Boolean);

rmSync(dir, { recursive: true, force: true });

console.log('\n# The GitHub Action (dist/index.js) on the same pull request, against the local GitHub stand-in.');
console.log('# The comment it posted (the check run and the job summary carry the same report):\n');
console.log(await renderSampleComment());

if (!ok) {
  console.error('\ndemo: an exit code was not what the sample repository should give');
  process.exit(1);
}
