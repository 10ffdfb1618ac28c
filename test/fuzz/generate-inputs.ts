import { stringify } from 'yaml';
import type { Random } from './random.js';

export type MetricsFormat = 'json' | 'yaml' | 'csv';

/** A metrics file of the given format: mostly well formed, sometimes hostile or malformed. */
export function generateMetricsFile(random: Random, format: MetricsFormat): string {
  const tree = metricsTree(random, random.int(0, 3));
  let text: string;
  if (format === 'json') text = jsonText(random, tree);
  else if (format === 'yaml') text = random.chance(0.1) ? yamlTrick(random) : stringify(tree);
  else text = csvMetrics(random, tree);
  return random.chance(0.15) ? random.mutate(text) : text;
}

function metricsTree(random: Random, depth: number): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (let i = random.int(0, 6); i > 0; i--) {
    const key = random.name();
    tree[key] = depth > 0 && random.chance(0.3) ? metricsTree(random, depth - 1) : random.scalar();
  }
  if (random.chance(0.4)) {
    const slices: Record<string, unknown> = {};
    for (const slice of ['a', 'b', 'c.d', random.name()]) slices[slice] = { accuracy: random.number() };
    tree.slices = slices;
  }
  return tree;
}

/** JSON as Python writes it (NaN, Infinity), with an occasional duplicate key or deep nesting. */
function jsonText(random: Random, tree: Record<string, unknown>): string {
  const text = JSON.stringify(tree, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? `@@${value}` : value), 2);
  const python = text.replace(/"@@(NaN|Infinity|-Infinity)"/g, '$1');
  const roll = random.next();
  if (roll < 0.05) return python.replace(/^\{/, `{"accuracy": ${random.number()}, "accuracy": 0.5,`);
  if (roll < 0.08) return `${'['.repeat(random.int(50, 5000))}1`;
  if (roll < 0.1) return `{"a": NaN, "b": -Infinity, "c": ${random.pick(['1e999', '-0', '0.0000', '"\\u0000"'])}}`;
  return python;
}

/** YAML features a rule file or metrics file should never need: aliases, tags, merge keys. */
function yamlTrick(random: Random): string {
  return random.pick([
    'a: &x [1, 2]\nb: *x\nc: [*x, *x, *x]\n',
    'x: &a [a, a, a, a, a, a, a, a, a]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
    'accuracy: !!float 0.9\nf1: !!str 0.8\n',
    '<<: {accuracy: 0.9}\nloss: .nan\n',
    'accuracy: 0.9\naccuracy: 0.1\n',
    '? [complex, key]\n: 1\n',
    `${'a:\n'.split('').join('')}${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`,
    '--- \naccuracy: 1\n--- \naccuracy: 2\n',
    '',
    '~',
  ]);
}

/** Either a name,value table or one column per metric (a Keras CSVLogger log). */
function csvMetrics(random: Random, tree: Record<string, unknown>): string {
  const entries = Object.entries(tree).filter(([, value]) => typeof value !== 'object' || value === null);
  if (random.chance(0.5)) return `name,value\n${entries.map(([k, v]) => `${csvCell(k)},${csvCell(v)}`).join('\n')}\n`;
  const rows = Array.from({ length: random.int(0, 4) }, () => entries.map(() => csvCell(random.scalar())).join(','));
  return `${entries.map(([k]) => csvCell(k)).join(',')}\n${rows.join('\n')}\n`;
}

export function csvCell(value: unknown): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const DATA_COLUMNS = ['id', 'age', 'label', 'note'] as const;

/** Rows for a data contract: CSV or JSONL, with type clashes, blanks and broken lines. */
export function generateRows(random: Random, format: 'csv' | 'jsonl'): string {
  const rows: Record<string, unknown>[] = [];
  for (let i = random.int(0, 30); i > 0; i--) {
    rows.push({
      id: random.chance(0.9) ? i : random.scalar(),
      age: random.chance(0.8) ? random.int(-5, 130) : random.scalar(),
      label: random.chance(0.8) ? random.int(0, 1) : random.scalar(),
      note: random.chance(0.5) ? random.name() : random.scalar(),
    });
  }
  let text: string;
  if (format === 'jsonl') text = rows.map((row) => JSON.stringify(row)).join('\n');
  else text = [DATA_COLUMNS.join(','), ...rows.map((row) => DATA_COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\n');
  return random.chance(0.15) ? random.mutate(text) : `${text}\n`;
}
