import type { ColumnContract, LogicalType, Scalar, TableContract } from '../contract-model.js';
import { emptyContract } from '../contract-model.js';
import { type ContractDoc, isRecord } from './contract-doc.js';

/**
 * Frictionless Table Schema (`fields` with `type` and `constraints`, `primaryKey`,
 * `missingValues`) → the contract model.
 */

const TYPES: Record<string, LogicalType> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamp',
  time: 'time',
  year: 'integer',
  any: 'any',
  object: 'object',
  array: 'array',
};

const CONSTRAINTS = new Set([
  'required',
  'unique',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'enum',
  'minLength',
  'maxLength',
]);

export function isFrictionless(data: Record<string, unknown>): boolean {
  return Array.isArray(data.fields);
}

export function translateFrictionless(doc: ContractDoc): TableContract {
  const data = doc.data as Record<string, unknown>;
  if (data.foreignKeys !== undefined) {
    throw doc.unsupported(['foreignKeys'], 'Frictionless foreignKeys', 'check references with a `sql:` check on the rule instead');
  }
  const contract = emptyContract();
  (data.fields as unknown[]).forEach((raw, index) => {
    contract.columns.push(translateField(doc, ['fields', index], raw));
  });
  const key = typeof data.primaryKey === 'string' ? [data.primaryKey] : Array.isArray(data.primaryKey) ? data.primaryKey.map(String) : [];
  if (key.length === 1) {
    const column = contract.columns.find((c) => c.name === key[0]);
    if (column !== undefined) Object.assign(column, { unique: true, required: true });
  } else if (key.length > 1) contract.uniqueKeys.push(key);
  if (Array.isArray(data.missingValues)) contract.nullValues = data.missingValues.map(String);
  else contract.nullValues = [''];
  return contract;
}

function translateField(doc: ContractDoc, path: (string | number)[], raw: unknown): ColumnContract {
  if (!isRecord(raw) || typeof raw.name !== 'string') throw doc.invalid(path, 'a field needs a `name`');
  const column: ColumnContract = { name: raw.name, quality: [], source: doc.sourceOf(path) };
  const typeName = typeof raw.type === 'string' ? raw.type : 'string';
  const type = TYPES[typeName];
  if (type === undefined) {
    throw doc.unsupported([...path, 'type'], `Frictionless type "${typeName}"`, `supported: ${Object.keys(TYPES).join(', ')}`);
  }
  if (raw.format !== undefined && raw.format !== 'default' && !(type === 'string' && typeof raw.format === 'string')) {
    throw doc.unsupported(
      [...path, 'format'],
      `format "${String(raw.format)}" for ${typeName}`,
      'write the data in the default format (ISO 8601 for dates)',
    );
  }
  column.type = type;
  column.declaredType = typeName;
  const constraints = isRecord(raw.constraints) ? raw.constraints : {};
  for (const name of Object.keys(constraints)) {
    if (!CONSTRAINTS.has(name))
      throw doc.unsupported([...path, 'constraints', name], `constraint "${name}"`, `supported: ${[...CONSTRAINTS].join(', ')}`);
  }
  const bound = (value: unknown): number | string | undefined =>
    typeof value === 'number' || typeof value === 'string' ? value : undefined;
  if (constraints.required === true) column.required = true;
  if (constraints.unique === true) column.unique = true;
  column.min = bound(constraints.minimum);
  column.max = bound(constraints.maximum);
  column.exclusiveMin = bound(constraints.exclusiveMinimum);
  column.exclusiveMax = bound(constraints.exclusiveMaximum);
  // Frictionless patterns match the whole value (XML Schema regular expressions).
  if (typeof constraints.pattern === 'string') column.pattern = `^(?:${constraints.pattern})$`;
  if (Array.isArray(constraints.enum)) column.enum = constraints.enum as Scalar[];
  if (typeof constraints.minLength === 'number') column.minLength = constraints.minLength;
  if (typeof constraints.maxLength === 'number') column.maxLength = constraints.maxLength;
  return column;
}
