import { describe, expect, it } from 'vitest';
import { evaluateMetrics } from './evaluate-metrics.js';

const rule = { file: 'm.json', metrics: { accuracy: { min: 0.9, max_drop: 0.01, max_drop_pct: 2 } } };

describe('metrics against the baseline', () => {
  it('without a baseline workspace, baseline checks follow on_missing while min still runs', async () => {
    for (const [policy, status] of [
      ['fail', 'fail'],
      ['warn', 'warn'],
      ['skip', 'skip'],
    ] as const) {
      const result = await evaluateMetrics({ base: null, head: { 'm.json': { accuracy: 0.95 } }, rule, on_missing: policy });
      expect(result.only('min').status).toBe('pass');
      const missing = result.only('baseline', 'accuracy');
      expect(missing).toMatchObject({ status, observed: 0.95, expected: 'drop <= 0.01, drop <= 2%', file: 'm.json' });
      expect(missing.message).toMatch(/^no baseline for accuracy: the test gave none, so max_drop, max_drop_pct are not checked/);
      expect(result.findings.filter((f) => f.check === 'max_drop')).toEqual([]);
    }
  });

  it('a file the PR adds is new, not missing: relative checks are skipped whatever on_missing says, bounds still apply', async () => {
    for (const policy of ['fail', 'warn'] as const) {
      const result = await evaluateMetrics({
        base: { 'README.md': 'hello' },
        head: { 'README.md': 'hello', 'm.json': { accuracy: 0.8 } },
        rule: { file: 'm.json', metrics: { accuracy: { min: 0.9, max_drop: 0.01 } } },
        on_missing: policy,
      });
      expect(result.only('min')).toMatchObject({ status: 'fail', line: 2 });
      const added = result.only('baseline');
      expect(added).toMatchObject({ status: 'skip', observed: 0.8, expected: 'drop <= 0.01', file: 'm.json' });
      expect(added.message).toMatch(
        /^accuracy is new in this PR \(m\.json does not exist at [0-9a-f]{7}\), so max_drop has nothing to compare with$/,
      );
      // No baseline table, so nothing is listed as added or removed.
      expect(result.findings.filter((f) => f.check.startsWith('metrics.'))).toEqual([]);
    }
  });

  it('a file the PR removes still follows on_missing', async () => {
    const result = await evaluateMetrics({
      base: { 'm.json': { accuracy: 0.9 } },
      head: { 'README.md': 'hello' },
      rule: { file: 'm.json', metrics: { accuracy: { min: 0.5, max_drop: 0.01 } } },
      on_missing: 'warn',
    });
    expect(result.only('file')).toMatchObject({
      status: 'warn',
      message: 'm.json does not exist in the working tree; expected the metrics to check',
    });
  });

  it("a metric absent or NaN at the baseline only skips that metric's baseline checks", async () => {
    const result = await evaluateMetrics({
      base: { 'm.yaml': 'f1: .nan\nloss: 0.3\n' },
      head: { 'm.yaml': 'f1: 0.8\nloss: 0.31\naccuracy: 0.9\n' },
      rule: { file: 'm.yaml', metrics: { accuracy: { max_drop: 0.01 }, f1: { max_drop: 0.01 }, loss: { max_rise: 0.05 } } },
    });
    // A metric the PR adds to an existing file is new too: skipped, not failed.
    expect(result.only('baseline', 'accuracy')).toMatchObject({ status: 'skip', observed: 0.9 });
    expect(result.only('baseline', 'accuracy').message).toMatch(
      /^accuracy is new in this PR \(not in m\.yaml at [0-9a-f]{7}\), so max_drop has nothing to compare with$/,
    );
    expect(result.only('baseline', 'f1').status).toBe('fail');
    expect(result.only('baseline', 'f1').message).toMatch(/^no baseline for f1: it is NaN at [0-9a-f]{7}, so max_drop is not checked$/);
    expect(result.only('max_rise', 'loss')).toMatchObject({ status: 'pass', baseline: 0.3, observed: 0.31 });
  });

  it('a baseline file that cannot be parsed fails the baseline checks and says why, whatever on_missing says', async () => {
    for (const policy of ['fail', 'warn', 'skip'] as const) {
      const result = await evaluateMetrics({
        base: { 'm.json': '{"accuracy": 0.9,' },
        head: { 'm.json': { accuracy: 0.95 } },
        rule,
        on_missing: policy,
      });
      expect(result.only('min').status).toBe('pass');
      // on_missing is for what is absent; a baseline that is there but unreadable never passes.
      expect(result.only('baseline')).toMatchObject({ status: 'fail' });
      expect(result.only('baseline').message).toContain('m.json cannot be read at');
      expect(result.only('baseline').message).toContain('is not valid JSON');
    }
  });

  it('lists metrics added and removed since the baseline, as information', async () => {
    const base = { accuracy: 0.93, f1: 0.91, slices: { a: { acc: 0.9 }, b: { acc: 0.92 } }, model: 'resnet18' };
    const head = { accuracy: 0.94, precision: 0.9, slices: { a: { acc: 0.9 }, c: { acc: 0.93 } }, model: 'resnet50', notes: 'x' };
    const result = await evaluateMetrics({ base: { 'm.json': base }, head: { 'm.json': head }, rule, headAsCommit: true });
    const added = result.only('metrics.added');
    expect(added).toMatchObject({ status: 'pass', observed: 2, samples: ['precision', 'slices.c.acc'], file: 'm.json' });
    expect(added.message).toMatch(/^2 metrics added to m\.json since the baseline at [0-9a-f]{7}: precision, slices\.c\.acc$/);
    expect(result.only('metrics.removed')).toMatchObject({ status: 'pass', samples: ['f1', 'slices.b.acc'] });
    expect(result.only('max_drop')).toMatchObject({ status: 'pass', baseline: 0.93, observed: 0.94 });
  });

  it('compares a committed head with the baseline commit', async () => {
    const result = await evaluateMetrics({
      base: { 'm.json': { accuracy: 0.95 } },
      head: { 'm.json': { accuracy: 0.9 } },
      rule,
      headAsCommit: true,
    });
    expect(result.head.label).not.toBe('working tree');
    expect(result.only('max_drop')).toMatchObject({
      status: 'fail',
      message: 'accuracy dropped by 0.05 (0.95 → 0.9); at most 0.01 allowed',
    });
    expect(result.only('max_drop_pct').message).toBe('accuracy dropped by 5.26% (0.95 → 0.9); at most 2% allowed');
    // With failures, the engine's summary leads with the first problem (the rule gives none).
    expect(result.summary).toMatch(/^accuracy dropped by .* at most .* allowed \(\+1 more\)$/);
  });

  it('stops when the evaluation is superseded', async () => {
    const controller = new AbortController();
    controller.abort(new Error('a newer push superseded this run'));
    await expect(
      evaluateMetrics({ base: { 'm.json': { accuracy: 0.9 } }, head: { 'm.json': { accuracy: 0.9 } }, rule, signal: controller.signal }),
    ).rejects.toThrow('a newer push superseded this run');
  });
});
