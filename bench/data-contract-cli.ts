// The whole CLI on a committed dataset against one bare DuckDB pass over the same file, as a
// ratio measured in the same run: `ml-guardrails check --head main` with the baseline identical
// (`--base main`) and differing (`--base old`, 1% fewer rows), CSV and Parquet, 1M and 5M rows,
// with each process's peak RSS. The repositories are generated once into .cache/ and reused.
// MLG_BENCH_ROWS=1000000 (comma-separated) picks the sizes; MLG_BENCH_RUNS the runs (median).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBenchRepo, FORMATS } from './data-contract-cli-repo.js';
import { BENCH_DUCKDB } from './data-contract-shape.js';
import { type Figure, median, round } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache');

interface Run {
  seconds: number;
  maxRssMiB: number;
  status: number | null;
  stdout: string;
}

export async function benchDataContractCli(): Promise<Figure[]> {
  const sizes = (process.env.MLG_BENCH_ROWS ?? '1000000,5000000').split(',').map(Number);
  const runs = Number(process.env.MLG_BENCH_RUNS ?? 3);
  const cli = buildCli();
  const figures: Figure[] = [];
  for (const rows of sizes) {
    const dir = await ensureBenchRepo(cache, rows);
    for (const format of FORMATS) {
      const label = `${format} ${rows / 1_000_000}M rows`;
      const bare = () =>
        run(
          [path.join(root, 'bench', 'data-contract-bare-pass.ts'), path.join(dir, `data.${format}`), BENCH_DUCKDB.memory_limit, '2'],
          dir,
        );
      const check = (base: string) => () => {
        const result = run(
          [cli, 'check', '--repo', dir, '--config', `rules-${format}.yml`, '--base', base, '--head', 'main', '--format', 'json'],
          dir,
        );
        if (result.status !== 0)
          throw new Error(`check on ${label} (base ${base}) exited ${result.status}: ${result.stdout.slice(0, 2000)}`);
        return result;
      };
      // Interleaved rounds (bare, identical, differing, bare, ...): load on a shared machine
      // falls on all three alike, and each round's ratio compares neighbours.
      // What the differing baseline costs at least: git inflating its blob (for a Parquet schema,
      // in the footer, the whole blob; a CSV's is read from its first 8 MiB).
      const inflate = (): Run => {
        const started = performance.now();
        spawnSync('git', ['cat-file', 'blob', `old:data.${format}`], { cwd: dir, stdio: 'ignore' });
        return { seconds: (performance.now() - started) / 1000, maxRssMiB: 0, status: 0, stdout: '' };
      };
      const rounds = interleave(runs, [bare, check('main'), check('old'), inflate]);
      const [floor, identical, differing, extraction] = rounds.map(summarize);
      figures.push({
        name: `data-contract CLI ${label}: bare DuckDB pass`,
        value: round(floor?.seconds ?? 0, 2),
        unit: 's',
        note: `peak RSS ${floor?.rss} MiB`,
      });
      for (const [name, measured] of [
        ['identical baseline', identical],
        ['differing baseline', differing],
      ] as const) {
        const ratios = (measured?.all ?? []).map((seconds, i) => seconds / (floor?.all[i] ?? Number.NaN));
        if (name === 'differing baseline' && format === 'parquet') {
          const withBlob = (measured?.all ?? []).map(
            (seconds, i) => seconds / ((floor?.all[i] ?? Number.NaN) + (extraction?.all[i] ?? Number.NaN)),
          );
          figures.push({
            name: `data-contract CLI ${label}: ratio to the bare pass plus inflating the baseline blob, ${name}`,
            value: round(median(withBlob), 2),
            unit: 'x',
            note: `git cat-file of the baseline blob: ${round(extraction?.seconds ?? 0, 2)} s`,
          });
        }
        figures.push(
          {
            name: `data-contract CLI ${label}: whole CLI, ${name}`,
            value: round(measured?.seconds ?? 0, 2),
            unit: 's',
            note: `peak RSS ${measured?.rss} MiB`,
          },
          {
            name: `data-contract CLI ${label}: ratio to the bare pass, ${name}`,
            value: round(median(ratios), 2),
            unit: 'x',
            note: 'median of per-round ratios',
          },
        );
      }
    }
  }
  return figures;
}

/** The CLI as installed (bin → compiled code), bundled from src/ so a stale lib/ cannot skew it. */
function buildCli(): string {
  const out = path.join(cache, 'bench-cli');
  mkdirSync(path.join(out, 'lib'), { recursive: true });
  // The code finds its version in ../package.json, as lib/ does in the package.
  copyFileSync(path.join(root, 'package.json'), path.join(out, 'package.json'));
  const esbuild = path.join(root, 'node_modules', '.bin', 'esbuild');
  execFileSync(esbuild, [
    path.join(root, 'src', 'cli', 'main.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    `--outfile=${path.join(out, 'lib', 'main.mjs')}`,
    '--log-level=error',
  ]);
  const entry = path.join(out, 'cli.mjs');
  writeFileSync(
    entry,
    [
      "import module from 'node:module';",
      'module.enableCompileCache?.();',
      "const { runCli } = await import('./lib/main.mjs');",
      'process.exitCode = await runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: false, cwd: process.cwd() });',
      '',
    ].join('\n'),
  );
  return entry;
}

/** One process under /usr/bin/time: wall seconds and peak RSS. */
function run(args: string[], cwd: string): Run {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
  });
  const seconds = (performance.now() - started) / 1000;
  const rss = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
  if (result.status !== 0 && args[0]?.endsWith('bare-pass.ts')) throw new Error(`bare pass failed: ${result.stderr}`);
  return { seconds, maxRssMiB: rss, status: result.status, stdout: result.stdout };
}

/** `runs` rounds of every command in turn, after one unmeasured round (page cache, compile cache). */
function interleave(runs: number, commands: (() => Run)[]): Run[][] {
  for (const command of commands) command();
  const results: Run[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [c, command] of commands.entries()) results[c]?.push(command());
  }
  return results;
}

function summarize(measured: Run[]): { seconds: number; rss: number; all: number[] } {
  const all = measured.map((m) => m.seconds);
  return { seconds: median(all), rss: Math.round(Math.max(...measured.map((m) => m.maxRssMiB))), all };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const figure of await benchDataContractCli())
    console.log(`${figure.name}: ${figure.value} ${figure.unit}${figure.note ? ` (${figure.note})` : ''}`);
}
