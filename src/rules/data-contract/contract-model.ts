/**
 * The one internal contract model. Every contract format (inline, ODCS, DCS, Frictionless,
 * JSON Schema) is translated into it, and every check is compiled from it, so a check behaves
 * the same whichever format declared it.
 */

/** Type families: a contract says "integer", the data may hold any integer width. */
export type LogicalType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'time'
  | 'binary'
  | 'array'
  | 'object'
  | 'any';

export const LOGICAL_TYPES: readonly LogicalType[] = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'timestamp',
  'time',
  'binary',
  'array',
  'object',
  'any',
];

/** Where a contract element was declared, so findings and errors can point at it. */
export interface ContractSource {
  file: string;
  line?: number | undefined;
}

export type Scalar = string | number | boolean;

/** A bound on a measured value: ODCS `mustBe…` operators, inline `min`/`max`. */
export interface Bound {
  op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'between' | 'not_between';
  value: number | [number, number];
}

export type QualityMetric = 'nullValues' | 'missingValues' | 'invalidValues' | 'duplicateValues' | 'rowCount' | 'sql';

/** A quality rule (ODCS/DCS `quality`, inline `sql`): a metric with a bound on it. */
export interface QualityRule {
  metric: QualityMetric;
  /** Shown as the finding's check name. */
  name: string;
  column?: string | undefined;
  /** Columns of a composite duplicate check. */
  columns?: string[] | undefined;
  unit: 'rows' | 'percent';
  bound: Bound;
  severity: 'error' | 'warning';
  validValues?: Scalar[] | undefined;
  missingValues?: (Scalar | null)[] | undefined;
  pattern?: string | undefined;
  query?: string | undefined;
  description?: string | undefined;
  source: ContractSource;
}

export interface ColumnContract {
  name: string;
  type?: LogicalType | undefined;
  /** The type as the contract wrote it (e.g. `bigint`, `timestamp_tz`), for messages. */
  declaredType?: string | undefined;
  required?: boolean | undefined;
  unique?: boolean | undefined;
  min?: number | string | undefined;
  max?: number | string | undefined;
  exclusiveMin?: number | string | undefined;
  exclusiveMax?: number | string | undefined;
  enum?: Scalar[] | undefined;
  pattern?: string | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  /** Bounds on the elements of one row's array (ODCS `minItems`, `maxItems`, `uniqueItems`). */
  minItems?: number | undefined;
  maxItems?: number | undefined;
  uniqueItems?: boolean | undefined;
  /** Largest accepted fraction of nulls, 0..1. */
  maxNullFraction?: number | undefined;
  /** Values are not shown in samples (ODCS `classification: PII` and the like). */
  sensitive?: boolean | undefined;
  quality: QualityRule[];
  source: ContractSource;
  /** Fields of an `object` column, checked against the data's STRUCT field by field. */
  fields?: ColumnContract[] | undefined;
  /** The element of an `array` column, checked against the data's LIST element type. */
  items?: ColumnContract | undefined;
}

export interface FreshnessContract {
  column: string;
  maxAgeSeconds: number;
  maxAge: string;
}

export interface TableContract {
  /** Schema object / model name: also the SQL view name custom queries use. */
  name?: string | undefined;
  columns: ColumnContract[];
  /** False when the contract forbids columns it does not declare. */
  allowExtraColumns: boolean;
  rows?: { min?: number | undefined; max?: number | undefined } | undefined;
  uniqueKeys: string[][];
  quality: QualityRule[];
  freshness?: FreshnessContract | undefined;
  /** A JSON Schema validated against each JSONL record (ajv). */
  jsonSchema?: { schema: Record<string, unknown>; source: ContractSource } | undefined;
  /** Strings read as null in CSV files (Frictionless `missingValues`). */
  nullValues?: string[] | undefined;
}

export function emptyContract(name?: string): TableContract {
  return { name, columns: [], allowExtraColumns: true, uniqueKeys: [], quality: [] };
}

/**
 * The inline contract is merged over the file's: per column, inline keys win and quality rules
 * add up, so a rule file can tighten one column of a shared contract without copying it.
 */
export function mergeContracts(base: TableContract, over: TableContract): TableContract {
  const columns = new Map(base.columns.map((column) => [column.name, column]));
  for (const column of over.columns) {
    const existing = columns.get(column.name);
    if (existing === undefined) {
      columns.set(column.name, column);
      continue;
    }
    const merged: ColumnContract = { ...existing };
    for (const [key, value] of Object.entries(column)) {
      if (value !== undefined && key !== 'quality' && key !== 'source') (merged as unknown as Record<string, unknown>)[key] = value;
    }
    merged.quality = [...existing.quality, ...column.quality];
    columns.set(column.name, merged);
  }
  return {
    name: base.name ?? over.name,
    columns: [...columns.values()],
    allowExtraColumns: base.allowExtraColumns && over.allowExtraColumns,
    rows: over.rows ?? base.rows,
    uniqueKeys: [...base.uniqueKeys, ...over.uniqueKeys],
    quality: [...base.quality, ...over.quality],
    freshness: over.freshness ?? base.freshness,
    jsonSchema: over.jsonSchema ?? base.jsonSchema,
    nullValues: over.nullValues ?? base.nullValues,
  };
}
