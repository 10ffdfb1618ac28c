// Start-up of the CLI beside a bare `node -e 0`, measured in one run and interleaved (each round
// runs every command once), so machine drift hits all of them alike. Goals (issue: start-up):
// `--version` ≤ 1.5× node, a metrics-only check of the sample PR ≤ 3× node.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleRepo } from '../fixtures/sample-repo/build-sample-repo.js';
import { type Figure, median, round } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'ml-guardrails.js');
const ROUNDS = Number(process.env.MLG_BENCH_STARTUP_ROUNDS ?? 15);

export async function benchStartup(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-bench-startup-'));
  try {
    const sample = buildSampleRepo(path.join(dir, 'sample'));
    execFileSync('git', ['checkout', '-q', sample.prBranch], { cwd: sample.dir });
    const commands: Record<string, string[]> = {
      'node -e 0': ['-e', '0'],
      '--version': [cli, '--version'],
      '--help': [cli, '--help'],
      'metrics-only check of the sample PR': [cli, 'check', '--repo', sample.dir, '--config', 'rules/training.yml', '--format', 'json'],
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    for (let round = -1; round < ROUNDS; round++) {
      for (const [name, args] of Object.entries(commands)) {
        const start = performance.now();
        const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
        const ms = performance.now() - start;
        if (result.status !== 0 && result.status !== 1) throw new Error(`${name} exited ${result.status}`);
        if (round >= 0) times[name]!.push(ms); // round -1 warms the compile cache and the disk
      }
    }
    const bare = median(times['node -e 0']!);
    return Object.entries(times).map(([name, values]) => ({
      name: `start-up: ${name} (median of ${ROUNDS})`,
      value: round(median(values)),
      unit: 'ms',
      note: name === 'node -e 0' ? 'the floor' : `${round(median(values) / bare, 2)}× node -e 0`,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
