// One bare DuckDB pass: the floor the whole CLI is compared with. The same checks as the
// benchmark contract (data-contract-shape.ts), written by hand as one aggregate query over the
// file in the working tree, in a process of its own (node start and DuckDB load included).
// Run with plain `node` (type stripping), so no TypeScript loader adds to its start-up.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, memoryLimit = '1GB', threads = '2'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: data-contract-bare-pass.ts FILE [MEMORY] [THREADS]');
const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}')`;
const instance = await DuckDBInstance.create(':memory:', { memory_limit: memoryLimit, threads });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`SELECT
  count(*) AS n,
  count(*) FILTER (WHERE id IS NULL) AS id_null,
  count(id) - count(DISTINCT id) AS id_duplicates,
  count(*) FILTER (WHERE user_id IS NULL) AS user_null,
  count(*) FILTER (WHERE day < '2024-01-01') AS day_min,
  count(*) FILTER (WHERE label NOT IN (0, 1)) AS label_enum,
  count(*) FILTER (WHERE score < 0) AS score_min,
  count(*) FILTER (WHERE score > 1) AS score_max,
  count(*) FILTER (WHERE amount < 0) AS amount_min,
  count(*) FILTER (WHERE category NOT IN ('books', 'games', 'food', 'tools', 'toys')) AS category_enum,
  count(*) FILTER (WHERE NOT regexp_matches(country, '^[A-Z]{2}$')) AS country_pattern,
  count(*) FILTER (WHERE length(country) > 2) AS country_length,
  count(*) FILTER (WHERE NOT regexp_matches(email, '^[^@]+@[^@]+$')) AS email_pattern,
  count(*) FILTER (WHERE age < 0) AS age_min,
  count(*) FILTER (WHERE age > 120) AS age_max
FROM ${source}`);
const [row] = reader.getRowObjectsJson();
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify(row));
