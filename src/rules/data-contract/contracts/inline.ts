import type { ColumnContract, LogicalType, TableContract } from '../contract-model.js';
import { emptyContract } from '../contract-model.js';
import type { DataContractOptions } from '../options.js';

/** The rule file's own checks (`columns`, `rows`, `unique_keys`, `freshness`, `sql`) → the model. */
export function translateInline(options: DataContractOptions, source: { file: string; line: number }): TableContract {
  const contract = emptyContract();
  for (const [name, spec] of Object.entries(options.columns ?? {})) {
    const column: ColumnContract = {
      name,
      type: spec.type as LogicalType | undefined,
      declaredType: spec.type,
      required: spec.required,
      unique: spec.unique,
      min: spec.min,
      max: spec.max,
      enum: spec.enum,
      pattern: spec.pattern,
      minLength: spec.min_length,
      maxLength: spec.max_length,
      maxNullFraction: spec.max_null_fraction,
      sensitive: spec.sensitive,
      quality: [],
      source,
    };
    contract.columns.push(column);
  }
  if (options.allow_extra_columns === false) contract.allowExtraColumns = false;
  contract.rows = options.rows;
  contract.uniqueKeys = options.unique_keys ?? [];
  if (options.freshness !== undefined) {
    contract.freshness = {
      column: options.freshness.column,
      maxAge: options.freshness.max_age,
      maxAgeSeconds: parseDuration(options.freshness.max_age),
    };
  }
  for (const check of options.sql ?? []) {
    const bound =
      check.equals !== undefined
        ? { op: 'eq' as const, value: check.equals }
        : check.min !== undefined && check.max !== undefined
          ? { op: 'between' as const, value: [check.min, check.max] as [number, number] }
          : check.min !== undefined
            ? { op: 'ge' as const, value: check.min }
            : check.max !== undefined
              ? { op: 'le' as const, value: check.max }
              : { op: 'le' as const, value: check.max ?? 0 };
    contract.quality.push({
      metric: 'sql',
      name: check.name,
      unit: 'rows',
      bound,
      severity: check.severity ?? 'error',
      query: check.query,
      source,
    });
  }
  return contract;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text);
  return match === null ? Number.NaN : Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
}
