import { describe, expect, it } from 'vitest';
import { evaluateMetrics, readFixture } from './evaluate-metrics.js';

const slices = (female: number, male: number, unknown: number) => ({
  accuracy: 0.93,
  slices: { female: { accuracy: female }, male: { accuracy: male }, unknown: { accuracy: unknown } },
});

describe('wildcard metrics and max_gap', () => {
  it('fails a gap over the bound, naming the best and the worst slice and the baseline gap', async () => {
    const result = await evaluateMetrics({
      base: { 'm.json': slices(0.92, 0.94, 0.93) },
      head: { 'm.json': slices(0.87, 0.95, 0.93) },
      rule: { file: 'm.json', metrics: { 'slices.*.accuracy': { max_gap: 0.05 } } },
    });
    const gap = result.only('max_gap');
    expect(gap).toMatchObject({ status: 'fail', expected: 'gap <= 0.05', subject: 'slices.*.accuracy', file: 'm.json' });
    expect(gap.observed).toBeCloseTo(0.08, 12);
    expect(gap.baseline).toBeCloseTo(0.02, 12);
    // The line of the worst slice, where a fix would be looked for.
    expect(gap.line).toBe(5);
    expect(gap.message).toBe(
      'slices.*.accuracy differs by 0.08 (0.02 at the baseline) between male (0.95) and female (0.87) across 3 slices; at most 0.05 allowed',
    );
    expect(gap.samples).toEqual([
      { slice: 'male', key: 'slices.male.accuracy', value: 0.95 },
      { slice: 'female', key: 'slices.female.accuracy', value: 0.87 },
    ]);
  });

  it('passes a gap equal to the bound', async () => {
    const result = await evaluateMetrics({
      base: null,
      head: { 'm.json': slices(0.9, 0.95, 0.93) },
      rule: { file: 'm.json', metrics: { 'slices.*.accuracy': { max_gap: 0.05 } } },
    });
    expect(result.only('max_gap').status).toBe('pass');
  });

  it("applies a wildcard's other checks to each matched metric", async () => {
    const result = await evaluateMetrics({
      base: { 'm.json': slices(0.92, 0.94, 0.93) },
      head: { 'm.json': slices(0.89, 0.94, 0.93) },
      rule: { file: 'm.json', metrics: { 'slices.*.accuracy': { min: 0.9, max_drop: 0.02 } } },
    });
    expect(result.findings.filter((f) => f.check === 'min').map((f) => `${f.subject}:${f.status}`)).toEqual([
      'slices.female.accuracy:fail',
      'slices.male.accuracy:pass',
      'slices.unknown.accuracy:pass',
    ]);
    expect(result.only('max_drop', 'slices.female.accuracy').status).toBe('fail');
  });

  it('`*` matches exactly one key segment, and array indexes', async () => {
    const base = readFixture('json');
    const result = await evaluateMetrics({
      base: null,
      head: base,
      rule: { file: 'eval.json', metrics: { '*.accuracy': { min: 0 }, 'per_class.*.f1': { max_gap: 0.01 } } },
    });
    // `slices.female.accuracy` has three segments, so `*.accuracy` does not reach it.
    expect(result.only('pattern', '*.accuracy')).toMatchObject({
      status: 'error',
      message: 'no metric in eval.json matches *.accuracy; `*` stands for exactly one key segment',
    });
    const gap = result.only('max_gap');
    expect(gap.status).toBe('fail');
    expect(gap.message).toContain('differs by 0.0166 between 1 (0.9188) and 0 (0.9022) across 2 slices');
  });

  it('an invalid slice is an error of its own while the others still report', async () => {
    const result = await evaluateMetrics({
      base: null,
      head: { 'm.yaml': 'slices:\n  a:\n    acc: 0.9\n  b:\n    acc: .nan\n  c:\n    acc: 0.92\n' },
      rule: { file: 'm.yaml', metrics: { 'slices.*.acc': { max_gap: 0.05 } } },
    });
    expect(result.only('value', 'slices.b.acc')).toMatchObject({ status: 'error', line: 5 });
    expect(result.only('max_gap')).toMatchObject({ status: 'pass' });
    expect(result.only('max_gap').message).toContain('across 2 slices');
  });

  it('a single matched slice has no gap to measure', async () => {
    const result = await evaluateMetrics({
      base: null,
      head: { 'm.json': { slices: { only: { accuracy: 0.9 } } } },
      rule: { file: 'm.json', metrics: { 'slices.*.accuracy': { max_gap: 0.01 } } },
    });
    expect(result.only('max_gap')).toMatchObject({
      status: 'pass',
      observed: 0,
      message: 'only one slice matches slices.*.accuracy (only), so there is no gap to measure',
    });
  });
});
