/**
 * The benchmark's table (12 columns) and its contract (20 checks), kept together so the
 * generator and the contract cannot drift apart. Every check passes on the generated data:
 * the benchmark measures the full scan, not early exits.
 */
// MLG_BENCH_MEMORY_LIMIT (e.g. 256MB) shows that memory stays bounded: DuckDB spills instead of growing.
export const BENCH_DUCKDB = { memory_limit: process.env.MLG_BENCH_MEMORY_LIMIT ?? '1GB', threads: 2 };

export function generateSql(rows: number): string {
  return `SELECT
    i AS id,
    i % 100003 AS user_id,
    TIMESTAMP '2024-01-01' + to_seconds(i % 31536000) AS ts,
    DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS day,
    CAST(hash(i) % 2 AS INTEGER) AS label,
    (hash(i * 7) % 1000000) / 1000000.0 AS score,
    CAST((hash(i * 13) % 100000) / 100.0 AS DECIMAL(10, 2)) AS amount,
    ['books', 'games', 'food', 'tools', 'toys'][1 + CAST(i % 5 AS INTEGER)] AS category,
    ['DE', 'FR', 'US', 'JP', 'BR', 'IN'][1 + CAST(i % 6 AS INTEGER)] AS country,
    'user' || (i % 100003) || '@example.org' AS email,
    CAST(18 + hash(i * 31) % 80 AS INTEGER) AS age,
    i % 3 = 0 AS flag
  FROM range(${rows}) t(i)`;
}

export const BENCH_CONTRACT = {
  columns: {
    id: { type: 'integer', required: true, unique: true },
    user_id: { required: true },
    ts: { type: 'timestamp' },
    day: { type: 'date', min: '2024-01-01' },
    label: { enum: [0, 1] },
    score: { min: 0, max: 1 },
    amount: { min: 0 },
    category: { enum: ['books', 'games', 'food', 'tools', 'toys'] },
    country: { pattern: '^[A-Z]{2}$', max_length: 2 },
    email: { pattern: '^[^@]+@[^@]+$' },
    age: { type: 'integer', min: 0, max: 120 },
    flag: { type: 'boolean' },
  },
  rows: { min: 1 },
};
