import { z } from 'zod';
import { LOGICAL_TYPES } from './contract-model.js';

/**
 * The `data-contract` rule's own fields. Nested objects are strict: a misspelled check is a
 * configuration error, never a check silently not run. The `.describe()` texts become the
 * JSON Schema editors use.
 */

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const limit = z.union([z.number(), z.string()]);

export const columnSchema = z
  .strictObject({
    type: z
      .enum(LOGICAL_TYPES as [string, ...string[]])
      .optional()
      .describe('Logical type: string, integer, number, boolean, date, timestamp, time, binary, array, object, any'),
    required: z.boolean().optional().describe('No null values (a declared column must be in the data either way)'),
    unique: z.boolean().optional().describe('No two rows share a (non-null) value'),
    min: limit.optional().describe('Smallest accepted value (a number, or a date/timestamp as a string)'),
    max: limit.optional().describe('Largest accepted value'),
    enum: z.array(scalar).min(1).optional().describe('Accepted values'),
    pattern: z
      .string()
      .optional()
      .describe('Regular expression (RE2) every value must contain a match of; anchor with ^…$ for a full match'),
    min_length: z.number().int().nonnegative().optional().describe('Shortest accepted text length'),
    max_length: z.number().int().nonnegative().optional().describe('Longest accepted text length'),
    max_null_fraction: z.number().min(0).max(1).optional().describe('Largest accepted fraction of null values (0..1)'),
    sensitive: z.boolean().optional().describe('Never show this column’s values in example rows'),
  })
  .describe('Checks on one column');

const sqlCheck = z
  .strictObject({
    name: z.string().min(1).describe('Check name shown in the report'),
    query: z.string().min(1).describe('One SELECT returning one value; the data is the view `data` (and the contract object’s name)'),
    min: z.number().optional().describe('The result must be at least this'),
    max: z.number().optional().describe('The result must be at most this'),
    equals: z.number().optional().describe('The result must equal this'),
    severity: z.enum(['error', 'warning']).optional().describe('`warning` reports a failure as a warning'),
  })
  .refine((check) => check.min !== undefined || check.max !== undefined || check.equals !== undefined, {
    message: 'a SQL check needs a bound: min, max or equals',
  })
  .describe('A custom SQL check with a bound on its single result');

const driftSpec = z
  .strictObject({
    columns: z.array(z.string()).min(1).describe('Columns compared with the baseline data'),
    method: z
      .enum(['psi', 'ks'])
      .default('psi')
      .describe('psi: population stability index (categorical, or binned numeric); ks: two-sample Kolmogorov–Smirnov (numeric)'),
    max: z.number().positive().optional().describe('Largest accepted statistic (PSI default 0.2; KS distance default 0.1)'),
    bins: z.number().int().min(2).max(100).default(10).describe('Quantile bins of the baseline for numeric PSI'),
  })
  .describe('Distribution drift against the baseline data');

export const dataContractOptions = {
  data: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Data file, folder or glob (CSV, TSV, JSON/JSONL, Parquet), read as one table; default: the contract’s `type: local` server path',
    ),
  format: z.enum(['csv', 'tsv', 'json', 'jsonl', 'parquet']).optional().describe('Data format; detected from the extension when absent'),
  csv: z
    .strictObject({
      delimiter: z.string().min(1).max(4).optional(),
      header: z.boolean().optional(),
      quote: z.string().max(1).optional(),
      escape: z.string().max(1).optional(),
      encoding: z.enum(['utf-8', 'utf-16', 'latin-1']).optional(),
      null_values: z.array(z.string()).optional().describe('Cell texts read as null (default: the empty cell)'),
      skip: z.number().int().nonnegative().optional().describe('Lines to skip before the header'),
    })
    .optional()
    .describe('CSV reading settings; each is detected when absent'),
  contract: z.string().optional().describe('Contract file: ODCS v3, Data Contract Specification, Frictionless Table Schema or JSON Schema'),
  object: z.string().optional().describe('Which schema object (model) of a multi-object contract'),
  columns: z.record(z.string(), columnSchema).optional().describe('Inline column checks, merged over the contract file’s'),
  allow_extra_columns: z.boolean().optional().describe('false: columns the contract does not declare fail'),
  rows: z
    .strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })
    .optional()
    .describe('Row count bounds'),
  unique_keys: z.array(z.array(z.string()).min(1)).optional().describe('Column sets that must be unique together, e.g. [[user_id, day]]'),
  freshness: z
    .strictObject({
      column: z.string().describe('A date or timestamp column'),
      max_age: z
        .string()
        .regex(/^\d+(\.\d+)?\s*(s|m|h|d|w)$/, 'a duration like 90m, 36h, 2d or 1w')
        .describe('Largest accepted age of the newest value, e.g. 2d'),
    })
    .optional(),
  sql: z.array(sqlCheck).optional().describe('Custom SQL checks'),
  schema_changes: z
    .strictObject({
      breaking: z
        .enum(['fail', 'warn', 'off'])
        .default('fail')
        .describe('What a removed, narrowed or retyped column (or a new required one) is'),
    })
    .optional()
    .describe('Schema changes against the baseline data'),
  row_change: z
    .strictObject({ max_drop_pct: z.number().nonnegative().optional(), max_increase_pct: z.number().nonnegative().optional() })
    .optional()
    .describe('Bounds on the row count change against the baseline, in percent'),
  drift: z.union([driftSpec, z.array(driftSpec)]).optional(),
  samples: z.number().int().min(0).max(100).default(5).describe('Example failing rows per check'),
  duckdb: z
    .strictObject({
      memory_limit: z
        .string()
        .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i)
        .optional(),
      threads: z.number().int().min(1).max(64).optional(),
    })
    .optional()
    .describe('DuckDB resource limits; a rule may lower the operator’s ceiling, never raise it'),
};

const UNITS: Record<string, number> = { kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** A `memory_limit` such as `512MB` or `2GiB` in MiB. */
export function parseMiB(limit: string | undefined): number | undefined {
  const match = limit === undefined ? null : /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(limit.trim());
  if (match === null) return undefined;
  return (Number(match[1]) * (UNITS[String(match[2]).toLowerCase()] ?? Number.NaN)) / 1024 ** 2;
}

export type DataContractOptions = z.output<z.ZodObject<typeof dataContractOptions>>;
export type DriftSpec = z.output<typeof driftSpec>;
