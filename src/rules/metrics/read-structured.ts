import { readYamlDocument } from '../../config/yaml-document.js';
import { InputError } from '../../errors.js';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { parseJsonLocated } from '../parse-json.js';
import { createKeyLocator } from './locate-key.js';
import { type FlattenOptions, flattenInto, type MetricsAbsent, type MetricTable } from './metric-table.js';

/** A JSON metrics file: `{"accuracy": 0.93, "slices": {"a": {"accuracy": 0.91}}}`. */
export async function readJsonMetrics(workspace: Workspace, file: string, table = newTable()): Promise<MetricTable | MetricsAbsent> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return { absent: file };
  const { value, locate } = parseJsonLocated(text, file, INPUT_LIMITS.metricValues);
  flattenInto(table, value, { file, locate });
  return table;
}

/**
 * A W&B run summary (`wandb-summary.json`). Keys starting with `_` are W&B's bookkeeping
 * (`_runtime`, `_step`, `_timestamp`, `_wandb`), and objects with a `_type` are media, tables
 * or histograms, not scalars: both are left out, so they are neither checked nor listed as
 * added or removed.
 */
export async function readWandbSummary(workspace: Workspace, file: string): Promise<MetricTable | MetricsAbsent> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return { absent: file };
  const table = newTable();
  const { value, locate } = parseJsonLocated(text, file, INPUT_LIMITS.metricValues);
  const options: FlattenOptions = { file, locate, skip: isWandbBookkeeping };
  flattenInto(table, value, options);
  return table;
}

function isWandbBookkeeping(key: string, value: unknown): boolean {
  return key.startsWith('_') || (value !== null && typeof value === 'object' && '_type' in value);
}

/** A YAML metrics file. YAML can hold `.nan` and `.inf`, which are reported as such. */
export async function readYamlMetrics(workspace: Workspace, file: string, table = newTable()): Promise<MetricTable | MetricsAbsent> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return { absent: file };
  checkYamlSize(text, file);
  flattenInto(table, parseYaml(text, file), { file, locate: createKeyLocator(text) });
  return table;
}

/**
 * Parses YAML text in linear time, turning the first syntax error, duplicate key, alias bomb or
 * too deep nesting into an InputError with its line.
 */
export function parseYaml(text: string, file: string): unknown {
  const reading = readYamlDocument(text);
  if (reading.ok) return reading.data;
  const { message, line, column, hint } = reading.problem;
  throw new InputError(`${file} is not valid YAML: ${message}`, { file, line, column, hint });
}

/**
 * Refuses, before parsing, a YAML text that may hold more values than are read from YAML (its
 * parser costs ~75 µs a value): each key or item needs a `:`, `-`, `,` or `?`, so twice the
 * limit of those is a cheap bound that a real metrics file stays far below.
 */
function checkYamlSize(text: string, file: string): void {
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3a || code === 0x2d || code === 0x2c || code === 0x3f) marks++;
  }
  if (marks <= 2 * INPUT_LIMITS.yamlMetricValues) return;
  throw new InputError(
    `${file} may hold more than ${INPUT_LIMITS.yamlMetricValues.toLocaleString('en-US')} values, the most that is read in YAML`,
    {
      file,
      hint: 'a metrics file this large is not judged; keep fewer metrics in it',
    },
  );
}

export function newTable(): MetricTable {
  return { entries: new Map() };
}
