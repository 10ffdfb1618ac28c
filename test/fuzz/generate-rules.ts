import { stringify } from 'yaml';
import type { MetricsFormat } from './generate-inputs.js';
import type { Random } from './random.js';

export interface GeneratedCase {
  /** Repository-relative path → content, written into the working tree. */
  files: Record<string, string>;
  /** Whether a data-contract rule is in it (the slow kind: DuckDB loads the data). */
  dataContract: boolean;
}

const METRIC_CHECKS = ['min', 'max', 'max_drop', 'max_rise', 'max_drop_pct', 'max_rise_pct'] as const;

/** The path a rule names: usually the generated file, sometimes one an attacker would try. */
function rulePath(random: Random, real: string): string {
  if (random.chance(0.9)) return real;
  return random.pick([
    '.git/config',
    '.GIT/HEAD',
    'sub/.git/config',
    '../outside.json',
    '/etc/passwd',
    'missing.json',
    '**/*.json',
    'metrics',
    '',
    'metrics/../metrics/m.json',
    'fifo.json',
    'git-link.json',
    'loop.json',
  ]);
}

function metricsRule(random: Random, file: string, format: MetricsFormat): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (let i = random.int(1, 4); i > 0; i--) {
    const checks: Record<string, unknown> = {};
    for (const check of METRIC_CHECKS) if (random.chance(0.3)) checks[check] = Math.abs(random.number());
    if (Object.keys(checks).length === 0) checks.min = 0;
    // min above max is refused when the file loads; keep most rule files past that check.
    if (typeof checks.min === 'number' && typeof checks.max === 'number' && random.chance(0.9)) checks.max = checks.min + 1;
    metrics[random.chance(0.8) ? random.pick(['accuracy', 'f1', 'loss', 'auc']) : random.name()] = checks;
  }
  if (random.chance(0.3)) metrics['slices.*.accuracy'] = { max_gap: Math.abs(random.number()) };
  const rule: Record<string, unknown> = { id: `m${random.int(0, 99)}`, kind: 'metrics', file: rulePath(random, file), metrics };
  if (random.chance(0.2)) rule.format = random.pick(['auto', format, 'json', 'yaml', 'csv', 'wandb']);
  return rule;
}

function dataContractRule(random: Random, file: string): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    id: { type: 'integer', unique: random.chance(0.5), required: random.chance(0.5) },
    age: { min: random.int(-1, 10), max: random.int(50, 200) },
    label: { enum: [0, 1] },
  };
  if (random.chance(0.3)) columns.note = { pattern: random.pick(['^[a-z_0-9]+$', '^(a|aa)+$', '[', '.*']), max_length: random.int(1, 50) };
  const rule: Record<string, unknown> = { id: `d${random.int(0, 99)}`, kind: 'data-contract', data: rulePath(random, file), columns };
  if (random.chance(0.5)) rule.rows = { min: random.int(0, 20) };
  if (random.chance(0.2))
    rule.sql = [
      {
        name: 'n',
        query: random.pick([
          'SELECT count(*) FROM data',
          'SELECT avg(age) FROM data',
          'SELECT 1/0',
          "SELECT * FROM read_csv('/etc/passwd')",
        ]),
        min: 0,
      },
    ];
  return rule;
}

/** One rule file with its inputs: metrics rules always, a data contract in a small share. */
export function generateCase(
  random: Random,
  metricsFile: (format: MetricsFormat) => string,
  rows: (format: 'csv' | 'jsonl') => string,
): GeneratedCase {
  const files: Record<string, string> = {};
  const rules: Record<string, unknown>[] = [];
  for (let i = random.int(1, 3); i > 0; i--) {
    const format = random.pick(['json', 'yaml', 'csv'] as const);
    const file = `metrics/m${i}.${format === 'yaml' ? random.pick(['yaml', 'yml']) : format}`;
    files[file] = metricsFile(format);
    rules.push(metricsRule(random, file, format));
  }
  const dataContract = random.chance(0.03);
  if (dataContract) {
    const format = random.pick(['csv', 'jsonl'] as const);
    files[`data/rows.${format}`] = rows(format);
    rules.push(dataContractRule(random, `data/rows.${format}`));
  }
  const document: Record<string, unknown> = { version: 1, rules };
  if (random.chance(0.2))
    document.defaults = { severity: random.pick(['error', 'warning']), on_missing: random.pick(['fail', 'warn', 'skip']) };
  let text = stringify(document);
  if (random.chance(0.15)) text = random.mutate(text);
  else if (random.chance(0.05)) text += random.pick(['rules: []\n', 'version: 2\n', 'x: &a [1]\ny: *a\n', 'include: ["**/*.yml"]\n']);
  files['.github/ml-guardrails.yml'] = text;
  return { files, dataContract };
}
