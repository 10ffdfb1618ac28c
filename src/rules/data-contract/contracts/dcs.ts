import type { ColumnContract, LogicalType, Scalar, TableContract } from '../contract-model.js';
import { emptyContract } from '../contract-model.js';
import { type ContractDoc, isRecord } from './contract-doc.js';
import { pickObject } from './pick-object.js';
import { translateQuality } from './quality.js';

/**
 * The Data Contract Specification (`dataContractSpecification`, `models` with `fields`), which
 * datacontract-cli users still have, → the contract model.
 */

const TYPES: Record<string, LogicalType> = {
  string: 'string',
  text: 'string',
  varchar: 'string',
  integer: 'integer',
  int: 'integer',
  long: 'integer',
  bigint: 'integer',
  number: 'number',
  decimal: 'number',
  numeric: 'number',
  float: 'number',
  double: 'number',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamp_tz: 'timestamp',
  timestamp_ntz: 'timestamp',
  bytes: 'binary',
  array: 'array',
  map: 'object',
  object: 'object',
  record: 'object',
  struct: 'object',
  null: 'any',
  variant: 'any',
  json: 'any',
};

export function isDcs(data: Record<string, unknown>): boolean {
  return data.dataContractSpecification !== undefined || (isRecord(data.models) && data.apiVersion === undefined);
}

export function translateDcs(doc: ContractDoc, object: string | undefined, dataPath: string): TableContract {
  const data = doc.data as Record<string, unknown>;
  const models = isRecord(data.models) ? data.models : {};
  const objects = Object.entries(models).map(([name, raw], index) => ({ name, index, raw: isRecord(raw) ? raw : {} }));
  const picked = pickObject(doc, objects, object, dataPath, ['models']);
  const base = ['models', picked.name];
  const contract = emptyContract(picked.name);
  const fields = isRecord(picked.raw.fields) ? picked.raw.fields : {};
  const keys: string[] = [];
  for (const [name, raw] of Object.entries(fields)) {
    contract.columns.push(translateField(doc, [...base, 'fields', name], name, raw));
    if (isRecord(raw) && (raw.primaryKey === true || raw.primary === true)) keys.push(name);
  }
  if (Array.isArray(picked.raw.primaryKey)) keys.push(...picked.raw.primaryKey.map(String));
  if (keys.length > 1) contract.uniqueKeys.push(keys);
  const quality = Array.isArray(picked.raw.quality) ? picked.raw.quality : [];
  quality.forEach((raw, index) => {
    const rule = translateQuality(doc, [...base, 'quality', index], raw, undefined);
    if (rule !== null) contract.quality.push(rule);
  });
  return contract;
}

function translateField(doc: ContractDoc, path: (string | number)[], name: string, raw: unknown): ColumnContract {
  if (!isRecord(raw)) throw doc.invalid(path, `field "${name}" must be a mapping`);
  const column: ColumnContract = { name, quality: [], source: doc.sourceOf(path) };
  if (raw.type !== undefined) {
    const type = TYPES[String(raw.type).toLowerCase()];
    if (type === undefined)
      throw doc.unsupported([...path, 'type'], `field type "${String(raw.type)}"`, `use one of ${Object.keys(TYPES).join(', ')}`);
    column.type = type;
    column.declaredType = String(raw.type);
  }
  if (raw.required === true || raw.primaryKey === true || raw.primary === true) column.required = true;
  if (raw.unique === true || raw.primaryKey === true || raw.primary === true) column.unique = true;
  if (raw.pii === true || (typeof raw.classification === 'string' && /^(pii|restricted|confidential|sensitive)$/i.test(raw.classification)))
    column.sensitive = true;
  const bound = (value: unknown): number | string | undefined =>
    typeof value === 'number' || typeof value === 'string' ? value : undefined;
  column.min = bound(raw.minimum);
  column.max = bound(raw.maximum);
  column.exclusiveMin = bound(raw.exclusiveMinimum);
  column.exclusiveMax = bound(raw.exclusiveMaximum);
  if (typeof raw.pattern === 'string') column.pattern = raw.pattern;
  if (typeof raw.minLength === 'number') column.minLength = raw.minLength;
  if (typeof raw.maxLength === 'number') column.maxLength = raw.maxLength;
  if (Array.isArray(raw.enum)) column.enum = raw.enum as Scalar[];
  if (typeof raw.minItems === 'number') column.minItems = raw.minItems;
  if (typeof raw.maxItems === 'number') column.maxItems = raw.maxItems;
  if (raw.uniqueItems === true) column.uniqueItems = true;
  const quality = Array.isArray(raw.quality) ? raw.quality : [];
  quality.forEach((entry, index) => {
    const rule = translateQuality(doc, [...path, 'quality', index], entry, name);
    if (rule !== null) column.quality.push(rule);
  });
  // Nested: an object's `fields`, an array's `items` (checked against STRUCT and LIST types).
  if (isRecord(raw.fields)) {
    column.fields = Object.entries(raw.fields).map(([field, entry]) => translateField(doc, [...path, 'fields', field], field, entry));
  }
  if (isRecord(raw.items)) column.items = translateField(doc, [...path, 'items'], '[]', raw.items);
  return column;
}
