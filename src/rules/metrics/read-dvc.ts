import path from 'node:path';
import { InputError } from '../../errors.js';
import { toRepoPath } from '../../git/repo-path.js';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { isAbsent, type MetricsAbsent, type MetricTable } from './metric-table.js';
import { readCsvMetrics } from './read-csv.js';
import { parseYaml, readJsonMetrics, readYamlMetrics } from './read-structured.js';

/**
 * A DVC pipeline file (`dvc.yaml`): the metrics files it lists, under the top-level `metrics:`
 * (DVCLive) and under each stage's `metrics:` (relative to the stage's `wdir`), are read and
 * merged into one set of keys, without a file prefix, so a rule names `accuracy` whichever
 * stage writes it, as `dvc metrics show` does per file. A key found in two of the files is
 * ambiguous and fails when a rule names it; findings point at the metrics file, not dvc.yaml.
 * The files are DVC outputs, so the workspace should read them through `withDvcOutputs`.
 */
export async function readDvcMetrics(workspace: Workspace, dvcFile: string): Promise<MetricTable | MetricsAbsent> {
  const text = await workspace.readText(dvcFile, INPUT_LIMITS.fileBytes);
  if (text === null) return { absent: dvcFile };
  const files = listMetricsFiles(parseYaml(text, dvcFile), dvcFile);
  if (files.length === 0) {
    throw new InputError(`${dvcFile} lists no metrics files; expected a \`metrics:\` list at the top or in a stage`, { file: dvcFile });
  }
  const table: MetricTable = { entries: new Map() };
  for (const file of files) {
    const read = await readListedFile(workspace, file, table);
    if (isAbsent(read)) {
      const remedy = 'run `dvc repro` or `dvc pull` before ml-guardrails, or commit it with `cache: false`';
      return {
        absent: file,
        reason: `listed in ${dvcFile}, and not recorded as a DVC output (dvc.lock, a folder output's listing, a .dvc file) either; ${remedy}`,
      };
    }
  }
  return table;
}

function readListedFile(workspace: Workspace, file: string, table: MetricTable): Promise<MetricTable | MetricsAbsent> {
  const extension = path.posix.extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return readYamlMetrics(workspace, file, table);
  if (extension === '.csv') return readCsvMetrics(workspace, file, table);
  if (extension === '.toml') {
    throw new InputError(`${file} is a TOML metrics file, which is not supported; write the metrics as JSON or YAML`, { file });
  }
  return readJsonMetrics(workspace, file, table);
}

/** Repository-relative paths of the metrics files a dvc.yaml lists, in order, without repeats. */
function listMetricsFiles(document: unknown, dvcFile: string): string[] {
  const folder = path.posix.dirname(dvcFile);
  const files = new Set<string>();
  const add = (entries: unknown, wdir: string): void => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries) {
      // An entry is a path, or a one-key mapping from the path to its flags ({cache: false}).
      const name = typeof entry === 'string' ? entry : isRecord(entry) ? Object.keys(entry)[0] : undefined;
      if (name === undefined) continue;
      if (name.includes('${')) {
        throw new InputError(`${dvcFile} lists the templated metrics path "${name}", which cannot be resolved here`, {
          file: dvcFile,
          hint: 'point `file` at the metrics file itself',
        });
      }
      files.add(toRepoPath(path.posix.join(folder, wdir, name), { file: dvcFile }));
    }
  };
  if (!isRecord(document)) return [];
  add(document.metrics, '.');
  if (isRecord(document.stages)) {
    for (const stage of Object.values(document.stages)) {
      if (isRecord(stage)) add(stage.metrics, typeof stage.wdir === 'string' ? stage.wdir : '.');
    }
  }
  return [...files];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
