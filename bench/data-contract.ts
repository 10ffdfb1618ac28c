// The data-contract rule on large files: rows/second and peak memory for a 20-check contract,
// against a plain DuckDB scan of the same file as the floor, at 1M and 10M rows (CSV and
// Parquet). Each measurement runs in its own process so its peak RSS is its own. The files are
// generated into os.tmpdir() and deleted afterwards.
// MLG_BENCH_ROWS=100000,1000000 (comma-separated) shrinks or changes the sizes for a quick run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDuckDB } from '../src/rules/data-contract/duckdb-loader.js';
import { generateSql } from './data-contract-shape.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
}

interface Measurement {
  rows: number;
  seconds: number;
  maxRssMiB: number;
  failed: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function benchDataContract(): Promise<Figure[]> {
  const sizes = (process.env.MLG_BENCH_ROWS ?? '1000000,10000000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const figures: Figure[] = [];
  for (const rows of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-bench-dc-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      await generate(dir, rows);
      for (const format of ['csv', 'parquet']) {
        const file = `data.${format}`;
        const label = `${format} ${formatRows(rows)}`;
        const scan = measure('scan', dir, file);
        const contract = measure('contract', dir, file);
        if (contract.failed.length > 0) throw new Error(`benchmark contract failed on ${label}: ${contract.failed.join('; ')}`);
        if (contract.rows !== rows || scan.rows !== rows) throw new Error(`expected ${rows} rows, read ${contract.rows} / ${scan.rows}`);
        figures.push(
          { name: `data-contract ${label}: 20 checks`, value: Math.round(rows / contract.seconds), unit: 'rows/s' },
          { name: `data-contract ${label}: scan floor (count all columns)`, value: Math.round(rows / scan.seconds), unit: 'rows/s' },
          { name: `data-contract ${label}: 20 checks peak RSS`, value: Math.round(contract.maxRssMiB), unit: 'MiB' },
          { name: `data-contract ${label}: scan floor peak RSS`, value: Math.round(scan.maxRssMiB), unit: 'MiB' },
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

async function generate(dir: string, rows: number): Promise<void> {
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(':memory:', { memory_limit: '2GB' });
  const connection = await instance.connect();
  await connection.run(`COPY (${generateSql(rows)}) TO '${path.join(dir, 'data.csv')}' (FORMAT csv, HEADER)`);
  await connection.run(`COPY (${generateSql(rows)}) TO '${path.join(dir, 'data.parquet')}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
}

function measure(mode: 'scan' | 'contract', dir: string, file: string): Measurement {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(here, 'data-contract-worker.ts'), mode, dir, file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = output.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Measurement;
}

function formatRows(rows: number): string {
  return rows >= 1_000_000 ? `${rows / 1_000_000}M rows` : `${rows / 1000}k rows`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const figure of await benchDataContract()) console.log(`${figure.name}: ${figure.value} ${figure.unit}`);
}
