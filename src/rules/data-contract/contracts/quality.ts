import type { Bound, QualityMetric, QualityRule, Scalar } from '../contract-model.js';
import { type ContractDoc, isRecord } from './contract-doc.js';

/**
 * `quality` entries of ODCS v3 and of the Data Contract Specification, which share the library
 * metrics (`nullValues`, `missingValues`, `invalidValues`, `duplicateValues`, `rowCount`), the
 * `mustBe…` operators, `unit`, `severity` and SQL checks.
 */

const OPERATORS: Record<string, Bound['op']> = {
  mustBe: 'eq',
  mustNotBe: 'ne',
  mustBeGreaterThan: 'gt',
  mustBeGreaterOrEqualTo: 'ge',
  mustBeGreaterThanOrEqualTo: 'ge',
  mustBeLessThan: 'lt',
  mustBeLessOrEqualTo: 'le',
  mustBeLessThanOrEqualTo: 'le',
  mustBeBetween: 'between',
  mustNotBeBetween: 'not_between',
};

/** ODCS 3.0 `rule:` names and their ODCS 3.1 `metric:` equivalents. */
const METRICS: Record<string, QualityMetric> = {
  nullValues: 'nullValues',
  missingValues: 'missingValues',
  invalidValues: 'invalidValues',
  duplicateValues: 'duplicateValues',
  rowCount: 'rowCount',
  duplicateCount: 'duplicateValues',
  nullCount: 'nullValues',
  validValues: 'invalidValues',
};

const SUPPORTED = 'library metrics nullValues, missingValues, invalidValues, duplicateValues, rowCount; type sql; type text';

/** One quality entry as a rule, or null for documentation-only entries (`type: text`). */
export function translateQuality(
  doc: ContractDoc,
  path: (string | number)[],
  raw: unknown,
  column: string | undefined,
): QualityRule | null {
  if (!isRecord(raw)) throw doc.invalid(path, 'a quality entry must be a mapping');
  const type = typeof raw.type === 'string' ? raw.type : 'library';
  if (type === 'text') return null;
  const source = doc.sourceOf(path);
  const severity = raw.severity === 'warning' || raw.severity === 'warn' || raw.severity === 'info' ? 'warning' : 'error';
  const unit = raw.unit === 'percent' || raw.unit === '%' ? 'percent' : 'rows';
  const description = typeof raw.description === 'string' ? raw.description : undefined;
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  if (type === 'sql') {
    if (typeof raw.query !== 'string') throw doc.invalid(path, 'a sql quality check needs a `query`');
    const bound = readBound(doc, path, raw);
    if (bound === null)
      throw doc.invalid(path, 'a sql quality check needs a bound', 'add mustBe, mustBeGreaterThan, mustBeLessThan, mustBeBetween, …');
    return { metric: 'sql', name: name ?? 'sql', column, unit: 'rows', bound, severity, query: raw.query, description, source };
  }
  if (type !== 'library') {
    throw doc.unsupported([...path, 'type'], `quality type "${type}"`, `supported: ${SUPPORTED}`);
  }
  const metricName = typeof raw.metric === 'string' ? raw.metric : typeof raw.rule === 'string' ? raw.rule : undefined;
  const metric = metricName === undefined ? undefined : METRICS[metricName];
  if (metric === undefined) {
    throw doc.unsupported(path, `quality metric "${metricName ?? '(none)'}"`, `supported: ${SUPPORTED}`);
  }
  const args = isRecord(raw.arguments) ? raw.arguments : {};
  const bound = readBound(doc, path, raw) ?? (metric === 'rowCount' ? null : { op: 'eq', value: 0 });
  if (bound === null) throw doc.invalid(path, 'a rowCount check needs a bound', 'add mustBe, mustBeGreaterThan, …');
  const rule: QualityRule = { metric, name: metricName ?? metric, column, unit, bound, severity, description, source };
  if (metric === 'invalidValues') {
    const valid = args.validValues ?? raw.validValues;
    if (Array.isArray(valid)) rule.validValues = valid as Scalar[];
    if (typeof args.pattern === 'string') rule.pattern = args.pattern;
    if (rule.validValues === undefined && rule.pattern === undefined) {
      throw doc.invalid(path, 'invalidValues needs `arguments.validValues` or `arguments.pattern`');
    }
  }
  if (metric === 'missingValues' && Array.isArray(args.missingValues)) rule.missingValues = args.missingValues as (Scalar | null)[];
  if (metric === 'duplicateValues' && Array.isArray(args.properties)) rule.columns = args.properties.map(String);
  if (column === undefined && (metric === 'nullValues' || metric === 'missingValues' || metric === 'invalidValues')) {
    throw doc.invalid(path, `${metric} is a column metric: declare it under a property's quality`);
  }
  return rule;
}

function readBound(doc: ContractDoc, path: (string | number)[], raw: Record<string, unknown>): Bound | null {
  for (const [key, op] of Object.entries(OPERATORS)) {
    const value = raw[key];
    if (value === undefined) continue;
    if (op === 'between' || op === 'not_between') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number')) {
        throw doc.invalid([...path, key], `${key} needs two numbers, e.g. [0, 100]`);
      }
      return { op, value: [value[0] as number, value[1] as number] };
    }
    if (typeof value !== 'number') throw doc.invalid([...path, key], `${key} needs a number`);
    return { op, value };
  }
  return null;
}

/** Whether a measured value satisfies a bound. */
export function satisfies(value: number, bound: Bound): boolean {
  const [low, high] = Array.isArray(bound.value) ? bound.value : [bound.value, bound.value];
  switch (bound.op) {
    case 'eq':
      return value === low;
    case 'ne':
      return value !== low;
    case 'gt':
      return value > low;
    case 'ge':
      return value >= low;
    case 'lt':
      return value < low;
    case 'le':
      return value <= low;
    case 'between':
      return value >= low && value <= high;
    case 'not_between':
      return value < low || value > high;
  }
}

const SYMBOLS: Record<Bound['op'], string> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  ge: '≥',
  lt: '<',
  le: '≤',
  between: 'between',
  not_between: 'not between',
};

/** "< 10%", "between 0 and 5", for messages. */
export function describeBound(bound: Bound, suffix = ''): string {
  if (Array.isArray(bound.value)) return `${SYMBOLS[bound.op]} ${bound.value[0]}${suffix} and ${bound.value[1]}${suffix}`;
  return `${SYMBOLS[bound.op]} ${bound.value}${suffix}`;
}
