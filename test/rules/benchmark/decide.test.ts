import { describe, expect, it } from 'vitest';
import { decideOnSamples, decidePaired, decideWithHistory } from '../../../src/rules/benchmark/decide.js';
import { signedRankCritical, signedRankInterval } from '../../../src/rules/benchmark/robust.js';
import { describeInstability, diagnoseRun } from '../../../src/rules/benchmark/stability.js';
import { computeStatistic, tQuantile } from '../../../src/rules/benchmark/statistics.js';

const bound = { maxIncreasePct: 5, confidence: 0.95 };
/** Deterministic wobble of ±`pct`% around `center`. */
const wobble = (center: number, pct: number, n: number, phase = 0) =>
  Array.from({ length: n }, (_, i) => center * (1 + (pct / 100) * Math.sin(i * 2.3 + phase)));

describe('benchmark decision', () => {
  it("uses Student's t quantiles (tables: 12.706 at 1 df, 2.262 at 9, 1.960 in the limit)", () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262, 3);
    expect(tQuantile(0.995, 4)).toBeCloseTo(4.604, 3);
    expect(tQuantile(0.975, 10_000)).toBeCloseTo(1.96, 2);
  });

  it('computes the statistics on latencies, throughput as the time per item', () => {
    const samples = [4, 1, 3, 2, 5];
    expect(computeStatistic(samples, 'p50')).toBe(3);
    expect(computeStatistic(samples, 'min')).toBe(1);
    expect(computeStatistic(samples, 'p90')).toBeCloseTo(4.6);
    expect(computeStatistic(samples, 'throughput')).toBe(3);
  });

  it('fails paired runs only when the whole interval is above the bound', () => {
    const base = wobble(10, 1, 10);
    const slower = decidePaired(base, wobble(11.5, 1, 10, 1), bound);
    expect(slower).toMatchObject({ verdict: 'fail', method: 'paired runs', n: 10 });
    expect(slower.intervalPct[0]).toBeGreaterThan(5);
    expect(decidePaired(base, wobble(10.1, 1, 10, 1), bound).verdict).toBe('pass');
    // +5% on the bound itself: undecided, and said honestly (issue 21: no "about 92 more" that 200 cannot reach).
    const edge = decidePaired(base, wobble(10.5, 1, 10, 1), bound);
    expect(edge).toMatchObject({ verdict: 'inconclusive', reason: 'the interval straddles the bound' });
    expect(edge.moreRuns).toBeUndefined();
    expect(edge.nextStep).toBe('too close to the bound to decide within 200 more pairs');
    // +4% with a wider spread: within reach, and the count is for pairs.
    const near = decidePaired(wobble(10, 3, 10), wobble(10.4, 3, 10, 1), bound);
    expect(near).toMatchObject({ verdict: 'inconclusive', reason: 'the interval straddles the bound' });
    expect(near.nextStep).toMatch(/^about \d+ more pairs? would decide$/);
    expect(near.moreRuns).toBeLessThanOrEqual(200);
  });

  it('takes the signed-rank interval from the exact distribution (tables: the 9th Walsh average at n = 10, 95%)', () => {
    expect(signedRankCritical(10, 0.025)).toBe(9);
    expect(signedRankCritical(6, 0.025)).toBe(1);
    expect(signedRankCritical(5, 0.025)).toBe(0);
    expect(signedRankCritical(20, 0.025)).toBe(53);
    // Normal approximation past 20 values: 30 values give 138 (tables: 137).
    expect(Math.abs(signedRankCritical(30, 0.025) - 137)).toBeLessThanOrEqual(1);
    expect(signedRankInterval([1, 2, 3, 4, 5, 6], 0.95)).toEqual({ estimate: 3.5, interval: [1, 6] });
  });

  it('sets aside one slow process: a true +10% stays a fail where a t interval would straddle (issue 21)', () => {
    const base = wobble(10, 1, 10);
    const head = wobble(11, 1, 10, 1).map((v, i) => (i === 3 ? v * 1.3 : v));
    const decision = decidePaired(base, head, bound);
    expect(decision).toMatchObject({ verdict: 'fail', outlierPairs: 1 });
    expect(decision.changePct).toBeGreaterThan(9);
    expect(decision.changePct).toBeLessThan(11);
  });

  it('says when more runs of the head cannot decide against history (issue 21)', () => {
    // A spread of about 3% between sessions: a head 4% slower is too close for any number of head runs.
    const history = [10, 10.3, 9.7, 10.2, 9.8];
    const decision = decideWithHistory(history, [10.4], bound);
    expect(decision).toMatchObject({ verdict: 'inconclusive', reason: 'the interval straddles the bound' });
    expect(decision.moreRuns).toBeUndefined();
    expect(decision.nextStep).toMatch(/^too close to the bound to decide/);
  });

  it('drops a boost-clock warm-up and says how many rounds, but not a level that recurs (a mode)', () => {
    const settled = wobble(4, 0.5, 50, 1);
    const run = [...wobble(3.5, 0.5, 10), ...settled];
    expect(diagnoseRun(run, 5)).toMatchObject({ warmupRounds: 10, unstable: null, disturbed: null });
    const modes = [...wobble(3.5, 0.5, 10), ...settled.map((v, i) => (i % 3 === 0 ? v * 0.875 : v))];
    expect(diagnoseRun(modes, 5).warmupRounds).toBe(0);
  });

  it('calls runs that disagree too much inconclusive rather than a regression', () => {
    const noisy = decidePaired(wobble(10, 1, 6), [15, 9, 20, 8, 16, 11], bound);
    expect(noisy).toMatchObject({ verdict: 'inconclusive', reason: 'the runs are too spread out to decide' });
    expect(decidePaired([10, 10], [12, 12], bound)).toMatchObject({ verdict: 'inconclusive', n: 2 });
  });

  it('judges one head session against the run-to-run spread of baseline sessions', () => {
    const history = [10, 10.2, 9.9, 10.1, 10, 10.05, 9.95, 10.1];
    expect(decideWithHistory(history, [13], bound)).toMatchObject({ verdict: 'fail', method: 'run history', n: 8 });
    expect(decideWithHistory(history, [10.05], bound).verdict).toBe('pass');
    expect(decideWithHistory([10, 10], [13], bound)).toMatchObject({ verdict: 'inconclusive', n: 2 });
  });

  it('judges one run per side on their samples when there is nothing else', async () => {
    const base = wobble(10, 2, 30);
    expect(await decideOnSamples(base, wobble(12, 2, 30, 1), 'p50', bound)).toMatchObject({
      verdict: 'fail',
      method: 'samples of one run per side',
    });
    expect((await decideOnSamples(base, wobble(10, 2, 30, 1), 'p50', bound)).verdict).toBe('pass');
    // The same samples always give the same interval (a seeded bootstrap).
    expect(await decideOnSamples(base, wobble(10.4, 2, 30, 1), 'mean', bound)).toEqual(
      await decideOnSamples(base, wobble(10.4, 2, 30, 1), 'mean', bound),
    );
  });

  it('sees a trend inside a run and samples in two groups', () => {
    const steady = wobble(10, 2, 30);
    expect(describeInstability(steady, 5)).toBeNull();
    const warming = steady.map((v, i) => v * (1 - 0.01 * i));
    expect(describeInstability(warming, 5)).toMatch(/drift by -2\d\.\d% from first to last round/);
    const twoClocks = steady.map((v, i) => (i % 3 === 0 ? v * 1.4 : v));
    expect(describeInstability(twoClocks, 5)).toMatch(/two groups 3\d% apart \(67% \/ 33%\)/);
  });
});

