import path from 'node:path';
import { InputError } from '../../errors.js';
import type { Workspace } from '../../git/workspace.js';
import { isAbsent, type MetricsAbsent, type MetricTable } from './metric-table.js';
import type { MetricsFormatOption } from './options.js';
import { readCsvMetrics } from './read-csv.js';
import { readDvcMetrics } from './read-dvc.js';
import { readMlflowRun } from './read-mlflow.js';
import { readJsonMetrics, readWandbSummary, readYamlMetrics } from './read-structured.js';

export type MetricsFormat = Exclude<MetricsFormatOption, 'auto'>;

export type LoadResult =
  | { status: 'ok'; table: MetricTable }
  | ({ status: 'absent' } & MetricsAbsent)
  | { status: 'invalid'; error: InputError };

/**
 * The format of a metrics input: the one the rule names, else from the file name, else (for a
 * folder) an MLflow run. Decided once on the head side and used for the baseline too, so a
 * run folder missing at the baseline still reads as "absent", not as an unknown format.
 */
export async function detectFormat(workspace: Workspace, file: string, requested: MetricsFormatOption): Promise<MetricsFormat> {
  if (requested !== 'auto') return requested;
  const name = path.posix.basename(file).toLowerCase();
  const extension = path.posix.extname(name);
  if (name === 'wandb-summary.json') return 'wandb';
  if (name === 'dvc.yaml' || name === 'dvc.yml') return 'dvc';
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.csv') return 'csv';
  if (await workspace.isDirectory(file)) return 'mlflow';
  if (!(await workspace.exists(file))) return 'json'; // absent anyway: reported as such
  throw new InputError(`cannot tell the format of ${file} from its name`, {
    file,
    hint: 'set `format:` to json, yaml, csv, dvc, mlflow or wandb',
  });
}

/** Reads the metrics of one side; malformed input becomes an `invalid` result, never a throw. */
export async function loadMetrics(workspace: Workspace, file: string, format: MetricsFormat): Promise<LoadResult> {
  try {
    const read = await readFormat(workspace, file, format);
    return isAbsent(read) ? { status: 'absent', ...read } : { status: 'ok', table: read };
  } catch (error) {
    if (error instanceof InputError) return { status: 'invalid', error };
    throw error;
  }
}

function readFormat(workspace: Workspace, file: string, format: MetricsFormat): Promise<MetricTable | MetricsAbsent> {
  switch (format) {
    case 'json':
      return readJsonMetrics(workspace, file);
    case 'yaml':
      return readYamlMetrics(workspace, file);
    case 'csv':
      return readCsvMetrics(workspace, file);
    case 'dvc':
      return readDvcMetrics(workspace, file);
    case 'mlflow':
      return readMlflowRun(workspace, file);
    case 'wandb':
      return readWandbSummary(workspace, file);
  }
}
