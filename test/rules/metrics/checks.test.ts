import { describe, expect, it } from 'vitest';
import { evaluateMetrics } from './evaluate-metrics.js';

async function check(rule: Record<string, unknown>, head: Record<string, unknown>, base: Record<string, unknown> | null = null) {
  return evaluateMetrics({
    base: base === null ? null : { 'm.json': base },
    head: { 'm.json': head },
    rule: { file: 'm.json', metrics: { score: rule } },
  });
}

describe('metrics checks', () => {
  it('min passes at the bound and fails just below it', async () => {
    expect((await check({ min: 0.9 }, { score: 0.9 })).only('min').status).toBe('pass');
    const below = (await check({ min: 0.9 }, { score: 0.8999 })).only('min');
    expect(below).toMatchObject({ status: 'fail', observed: 0.8999, expected: '>= 0.9', line: 2, subject: 'score' });
    // Enough decimals that the value and the bound never read the same.
    expect(below.message).toBe('score is 0.8999; at least 0.9 required');
  });

  it('max passes at the bound and fails just above it', async () => {
    expect((await check({ max: 0.25 }, { score: 0.25 })).only('max').status).toBe('pass');
    const above = (await check({ max: 0.25 }, { score: 0.2501 })).only('max');
    expect(above).toMatchObject({ status: 'fail', expected: '<= 0.25' });
    expect(above.message).toBe('score is 0.2501; at most 0.25 allowed');
  });

  it('max_drop passes a drop equal to the bound and fails one just over it', async () => {
    expect((await check({ max_drop: 0.01 }, { score: 0.92 }, { score: 0.93 })).only('max_drop').status).toBe('pass');
    const over = (await check({ max_drop: 0.01 }, { score: 0.9199 }, { score: 0.93 })).only('max_drop');
    expect(over).toMatchObject({ status: 'fail', observed: 0.9199, baseline: 0.93, expected: 'drop <= 0.01' });
    expect(over.message).toBe('score dropped by 0.0101 (0.93 → 0.9199); at most 0.01 allowed');
    const rose = (await check({ max_drop: 0.01 }, { score: 0.95 }, { score: 0.93 })).only('max_drop');
    expect(rose).toMatchObject({ status: 'pass', message: 'score did not drop (0.93 → 0.95)' });
  });

  it('max_rise guards the other direction (a loss)', async () => {
    expect((await check({ max_rise: 0.05 }, { score: 0.25 }, { score: 0.2 })).only('max_rise').status).toBe('pass');
    const over = (await check({ max_rise: 0.05 }, { score: 0.2501 }, { score: 0.2 })).only('max_rise');
    expect(over.status).toBe('fail');
    expect(over.message).toBe('score rose by 0.0501 (0.2 → 0.2501); at most 0.05 allowed');
    expect((await check({ max_rise: 0 }, { score: 0.1 }, { score: 0.2 })).only('max_rise').status).toBe('pass');
  });

  it('max_drop_pct and max_rise_pct are percentages of the baseline', async () => {
    expect((await check({ max_drop_pct: 2 }, { score: 0.784 }, { score: 0.8 })).only('max_drop_pct').status).toBe('pass');
    const over = (await check({ max_drop_pct: 2 }, { score: 0.78 }, { score: 0.8 })).only('max_drop_pct');
    expect(over).toMatchObject({ status: 'fail', expected: 'drop <= 2%', observed: 0.78, baseline: 0.8 });
    expect(over.message).toBe('score dropped by 2.5% (0.8 → 0.78); at most 2% allowed');
    const rise = (await check({ max_rise_pct: 10 }, { score: 1.11 }, { score: 1 })).only('max_rise_pct');
    expect(rise).toMatchObject({ status: 'fail', message: 'score rose by 11% (1 → 1.11); at most 10% allowed' });
  });

  it('a percentage of a negative baseline is taken of its size', async () => {
    // A log-likelihood of -2.0 going to -2.1 is a 5% drop, not a 5% rise.
    const drop = (await check({ max_drop_pct: 4 }, { score: -2.1 }, { score: -2 })).only('max_drop_pct');
    expect(drop).toMatchObject({ status: 'fail', message: 'score dropped by 5% (-2 → -2.1); at most 4% allowed' });
  });

  it('a zero baseline: no change passes, any change the guarded way fails', async () => {
    expect((await check({ max_rise_pct: 5 }, { score: 0 }, { score: 0 })).only('max_rise_pct')).toMatchObject({
      status: 'pass',
      message: 'score is unchanged at 0',
    });
    expect((await check({ max_rise_pct: 5 }, { score: -0.1 }, { score: 0 })).only('max_rise_pct').status).toBe('pass');
    const rose = (await check({ max_rise_pct: 5 }, { score: 0.001 }, { score: 0 })).only('max_rise_pct');
    expect(rose.status).toBe('fail');
    expect(rose.message).toBe('score rose from a baseline of 0 to 0.001; a percentage of 0 is unbounded, so any rise exceeds 5%');
  });

  it('float noise never fails a bound, and the finding keeps the raw numbers', async () => {
    const sum = 0.1 + 0.2; // 0.30000000000000004
    const max = (await check({ max: 0.3 }, { score: sum })).only('max');
    expect(max).toMatchObject({ status: 'pass', observed: sum });
    expect(max.message).toBe('score is 0.3, at most 0.3 as required');
    // 0.93 - 0.92 is 0.010000000000000009 in floating point.
    expect((await check({ max_drop: 0.01 }, { score: 0.92 }, { score: 0.93 })).only('max_drop').status).toBe('pass');
    expect((await check({ max_drop_pct: 10 }, { score: 0.27 }, { score: sum })).only('max_drop_pct').status).toBe('pass');
    // A real excess just above noise still fails.
    expect((await check({ max: 0.3 }, { score: 0.3000001 })).only('max').status).toBe('fail');
  });

  it('every check of a metric reports, in the order they run', async () => {
    const result = await check({ min: 0.5, max: 1, max_drop: 0.1, max_drop_pct: 20 }, { score: 0.8 }, { score: 0.85 });
    expect(result.findings.map((f) => `${f.check}:${f.status}`)).toEqual(['min:pass', 'max:pass', 'max_drop:pass', 'max_drop_pct:pass']);
    expect(result.summary).toBe('4 of 4 checks passed on 1 metric in m.json');
  });
});
