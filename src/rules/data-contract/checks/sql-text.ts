import type { Scalar } from '../contract-model.js';

/**
 * Quoting for the SQL the checks compile to. Column names and values come from rule files in
 * pull requests, so they are always quoted, never spliced in raw.
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A literal for a contract value: numbers as numbers, everything else as a string. */
export function quoteLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return quoteString(value);
}

/**
 * A bound in a comparison. A string bound (a date, a timestamp) is left as a string literal:
 * DuckDB casts a literal to the other side's type, so `"day" >= '2024-01-01'` compares dates.
 */
export function quoteBound(value: number | string): string {
  return typeof value === 'number' ? quoteLiteral(value) : quoteString(value);
}

/** `value NOT IN (…)`, comparing as numbers when the column and every value are numeric. */
export function notInList(ref: string, values: (Scalar | null)[], family: string): string {
  const present = values.filter((value) => value !== null);
  const numeric = (family === 'integer' || family === 'number') && present.every((value) => typeof value === 'number');
  const list = numeric ? present.map((value) => quoteLiteral(value)) : present.map((value) => quoteString(String(value)));
  const left = numeric ? ref : `CAST(${ref} AS VARCHAR)`;
  return `${ref} IS NOT NULL AND ${left} NOT IN (${list.length === 0 ? 'NULL' : list.join(', ')})`;
}
