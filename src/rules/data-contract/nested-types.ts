import { quoteIdent } from './checks/sql-text.js';
import type { ColumnContract } from './contract-model.js';
import { familyOf, isCompatible } from './type-families.js';

/**
 * Nested contract types (ODCS `object` with `properties`, `array` with `items`; DCS `fields`
 * and `items`) against the nested types DuckDB reads from Parquet and JSON (`STRUCT(...)`,
 * `T[]`), field by field, with paths as users read them: `metadata.name`, `values[]`.
 */

export type DuckType =
  | { kind: 'struct'; fields: { name: string; type: DuckType }[] }
  | { kind: 'list'; item: DuckType }
  | { kind: 'scalar'; name: string };

/**
 * A nested value DuckDB could only read as JSON (its type differs between records): which
 * records hold the wrong type is decided row by row, so the check can name them.
 */
export interface NestedRowCheck {
  /** As users read it: `metadata.size`, `values[]`. */
  path: string;
  declared: string;
  /** True for a row holding a value of another type at this path. */
  predicate: string;
}

export interface NestedComparison {
  /** Schema-level mismatches, as `path: expected X, got Y` sentences. */
  mismatches: string[];
  rowChecks: NestedRowCheck[];
}

/** Every nested mismatch of one column, and the row checks for JSON values of mixed types. */
export function compareNested(column: ColumnContract, duckType: string): NestedComparison {
  const result: NestedComparison = { mismatches: [], rowChecks: [] };
  compare(column, parseDuckType(duckType), column.name, [column.name], result);
  return result;
}

/** DuckDB's json_type() names that satisfy a declared scalar type. */
const JSON_TYPES: Partial<Record<string, string[]>> = {
  integer: ['BIGINT', 'UBIGINT'],
  number: ['BIGINT', 'UBIGINT', 'DOUBLE'],
  string: ['VARCHAR'],
  boolean: ['BOOLEAN'],
  date: ['VARCHAR'],
  timestamp: ['VARCHAR'],
  time: ['VARCHAR'],
};

/** SQL true for a row with a wrong value at `steps` below `expr` (lists: any element). */
function predicateAt(expr: string, steps: string[], leaf: (value: string) => string, depth = 0): string {
  const [step, ...rest] = steps;
  if (step === undefined) return leaf(expr);
  if (step === '[]') {
    const element = `__mlg_e${depth}`;
    return `len(list_filter(${expr}, ${element} -> ${predicateAt(element, rest, leaf, depth + 1)})) > 0`;
  }
  return predicateAt(`${expr}.${quoteIdent(step)}`, rest, leaf, depth);
}

export function hasNested(column: ColumnContract): boolean {
  return (column.fields?.length ?? 0) > 0 || column.items !== undefined;
}

function compare(declared: ColumnContract, actual: DuckType, path: string, steps: string[], result: NestedComparison): void {
  const out = result.mismatches;
  if (declared.type === 'object' && declared.fields !== undefined && declared.fields.length > 0) {
    if (actual.kind !== 'struct') {
      out.push(`${path}: expected object, got ${describe(actual)}`);
      return;
    }
    for (const field of declared.fields) {
      const found = actual.fields.find((candidate) => candidate.name === field.name);
      if (found === undefined) out.push(`${path}.${field.name}: missing from the data`);
      else compare(field, found.type, `${path}.${field.name}`, [...steps, field.name], result);
    }
    return;
  }
  if (declared.type === 'array') {
    if (actual.kind !== 'list') {
      out.push(`${path}: expected array, got ${describe(actual)}`);
      return;
    }
    if (declared.items !== undefined) compare(declared.items, actual.item, `${path}[]`, [...steps, '[]'], result);
    return;
  }
  if (declared.type === undefined) return;
  const accepted = JSON_TYPES[declared.type];
  if (actual.kind === 'scalar' && actual.name === 'JSON' && accepted !== undefined) {
    const list = accepted.map((name) => `'${name}'`).join(', ');
    result.rowChecks.push({
      path,
      declared: declared.declaredType ?? declared.type,
      predicate: predicateAt(quoteIdent(steps[0] ?? ''), steps.slice(1), (value) => `json_type(${value}) NOT IN (${list}, 'NULL')`),
    });
    return;
  }
  const family = familyOf(render(actual));
  if (!isCompatible(declared.type, family)) out.push(`${path}: expected ${declared.declaredType ?? declared.type}, got ${family}`);
}

function describe(type: DuckType): string {
  if (type.kind === 'scalar' && type.name === 'JSON') return 'JSON values of mixed shapes';
  return type.kind === 'struct' ? 'object' : type.kind === 'list' ? 'array' : familyOf(type.name);
}

function render(type: DuckType): string {
  if (type.kind === 'scalar') return type.name;
  if (type.kind === 'list') return `${render(type.item)}[]`;
  return `STRUCT(${type.fields.map((field) => `"${field.name}" ${render(field.type)}`).join(', ')})`;
}

/** Parses a DuckDB type as DESCRIBE prints it: `STRUCT("a b" VARCHAR, c INTEGER[])[]`. */
export function parseDuckType(text: string): DuckType {
  let at = 0;
  const skipSpaces = (): void => {
    while (text[at] === ' ') at++;
  };
  const parseName = (): string => {
    skipSpaces();
    if (text[at] === '"') {
      let name = '';
      at++;
      while (at < text.length) {
        if (text[at] === '"' && text[at + 1] === '"') {
          name += '"';
          at += 2;
        } else if (text[at] === '"') {
          at++;
          break;
        } else name += text[at++];
      }
      return name;
    }
    const start = at;
    while (at < text.length && text[at] !== ' ') at++;
    return text.slice(start, at);
  };
  const parseType = (): DuckType => {
    skipSpaces();
    let type: DuckType;
    if (text.startsWith('STRUCT(', at)) {
      at += 'STRUCT('.length;
      const fields: { name: string; type: DuckType }[] = [];
      while (at < text.length && text[at] !== ')') {
        const name = parseName();
        fields.push({ name, type: parseType() });
        skipSpaces();
        if (text[at] === ',') at++;
      }
      at++;
      type = { kind: 'struct', fields };
    } else {
      // A scalar, possibly with parenthesised arguments (DECIMAL(10,2), MAP(K, V)).
      const start = at;
      let depth = 0;
      while (at < text.length) {
        const char = text[at];
        if (char === '(') depth++;
        else if (char === ')') {
          if (depth === 0) break;
          depth--;
        } else if ((char === ',' || char === '[') && depth === 0) break;
        at++;
      }
      type = { kind: 'scalar', name: text.slice(start, at).trim() };
    }
    while (text[at] === '[') {
      const close = text.indexOf(']', at);
      at = close === -1 ? text.length : close + 1;
      type = { kind: 'list', item: type };
    }
    return type;
  };
  return parseType();
}
