import { InputError } from '../../errors.js';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { addEntry, type MetricsAbsent, type MetricTable, type MetricValue, parseNumberText } from './metric-table.js';

interface Sample {
  timestamp: number;
  step: number;
  value: MetricValue;
  line: number;
}

/**
 * An MLflow run folder as the file store writes it (`mlruns/<experiment>/<run>/`): one file per
 * metric under `metrics/` (names with `/` become sub-folders), one `<timestamp> <value> <step>`
 * line per logged value. The value kept is the one MLflow itself reports as the run's metric:
 * the highest step, then the latest timestamp, then the last line.
 */
export async function readMlflowRun(workspace: Workspace, folder: string): Promise<MetricTable | MetricsAbsent> {
  if (!(await workspace.exists(folder))) return { absent: folder };
  const metricsFolder = folder === '' ? 'metrics' : `${folder}/metrics`;
  if (!(await workspace.isDirectory(metricsFolder))) {
    throw new InputError(`${folder} is not an MLflow run folder: it has no metrics/ folder`, {
      file: folder,
      hint: 'point `file` at mlruns/<experiment-id>/<run-id>',
    });
  }
  const table: MetricTable = { entries: new Map() };
  for (const file of await workspace.listFiles(metricsFolder)) {
    const text = (await workspace.readText(file, INPUT_LIMITS.fileBytes)) ?? '';
    const latest = pickLatest(parseSamples(text, file));
    addEntry(table, {
      key: file.slice(metricsFolder.length + 1),
      value: latest?.value ?? { kind: 'other', description: 'empty (no value was logged)' },
      file,
      locate: () => latest?.line ?? null,
    });
  }
  return table;
}

function parseSamples(text: string, file: string): Sample[] {
  const samples: Sample[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    const [timestamp, value, step = '0'] = fields;
    if (fields.length > 3 || value === undefined || !/^\d+$/.test(timestamp ?? '') || !/^-?\d+$/.test(step)) {
      throw new InputError(`${file} line ${index + 1} is not an MLflow metric line; expected "<timestamp> <value> <step>"`, {
        file,
        line: index + 1,
      });
    }
    samples.push({ timestamp: Number(timestamp), step: Number(step), value: parseNumberText(value), line: index + 1 });
  });
  return samples;
}

function pickLatest(samples: Sample[]): Sample | undefined {
  let latest: Sample | undefined;
  for (const sample of samples) {
    if (latest === undefined || sample.step > latest.step || (sample.step === latest.step && sample.timestamp >= latest.timestamp)) {
      latest = sample;
    }
  }
  return latest;
}
