import { InputError } from '../../errors.js';
import { INPUT_LIMITS } from '../limits.js';

/**
 * The metrics read from one side of the comparison, whatever format they came from: a flat
 * map from dotted key to value, each remembering the file that holds it and how to find its
 * line (looked up only when a finding needs one, so large runs stay fast).
 */

export type MetricValue =
  /** A number as the file holds it: NaN and ±Infinity included, so they can be reported. */
  | { kind: 'number'; value: number }
  /** Anything else (a string, a boolean, null), described for a message. */
  | { kind: 'other'; description: string }
  /** A key defined twice, in one file or in two (DVC metrics files), with what to do about it. */
  | { kind: 'ambiguous'; description: string; remedy: string };

export interface MetricEntry {
  /** Dotted key: `accuracy`, `slices.male.accuracy`, `per_class.0.f1`. */
  key: string;
  value: MetricValue;
  /** Repository-relative file that holds this metric. */
  file: string;
  /** The metric's line in `file`, or null when it cannot be told. */
  locate(): number | null;
}

export interface MetricTable {
  /** Keys in file order. */
  entries: Map<string, MetricEntry>;
}

/** A metrics input that does not exist on this side: the path that was looked for. */
export interface MetricsAbsent {
  absent: string;
  /** Why that path was read, when it is not the rule's own `file` (e.g. listed in dvc.yaml). */
  reason?: string | undefined;
}

export function isAbsent(value: MetricTable | MetricsAbsent): value is MetricsAbsent {
  return 'absent' in value;
}

/** Where in a parsed document a value sits: object keys and array indexes. */
export type ValuePath = (string | number)[];

export interface FlattenOptions {
  file: string;
  /** Line of a value path, computed lazily. */
  locate(path: ValuePath): number | null;
  /** Subtrees to leave out (W&B bookkeeping keys and media objects). */
  skip?: ((key: string, value: unknown) => boolean) | undefined;
}

/** Adds every leaf of a parsed JSON/YAML value to `table` under its dotted key. */
export function flattenInto(table: MetricTable, root: unknown, options: FlattenOptions): void {
  const visit = (value: unknown, path: ValuePath): void => {
    if (value !== null && typeof value === 'object') {
      const children = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [name, child] of children) {
        if (options.skip?.(String(name), child)) continue;
        visit(child, [...path, name]);
      }
      return;
    }
    if (path.length === 0) return; // a bare scalar document has no metric names
    addEntry(table, {
      key: path.join('.'),
      value: describeValue(value),
      file: options.file,
      locate: () => options.locate(path),
    });
  };
  visit(root, []);
}

/**
 * Adds one metric. A key seen twice (`{"a.b": 1, "a": {"b": 2}}`, or the same key in two DVC
 * metrics files) is ambiguous, so it becomes a value that fails when a rule names it.
 */
export function addEntry(table: MetricTable, entry: MetricEntry): void {
  const existing = table.entries.get(entry.key);
  if (existing === undefined) {
    if (table.entries.size >= INPUT_LIMITS.metricValues) {
      const most = INPUT_LIMITS.metricValues.toLocaleString('en-US');
      throw new InputError(`${entry.file} holds more than ${most} metrics, the most that one rule reads`, {
        file: entry.file,
        hint: 'point `file:` at a smaller metrics file, or split the metrics over several rules',
      });
    }
    table.entries.set(entry.key, entry);
    return;
  }
  const sameFile = existing.file === entry.file;
  const description = sameFile ? `defined twice in ${entry.file}` : `defined in both ${existing.file} and ${entry.file}`;
  const remedy = sameFile ? 'keep one of the two' : 'point `file:` at one of them';
  table.entries.set(entry.key, { ...existing, value: { kind: 'ambiguous', description, remedy } });
}

export function describeValue(value: unknown): MetricValue {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'other', description: `the string ${JSON.stringify(truncate(value))}` };
  if (value === null || value === undefined) return { kind: 'other', description: 'empty (null)' };
  return { kind: 'other', description: `${typeof value} ${String(value)}` };
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number written as text (CSV cells, MLflow metric files), with the spellings tools use for
 * non-finite values (`nan`, `NaN`, `inf`, `-Infinity`) read as such so they are reported as
 * NaN or infinite rather than as "not a number".
 */
export function parseNumberText(text: string): MetricValue {
  const trimmed = text.trim();
  if (NUMBER_TEXT.test(trimmed)) return { kind: 'number', value: Number(trimmed) };
  if (/^[+-]?nan$/i.test(trimmed)) return { kind: 'number', value: Number.NaN };
  const infinity = /^([+-]?)inf(inity)?$/i.exec(trimmed);
  if (infinity !== null) return { kind: 'number', value: infinity[1] === '-' ? -Infinity : Infinity };
  if (trimmed === '') return { kind: 'other', description: 'empty' };
  return { kind: 'other', description: `the text ${JSON.stringify(truncate(trimmed))}` };
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
