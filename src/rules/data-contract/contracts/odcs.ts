import type { ColumnContract, LogicalType, Scalar, TableContract } from '../contract-model.js';
import { emptyContract } from '../contract-model.js';
import { type ContractDoc, isRecord } from './contract-doc.js';
import { pickObject } from './pick-object.js';
import { translateQuality } from './quality.js';

/**
 * Open Data Contract Standard v3 → the contract model: one schema object's properties (logical
 * type and its options, required, unique, primary key) and quality rules.
 */

const LOGICAL: Record<string, LogicalType> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  time: 'time',
  object: 'object',
  array: 'array',
};

const SENSITIVE = /^(pii|restricted|confidential|sensitive|secret)$/i;

export function isOdcs(data: Record<string, unknown>): boolean {
  return typeof data.apiVersion === 'string' && (data.kind === 'DataContract' || Array.isArray(data.schema));
}

export function translateOdcs(doc: ContractDoc, object: string | undefined, dataPath: string): TableContract {
  const data = doc.data as Record<string, unknown>;
  if (!/^v?3\./.test(String(data.apiVersion))) {
    throw doc.unsupported(['apiVersion'], `ODCS ${String(data.apiVersion)}`, 'only ODCS v3 contracts are read; migrate the contract to v3');
  }
  const schema = Array.isArray(data.schema) ? data.schema : [];
  const objects = schema.map((raw, index) => {
    if (!isRecord(raw) || typeof raw.name !== 'string') throw doc.invalid(['schema', index], 'a schema object needs a `name`');
    return { name: raw.name, physicalName: typeof raw.physicalName === 'string' ? raw.physicalName : undefined, index, raw };
  });
  const picked = pickObject(doc, objects, object, dataPath, ['schema']);
  const base: (string | number)[] = ['schema', picked.index];
  const contract = emptyContract(picked.name);
  const properties = Array.isArray(picked.raw.properties) ? picked.raw.properties : [];
  const keys: { name: string; position: number }[] = [];
  properties.forEach((raw, index) => {
    const column = translateProperty(doc, [...base, 'properties', index], raw);
    contract.columns.push(column);
    if (isRecord(raw) && raw.primaryKey === true) keys.push({ name: column.name, position: Number(raw.primaryKeyPosition ?? index) });
  });
  // A composite primary key is unique as a whole; a single one is unique by itself.
  if (keys.length === 1 && keys[0] !== undefined) {
    const column = contract.columns.find((c) => c.name === keys[0]?.name);
    if (column !== undefined) column.unique = true;
  } else if (keys.length > 1) {
    contract.uniqueKeys.push(keys.sort((a, b) => a.position - b.position).map((key) => key.name));
  }
  const quality = Array.isArray(picked.raw.quality) ? picked.raw.quality : [];
  quality.forEach((raw, index) => {
    const rule = translateQuality(doc, [...base, 'quality', index], raw, undefined);
    if (rule !== null) contract.quality.push(rule);
  });
  return contract;
}

function translateProperty(doc: ContractDoc, path: (string | number)[], raw: unknown, itemName?: string): ColumnContract {
  if (!isRecord(raw) || (typeof raw.name !== 'string' && itemName === undefined)) throw doc.invalid(path, 'a property needs a `name`');
  const column: ColumnContract = {
    name: typeof raw.name === 'string' ? raw.name : (itemName ?? ''),
    quality: [],
    source: doc.sourceOf(path),
  };
  if (raw.logicalType !== undefined) {
    const type = LOGICAL[String(raw.logicalType)];
    if (type === undefined) {
      throw doc.unsupported(
        [...path, 'logicalType'],
        `logicalType "${String(raw.logicalType)}"`,
        `use one of ${Object.keys(LOGICAL).join(', ')}`,
      );
    }
    column.type = type;
    column.declaredType = typeof raw.physicalType === 'string' ? `${raw.logicalType} (${raw.physicalType})` : String(raw.logicalType);
  }
  if (raw.required === true || raw.primaryKey === true) column.required = true;
  if (raw.unique === true) column.unique = true;
  if (typeof raw.classification === 'string' && SENSITIVE.test(raw.classification)) column.sensitive = true;
  const options = isRecord(raw.logicalTypeOptions) ? raw.logicalTypeOptions : {};
  readRangeOptions(column, options);
  if (typeof options.pattern === 'string') column.pattern = options.pattern;
  if (typeof options.minLength === 'number') column.minLength = options.minLength;
  if (typeof options.maxLength === 'number') column.maxLength = options.maxLength;
  if (typeof options.minItems === 'number') column.minItems = options.minItems;
  if (typeof options.maxItems === 'number') column.maxItems = options.maxItems;
  if (options.uniqueItems === true) column.uniqueItems = true;
  const values = enumValues(raw, options);
  if (values !== undefined) column.enum = values;
  const quality = Array.isArray(raw.quality) ? raw.quality : [];
  quality.forEach((entry, index) => {
    const rule = translateQuality(doc, [...path, 'quality', index], entry, column.name);
    if (rule !== null) column.quality.push(rule);
  });
  // Nested: an object's `properties`, an array's `items` (checked against STRUCT and LIST types).
  if (Array.isArray(raw.properties) && raw.properties.length > 0) {
    column.type ??= 'object';
    column.fields = raw.properties.map((entry, index) => translateProperty(doc, [...path, 'properties', index], entry));
  }
  if (isRecord(raw.items)) column.items = translateProperty(doc, [...path, 'items'], raw.items, '[]');
  return column;
}

/**
 * Accepted values, as datacontract-cli reads them, first found wins: ODCS 3.2 `enum` entries
 * (`{ value, label }` or plain values), `logicalTypeOptions.enum`, a `customProperties` `enum`
 * (a list or its JSON text).
 */
function enumValues(raw: Record<string, unknown>, options: Record<string, unknown>): Scalar[] | undefined {
  const scalars = (list: unknown): Scalar[] | undefined =>
    Array.isArray(list)
      ? list
          .map((entry) => (isRecord(entry) ? entry.value : entry))
          .filter((value): value is Scalar => ['string', 'number', 'boolean'].includes(typeof value))
      : undefined;
  if (Array.isArray(raw.enum)) return scalars(raw.enum);
  if (Array.isArray(options.enum)) return scalars(options.enum);
  const custom = Array.isArray(raw.customProperties)
    ? raw.customProperties.find((entry) => isRecord(entry) && entry.property === 'enum')
    : undefined;
  if (!isRecord(custom)) return undefined;
  if (typeof custom.value === 'string') {
    try {
      return scalars(JSON.parse(custom.value));
    } catch {
      return undefined;
    }
  }
  return scalars(custom.value);
}

/** ODCS 3.0 writes `exclusiveMaximum: true` next to `maximum`; 3.1 may give the bound itself. */
function readRangeOptions(column: ColumnContract, options: Record<string, unknown>): void {
  const bound = (value: unknown): number | string | undefined =>
    typeof value === 'number' || typeof value === 'string' ? value : undefined;
  const minimum = bound(options.minimum);
  const maximum = bound(options.maximum);
  if (options.exclusiveMinimum === true) column.exclusiveMin = minimum;
  else {
    column.min = minimum;
    column.exclusiveMin = bound(options.exclusiveMinimum);
  }
  if (options.exclusiveMaximum === true) column.exclusiveMax = maximum;
  else {
    column.max = maximum;
    column.exclusiveMax = bound(options.exclusiveMaximum);
  }
}
