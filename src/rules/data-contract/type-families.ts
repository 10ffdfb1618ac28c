import type { LogicalType } from './contract-model.js';

/**
 * DuckDB column types grouped into the contract's logical type families, and which changes of
 * type between baseline and head widen (safe for readers) or narrow (breaking).
 */

/** The family of a DuckDB type as DESCRIBE prints it (e.g. `DECIMAL(10,2)`, `INTEGER[]`). */
export function familyOf(duckType: string): LogicalType {
  const type = duckType.toUpperCase();
  if (type.endsWith(']')) return 'array';
  if (/^(STRUCT|MAP|UNION|JSON)\b/.test(type)) return 'object';
  if (/^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT|VARINT|BIGNUM)$/.test(type)) return 'integer';
  if (/^(FLOAT|DOUBLE|DECIMAL|REAL)/.test(type)) return 'number';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type.startsWith('TIME')) return 'time';
  if (type === 'BLOB' || type.startsWith('BIT')) return 'binary';
  if (type === 'VARCHAR' || type === 'UUID' || type.startsWith('ENUM')) return 'string';
  return 'any';
}

/** Whether data of family `actual` satisfies a contract that declares `declared`. */
export function isCompatible(declared: LogicalType, actual: LogicalType): boolean {
  if (declared === 'any' || declared === actual) return true;
  if (declared === 'number' && actual === 'integer') return true;
  return false;
}

/** The DuckDB type a text value is cast to when checking that it holds the declared type. */
export function castTarget(declared: LogicalType): string | null {
  switch (declared) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'time':
      return 'TIME';
    default:
      return null;
  }
}

const INTEGER_WIDTH: Record<string, number> = {
  TINYINT: 1,
  UTINYINT: 1,
  SMALLINT: 2,
  USMALLINT: 2,
  INTEGER: 4,
  UINTEGER: 4,
  BIGINT: 8,
  UBIGINT: 8,
  HUGEINT: 16,
  UHUGEINT: 16,
};

/**
 * How a column's type changed from baseline to head: `same`, `widened` (every old value still
 * fits: INTEGER → BIGINT, FLOAT → DOUBLE, integer → floating) or `narrowed` (anything else,
 * which breaks readers that relied on the old type).
 */
export function compareTypes(before: string, after: string): 'same' | 'widened' | 'narrowed' {
  if (before === after) return 'same';
  const from = familyOf(before);
  const to = familyOf(after);
  if (from === 'integer' && to === 'integer') {
    return (INTEGER_WIDTH[after] ?? 16) >= (INTEGER_WIDTH[before] ?? 16) ? 'widened' : 'narrowed';
  }
  if (from === 'integer' && to === 'number') return 'widened';
  if (from === 'number' && to === 'number') return after === 'DOUBLE' || before === 'FLOAT' ? 'widened' : 'narrowed';
  if (from === 'date' && to === 'timestamp') return 'widened';
  if (from === 'timestamp' && to === 'timestamp') return 'widened';
  return 'narrowed';
}