describe('the bootstrap on many samples', () => {
  // A spread of ±20% around 10 ms, in a scrambled order; the head is the same run 10% slower.
  const run = (n: number, scale: number) => Array.from({ length: n }, (_, i) => scale * 10 * (0.8 + 0.4 * (((i * 7919) % n) / n)));

  it('past 10,000 samples per side costs a bounded amount and still finds a 10% slowdown in a narrow interval', async () => {
    const decision = await decideOnSamples(run(200_000, 1), run(200_000, 1.1), 'p95', bound);
    expect(decision).toMatchObject({ verdict: 'fail', n: 200_000 });
    expect(decision.changePct).toBeCloseTo(10, 1);
    expect(decision.intervalPct[0]).toBeGreaterThan(9.5);
    expect(decision.intervalPct[1]).toBeLessThan(10.5);
  });

  it('yields to the event loop while it resamples, and stops when its signal is aborted', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await decideOnSamples(run(50_000, 1), run(50_000, 1.02), 'p50', bound).then(() => order.push('decided'));
    expect(order).toEqual(['timer', 'decided']);

    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('superseded')), 0);
    await expect(decideOnSamples(run(50_000, 1), run(50_000, 1.02), 'p50', bound, controller.signal)).rejects.toThrow('superseded');
  });
});
