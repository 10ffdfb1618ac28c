import { bootstrapLogRatio, computeStatistic, mean, type StatisticName, standardDeviation, tQuantile } from './statistics.js';

/**
 * The decision for one benchmark. Everything is computed on ln(head / base), so that a change
 * and its interval are ratios whatever the latency's scale; they are reported as percentages.
 *
 * `fail` only when the whole interval lies above the bound, `pass` when it lies below it,
 * `inconclusive` otherwise. An interval wider than WIDE_FACTOR times the bound is inconclusive
 * even when it lies on one side: the runs disagree too much for the verdict to mean anything,
 * and such an interval, when it does land above the bound, is most often machine noise (the
 * simulation in bench/benchmark-decision.ts measures this).
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive';
export type DecisionMethod = 'paired runs' | 'run history' | 'samples of one run per side';

export interface Decision {
  verdict: Verdict;
  method: DecisionMethod;
  /** Point estimate of the change, in percent (positive: slower). */
  changePct: number;
  /** Interval of the change at the configured confidence, in percent. */
  intervalPct: [number, number];
  /** Runs (pairs, baseline runs, or samples) the decision rests on. */
  n: number;
  /** Why it is inconclusive, when it is. */
  reason?: string | undefined;
  /** For an inconclusive verdict: about how many more runs (pairs) would decide. */
  moreRuns?: number | undefined;
}

export const WIDE_FACTOR = 2;
const MIN_RUNS = 3;

export interface Bound {
  maxIncreasePct: number;
  confidence: number;
}

/** Run mode: one observation per process invocation and side, paired in the order they ran. */
export function decidePaired(base: number[], head: number[], bound: Bound): Decision {
  const n = Math.min(base.length, head.length);
  const logs = Array.from({ length: n }, (_, i) => Math.log(head[i]! / base[i]!));
  if (n < MIN_RUNS || !logs.every(Number.isFinite)) {
    return tooFew('paired runs', logs, n, `${n} usable pair(s); at least ${MIN_RUNS} are needed`);
  }
  const halfWidth = (tQuantile(1 - (1 - bound.confidence) / 2, n - 1) * standardDeviation(logs)) / Math.sqrt(n);
  return judge('paired runs', mean(logs), halfWidth, n, bound);
}

/**
 * File mode with history: the head's run(s) against several baseline runs on the same
 * hardware, whose run-to-run spread is the noise (a prediction interval for a new run).
 */
export function decideWithHistory(baseRuns: number[], headRuns: number[], bound: Bound): Decision {
  const base = baseRuns.map(Math.log);
  const head = headRuns.map(Math.log);
  const k = base.length;
  if (k < MIN_RUNS || head.length === 0 || ![...base, ...head].every(Number.isFinite)) {
    return tooFew('run history', [], k, `${k} baseline run(s) on this hardware; at least ${MIN_RUNS} are needed`);
  }
  const spread = standardDeviation(base);
  const halfWidth = tQuantile(1 - (1 - bound.confidence) / 2, k - 1) * spread * Math.sqrt(1 / k + 1 / head.length);
  return judge('run history', mean(head) - mean(base), halfWidth, k, bound);
}

/**
 * File mode without history: one run per side, judged on their samples (percentile bootstrap).
 * This cannot tell a shift of the machine from a change of the code; the caller says so.
 * Asynchronous because the bootstrap yields to the event loop (statistics.ts bounds its cost).
 */
export async function decideOnSamples(
  base: number[],
  head: number[],
  statistic: StatisticName,
  bound: Bound,
  signal?: AbortSignal,
): Promise<Decision> {
  const n = Math.min(base.length, head.length);
  if (n < 2) return tooFew('samples of one run per side', [], n, 'fewer than 2 samples on a side');
  const change = Math.log(computeStatistic(head, statistic) / computeStatistic(base, statistic));
  if (!Number.isFinite(change)) return tooFew('samples of one run per side', [], n, 'a latency of zero cannot be compared');
  const [low, high] = await bootstrapLogRatio(base, head, statistic, bound.confidence, signal);
  const decision = judge('samples of one run per side', change, Math.max(change - low, high - change), n, bound);
  return { ...decision, intervalPct: [toPct(low), toPct(high)], moreRuns: undefined };
}

function judge(method: DecisionMethod, center: number, halfWidth: number, n: number, bound: Bound): Decision {
  const limit = Math.log(1 + bound.maxIncreasePct / 100);
  const base = {
    method,
    changePct: toPct(center),
    intervalPct: [toPct(center - halfWidth), toPct(center + halfWidth)] as [number, number],
    n,
  };
  if (halfWidth > WIDE_FACTOR * limit) {
    const more = runsToReach(n, halfWidth, Math.min(WIDE_FACTOR * limit, Math.max(Math.abs(center - limit), limit / 2)));
    return { ...base, verdict: 'inconclusive', reason: 'the runs are too spread out to decide', moreRuns: more };
  }
  if (center - halfWidth > limit) return { ...base, verdict: 'fail' };
  if (center + halfWidth <= limit) return { ...base, verdict: 'pass' };
  const more = runsToReach(n, halfWidth, Math.max(Math.abs(center - limit), limit / 10));
  return { ...base, verdict: 'inconclusive', reason: 'the interval straddles the bound', moreRuns: more };
}

/** The interval narrows as 1/sqrt(n): runs needed for the half-width to shrink to `target`. */
function runsToReach(n: number, halfWidth: number, target: number): number {
  return Math.max(1, Math.ceil(n * (halfWidth / target) ** 2) - n);
}

function tooFew(method: DecisionMethod, logs: number[], n: number, reason: string): Decision {
  const change = logs.length > 0 && logs.every(Number.isFinite) ? toPct(mean(logs)) : Number.NaN;
  return {
    verdict: 'inconclusive',
    method,
    changePct: change,
    intervalPct: [Number.NaN, Number.NaN],
    n,
    reason,
    moreRuns: Math.max(1, MIN_RUNS - n),
  };
}

export function toPct(logRatio: number): number {
  return (Math.exp(logRatio) - 1) * 100;
}
