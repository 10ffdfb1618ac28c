// One measurement in its own process, so that its peak RSS is its own: either the data-contract
// rule with a 20-check contract (`contract`) or a plain DuckDB scan of every column (`scan`).
// Prints one JSON line: { rows, seconds, maxRssMiB, failed }.
import { z } from 'zod';
import { GitHistory } from '../src/git/history.js';
import { Repository } from '../src/git/repository.js';
import { missingFinding } from '../src/rules/context.js';
import { loadDuckDB } from '../src/rules/data-contract/duckdb-loader.js';
import { dataContractRule } from '../src/rules/data-contract/index.js';
import { DEFAULT_LIMITS } from '../src/rules/limits.js';
import type { RuleContext } from '../src/rules/types.js';
import { BENCH_CONTRACT, BENCH_DUCKDB } from './data-contract-shape.js';

const [mode, repoDir, file] = process.argv.slice(2);
if (mode === undefined || repoDir === undefined || file === undefined)
  throw new Error('usage: data-contract-worker contract|scan REPO FILE');

const started = performance.now();
let rows = 0;
let failed: string[] = [];
if (mode === 'scan') {
  const duckdb = await loadDuckDB();
  const instance = await duckdb.DuckDBInstance.create(':memory:', {
    memory_limit: BENCH_DUCKDB.memory_limit,
    threads: String(BENCH_DUCKDB.threads),
  });
  const connection = await instance.connect();
  const path = `${repoDir}/${file}`;
  const source = file.endsWith('.parquet') ? `read_parquet('${path}')` : `read_csv('${path}')`;
  const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`))
    .getRowObjectsJS()
    .map((row) => `count("${String(row.column_name)}")`);
  const reader = await connection.runAndReadAll(`SELECT count(*) AS n, ${columns.join(', ')} FROM ${source}`);
  rows = Number(reader.getRowObjectsJS()[0]?.n ?? 0);
  connection.closeSync();
  instance.closeSync();
} else {
  const repo = await Repository.open(repoDir);
  const head = await repo.workingTree();
  const context: RuleContext = {
    rule: { id: 'bench', kind: 'data-contract', severity: 'error', on_missing: 'fail' },
    head,
    rules: head,
    baseline: null,
    baselineInfo: { sha: null, method: 'none', description: 'benchmark: no baseline' },
    source: { file: 'bench.yml', line: 1 },
    missing: (fields) => missingFinding('skip', fields),
    signal: new AbortController().signal,
    mayExecute: false,
    limits: DEFAULT_LIMITS,
    history: await GitHistory.open(repoDir),
  };
  const options = z
    .strictObject(dataContractRule.options)
    .parse({ data: file, ...BENCH_CONTRACT, duckdb: BENCH_DUCKDB, schema_changes: { breaking: 'off' } });
  const outcome = await dataContractRule.evaluate(options, context);
  const read = outcome.findings.find((f) => f.check === 'read');
  rows = Number((read?.observed as { rows?: number } | null)?.rows ?? 0);
  failed = outcome.findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .map((f) => `${f.check} ${f.subject ?? ''}: ${f.message}`);
  await head.dispose();
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ rows, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, failed }));
