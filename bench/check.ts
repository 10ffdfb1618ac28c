import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSampleRepo } from '../fixtures/sample-repo/build-sample-repo.js';
import { evaluate } from '../src/engine.js';
import { type Figure, median, percentile, round, timeRuns } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'ml-guardrails.js');

/** `check` on the sample repository and on one with 1,000 metrics files (and 1,000 rules). */
export async function benchCheck(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-bench-check-'));
  try {
    const sample = buildSampleRepo(path.join(dir, 'sample'));
    execFileSync('git', ['checkout', '-q', sample.prBranch], { cwd: sample.dir });
    const cliRuns = await timeRuns(10, () => spawnSync(process.execPath, [cli, 'check', '--repo', sample.dir, '--format', 'json']));
    const inProcess = await timeRuns(20, () => evaluate({ repoDir: sample.dir }));
    // The same repository through a rule file with only metrics rules: DuckDB is never loaded.
    const metricsOnly = await timeRuns(10, () =>
      spawnSync(process.execPath, [cli, 'check', '--repo', sample.dir, '--config', 'rules/training.yml', '--format', 'json']),
    );

    const large = buildManyMetricsRepo(path.join(dir, 'many'), 1000);
    const largeCli = await timeRuns(3, () => {
      const result = spawnSync(process.execPath, [cli, 'check', '--repo', large, '--format', 'json'], { maxBuffer: 256 * 1024 * 1024 });
      if (result.status !== 1) throw new Error(`expected exit 1 on the 1,000-file repo, got ${result.status}: ${result.stderr}`);
    });
    return [
      {
        name: 'check: sample repo, CLI process (median)',
        value: round(median(cliRuns)),
        unit: 'ms',
        note: 'node start + git + 2 metrics rules + 1 data contract (DuckDB), PR branch vs merge-base',
      },
      { name: 'check: sample repo, CLI process (p95)', value: round(percentile(cliRuns, 95)), unit: 'ms' },
      { name: 'check: sample repo, in-process evaluate (median)', value: round(median(inProcess)), unit: 'ms' },
      {
        name: 'check: sample repo, metrics rules only, CLI process (median)',
        value: round(median(metricsOnly)),
        unit: 'ms',
        note: 'rules/training.yml: DuckDB never loaded',
      },
      {
        name: 'check: 1,000 metrics files and rules, CLI process (median)',
        value: round(median(largeCli)),
        unit: 'ms',
        note: '1,000 files read at head and at the baseline',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A repository with `count` metrics files, one rule each (in 10 included rule files). */
function buildManyMetricsRepo(dir: string, count: number): string {
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  const metrics = (i: number, drift: number) =>
    JSON.stringify({
      accuracy: 0.9 + (i % 10) / 1000 - drift,
      loss: 0.2 + drift,
      slices: { a: { accuracy: 0.9 }, b: { accuracy: 0.89 - drift } },
    });
  write('.github/ml-guardrails.yml', 'version: 1\ninclude:\n  - rules/*.yml\n');
  const perFile = count / 10;
  for (let f = 0; f < 10; f++) {
    const rules = Array.from({ length: perFile }, (_, j) => {
      const i = f * perFile + j;
      return `  - id: model-${i}\n    kind: metrics\n    file: models/m${i}/metrics.json\n    metrics:\n      accuracy: { min: 0.85, max_drop: 0.01 }\n      loss: { max_rise_pct: 10 }\n      "slices.*.accuracy": { max_gap: 0.05 }\n`;
    });
    write(`rules/models-${f}.yml`, `rules:\n${rules.join('')}`);
  }
  for (let i = 0; i < count; i++) write(`models/m${i}/metrics.json`, metrics(i, 0));
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  git('checkout', '-q', '-b', 'pr');
  // One model in ten regresses, so the report has failures to render.
  for (let i = 0; i < count; i += 10) write(`models/m${i}/metrics.json`, metrics(i, 0.02));
  git('add', '-A');
  git('commit', '-q', '-m', 'regress some models');
  return dir;
}
