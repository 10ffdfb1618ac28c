import { describe, expect, it } from 'vitest';
import { evaluateMetrics, readFixture } from './evaluate-metrics.js';

const RUN = 'mlruns/0/4f1c2b9e0d7a4c3e8b6a5d2f1e0c9b8a';

function replaceIn(files: Record<string, unknown>, file: string, from: string, to: string): Record<string, string | Buffer | object> {
  const text = String(files[file]);
  if (!text.includes(from)) throw new Error(`${from} is not in ${file}`);
  return { ...(files as Record<string, Buffer>), [file]: text.replace(from, to) };
}

describe('metrics formats', () => {
  it('reads nested JSON keys and array indexes', async () => {
    const base = readFixture('json', 'metrics');
    const head = replaceIn(base, 'metrics/eval.json', '"accuracy": 0.9312', '"accuracy": 0.9100');
    const result = await evaluateMetrics({
      base,
      head,
      rule: { file: 'metrics/eval.json', metrics: { accuracy: { min: 0.9, max_drop: 0.01 }, 'per_class.1.f1': { min: 0.9 } } },
    });
    expect(result.only('min', 'accuracy')).toMatchObject({ status: 'pass', observed: 0.91, expected: '>= 0.9' });
    const drop = result.only('max_drop', 'accuracy');
    expect(drop).toMatchObject({ status: 'fail', observed: 0.91, baseline: 0.9312, file: 'metrics/eval.json', line: 2 });
    expect(drop.message).toBe('accuracy dropped by 0.0212 (0.9312 → 0.91); at most 0.01 allowed');
    expect(result.only('min', 'per_class.1.f1')).toMatchObject({ status: 'pass', observed: 0.9188 });
  });

  it('reads YAML, with lines for failures', async () => {
    const base = readFixture('yaml');
    const head = replaceIn(base, 'eval.yaml', 'accuracy: 0.9204', 'accuracy: 0.8804');
    const result = await evaluateMetrics({
      base,
      head,
      rule: { file: 'eval.yaml', metrics: { 'slices.*.accuracy': { min: 0.9 } } },
    });
    expect(result.only('min', 'slices.female.accuracy')).toMatchObject({ status: 'fail', observed: 0.8804, file: 'eval.yaml', line: 8 });
    expect(result.only('min', 'slices.male.accuracy').status).toBe('pass');
  });

  it('reads a Keras CSVLogger log, one metric per column, from its last row', async () => {
    const base = readFixture('csv');
    const result = await evaluateMetrics({
      base,
      head: base,
      rule: { file: 'training-log.csv', metrics: { val_accuracy: { min: 0.95 }, epoch: { min: 2 } } },
    });
    expect(result.only('min', 'val_accuracy')).toMatchObject({
      status: 'fail',
      observed: 0.9012500047683716,
      line: 4,
      file: 'training-log.csv',
    });
    expect(result.only('min', 'epoch').observed).toBe(2);
  });

  it('reads a name,value CSV table, and a metric,value one', async () => {
    const base = readFixture('csv');
    const result = await evaluateMetrics({
      base,
      head: { ...base, 'other.csv': 'metric,value,step\nf1,0.5,1\nf1,0.8,2\n' },
      rule: { file: 'metrics-table.csv', metrics: { 'slices.*.accuracy': { max_gap: 0.01 } } },
    });
    const gap = result.only('max_gap');
    expect(gap.status).toBe('fail');
    expect(gap.samples).toEqual([
      { slice: 'male', key: 'slices.male.accuracy', value: 0.9398 },
      { slice: 'female', key: 'slices.female.accuracy', value: 0.9204 },
    ]);
    const other = await evaluateMetrics({
      base: null,
      head: { 'other.csv': 'metric,value,step\nf1,0.5,1\nf1,0.8,2\n' },
      rule: { file: 'other.csv', metrics: { f1: { min: 0.7 } } },
    });
    // A repeated name is a log: its last row wins.
    expect(other.only('min', 'f1')).toMatchObject({ status: 'pass', observed: 0.8 });
  });

  it('reads the metrics files a dvc.yaml lists, merged, with findings pointing at the metrics file', async () => {
    const base = readFixture('dvc');
    const head = replaceIn(base, 'eval/metrics.json', '"test": 0.9319648794149968', '"test": 0.9019648794149968');
    const result = await evaluateMetrics({
      base,
      head,
      rule: { file: 'dvc.yaml', metrics: { 'roc_auc.test': { max_drop: 0.01 }, 'train.loss': { max: 0.5 } } },
    });
    expect(result.only('max_drop', 'roc_auc.test')).toMatchObject({
      status: 'fail',
      file: 'eval/metrics.json',
      line: 8,
      baseline: 0.9319648794149968,
    });
    expect(result.only('max', 'train.loss')).toMatchObject({ status: 'pass', file: 'dvclive/metrics.json', observed: 0.3012544512748718 });
    expect(result.findings.some((f) => f.check.startsWith('metrics.'))).toBe(false);
  });

  it('reports a metrics file that dvc.yaml lists but git does not have', async () => {
    const base = readFixture('dvc');
    const { 'dvclive/metrics.json': _dropped, ...head } = base;
    const result = await evaluateMetrics({ base, head, rule: { file: 'dvc.yaml', metrics: { step: { min: 1 } } } });
    const missing = result.only('file');
    expect(missing.status).toBe('fail');
    expect(missing.file).toBe('dvclive/metrics.json');
    expect(missing.message).toContain('listed in dvc.yaml');
  });

  it('reads an MLflow run folder: the value at the highest step, nested metric names', async () => {
    const base = readFixture('mlflow');
    const head = { ...base, [`${RUN}/metrics/accuracy`]: '1717000100123 0.8125 0\n1717000300789 0.93 2\n1717000200456 0.8875 1\n' };
    const result = await evaluateMetrics({
      base,
      head,
      headAsCommit: true,
      rule: { file: RUN, metrics: { accuracy: { max_rise: 0.01 }, 'val/f1': { min: 0.9 } } },
    });
    // Logged out of order: the latest is step 2 (line 2), not the last line.
    const rise = result.only('max_rise', 'accuracy');
    expect(rise).toMatchObject({ status: 'fail', observed: 0.93, baseline: 0.90125, file: `${RUN}/metrics/accuracy`, line: 2 });
    expect(result.only('min', 'val/f1')).toMatchObject({ status: 'fail', file: `${RUN}/metrics/val/f1`, line: 1 });
  });

  it('refuses a folder that is not an MLflow run', async () => {
    const result = await evaluateMetrics({
      base: null,
      head: { 'runs/notes.txt': 'x' },
      rule: { file: 'runs', metrics: { a: { min: 0 } } },
    });
    expect(result.only('file')).toMatchObject({ status: 'error', file: 'runs' });
    expect(result.only('file').message).toContain('has no metrics/ folder');
  });

  it('reads a W&B summary, leaving out bookkeeping keys, histograms and tables', async () => {
    const base = readFixture('wandb', 'wandb/run-20240529_120000-k2j4h5g6/files');
    const file = 'wandb/run-20240529_120000-k2j4h5g6/files/wandb-summary.json';
    const head = replaceIn(base, file, '"lr":0.0001,', '"lr":0.0001,"val/auc":0.97,');
    const result = await evaluateMetrics({ base, head, rule: { file, metrics: { 'val/accuracy': { min: 0.93 } } } });
    expect(result.only('min', 'val/accuracy')).toMatchObject({ status: 'pass', observed: 0.9312000274658203 });
    expect(result.only('metrics.added').samples).toEqual(['val/auc']);
    expect(result.findings.filter((f) => f.check === 'metrics.removed')).toEqual([]);

    const bookkeeping = await evaluateMetrics({ base: null, head, rule: { file, metrics: { '*': { min: 0 } } } });
    const checked = bookkeeping.findings.map((f) => f.subject);
    expect(checked).toEqual(expect.arrayContaining(['epoch', 'lr', 'val/auc']));
    expect(checked.filter((key) => key?.startsWith('_') || key?.startsWith('gradients') || key?.startsWith('predictions'))).toEqual([]);
    // `model_name` is a string: a wildcard that matches it says so rather than skipping it.
    expect(bookkeeping.only('value', 'model_name').status).toBe('error');
  });

  it('honours an explicit format for a file whose name says nothing', async () => {
    const result = await evaluateMetrics({
      base: null,
      head: { 'out/scores.txt': 'accuracy: 0.95\n' },
      rule: { file: 'out/scores.txt', format: 'yaml', metrics: { accuracy: { min: 0.9 } } },
    });
    expect(result.only('min').status).toBe('pass');
    const unknown = await evaluateMetrics({
      base: null,
      head: { 'out/scores.txt': 'accuracy: 0.95\n' },
      rule: { file: 'out/scores.txt', metrics: { accuracy: { min: 0.9 } } },
    });
    expect(unknown.only('file').message).toContain('set `format:`');
  });
});
