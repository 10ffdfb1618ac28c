// The repository the CLI benchmark evaluates, generated once into .cache/ and reused (a 5M-row
// CSV takes minutes to write on a shared machine). Two commits: `old` holds a differing copy of
// the data (fewer rows), `main` the full data; the rule files are the same in both.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadDuckDB } from '../src/rules/data-contract/duckdb-loader.js';
import { BENCH_CONTRACT, BENCH_DUCKDB, generateSql } from './data-contract-shape.js';

export const FORMATS = ['csv', 'parquet'] as const;

/** The benchmark repository for `rows` rows under `cacheDir`, built when absent. */
export async function ensureBenchRepo(cacheDir: string, rows: number): Promise<string> {
  const dir = path.join(cacheDir, `dc-cli-bench-${rows}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.org');
  git('config', 'user.name', 'bench');
  for (const format of FORMATS) {
    const rule = { id: `bench-${format}`, kind: 'data-contract', data: `data.${format}`, ...BENCH_CONTRACT, duckdb: BENCH_DUCKDB };
    writeFileSync(path.join(dir, `rules-${format}.yml`), stringify({ version: 1, rules: [rule] }));
  }
  await writeData(dir, rows - Math.floor(rows / 100));
  git('add', '.');
  git('commit', '-q', '-m', 'old data');
  git('branch', 'old');
  await writeData(dir, rows);
  git('add', '.');
  git('commit', '-q', '-m', 'new data');
  writeFileSync(path.join(dir, '.complete'), '');
  writeFileSync(path.join(dir, '.git', 'info', 'exclude'), '.complete\n');
  return dir;
}

async function writeData(dir: string, rows: number): Promise<void> {
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(':memory:', { memory_limit: '2GB', threads: '2' });
  const connection = await instance.connect();
  await connection.run(`COPY (${generateSql(rows)}) TO '${path.join(dir, 'data.csv')}' (FORMAT csv, HEADER)`);
  await connection.run(`COPY (${generateSql(rows)}) TO '${path.join(dir, 'data.parquet')}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

if (process.argv[1]?.endsWith('data-contract-cli-repo.ts')) {
  for (const rows of (process.argv[2] ?? '1000000,5000000').split(',').map(Number)) {
    console.log(await ensureBenchRepo(path.resolve('.cache'), rows));
  }
}
