import { median, robustSpread, signedRankInterval } from './robust.js';
import { computeStatistic, mean, type StatisticName, tQuantile } from './statistics.js';
import { bootstrapLogRatio } from './statistics.js';

/**
 * The decision for one benchmark. Everything is computed on ln(head / base), so that a change
 * and its interval are ratios whatever the latency's scale; they are reported as percentages.
 * The interval printed is the interval judged, in every mode.
 *
 * `fail` only when the whole interval lies above the bound, `pass` when it lies below it,
 * `inconclusive` otherwise. An interval wider than WIDE_FACTOR times the bound is inconclusive
 * even when it lies on one side: the runs disagree too much for the verdict to mean anything.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive';
export type DecisionMethod = 'paired runs' | 'run history' | 'samples of one run per side';

export interface Decision {
  verdict: Verdict;
  method: DecisionMethod;
  /** Point estimate of the change, in percent (positive: slower): the one percentage shown everywhere. */
  changePct: number;
  /** The interval the verdict was judged on, at the configured confidence, in percent. */
  intervalPct: [number, number];
  /** Runs (pairs, baseline sessions, or samples) the decision rests on. */
  n: number;
  /** Why it is inconclusive, when it is. */
  reason?: string | undefined;
  /** For an inconclusive verdict: how many more runs (pairs, head runs) would decide, when that is within reach. */
  moreRuns?: number | undefined;
  /** For an inconclusive verdict: one sentence on what would decide, for the mode at hand. */
  nextStep?: string | undefined;
  /** Paired runs: pairs far off the others (a slow process), which the robust estimate leaves little weight. */
  outlierPairs?: number | undefined;
  /** History: a fail that stays undecided until the head is measured a second time. */
  needsSecondRun?: boolean | undefined;
}

export const WIDE_FACTOR = 2;
/** More runs than this are not promised: the change is then "too close to the bound to decide". */
export const MAX_MORE_RUNS = 200;
/** History: a head closer than this many run-to-run spreads above the bound needs a second run to fail. */
export const SECOND_RUN_SPREADS = 4;
/** History: the least run-to-run spread assumed (ln), so that a tight history does not make every wobble a fail. */
export const HISTORY_SPREAD_FLOOR = 0.01;
const MIN_RUNS = 3;

export interface Bound {
  maxIncreasePct: number;
  confidence: number;
}

/**
 * Run mode: one observation per process invocation and side, paired in the order they ran.
 * Hodges–Lehmann estimate of the log-ratio with the Wilcoxon signed-rank interval: one slow
 * process (an outlier pair) moves it little, where it would balloon a t interval.
 */
export function decidePaired(base: number[], head: number[], bound: Bound): Decision {
  const n = Math.min(base.length, head.length);
  const logs = Array.from({ length: n }, (_, i) => Math.log(head[i]! / base[i]!));
  if (n < MIN_RUNS || !logs.every(Number.isFinite)) {
    return tooFew('paired runs', logs, n, `${n} usable pair(s); at least ${MIN_RUNS} are needed`, MIN_RUNS - n);
  }
  const { estimate, interval } = signedRankInterval(logs, bound.confidence);
  if (interval === null) {
    const needed = pairsForInterval(bound.confidence);
    const reason = `${n} pairs cannot give a ${Math.round(bound.confidence * 100)}% signed-rank interval; at least ${needed} are needed`;
    return { ...tooFew('paired runs', logs, n, reason, needed - n), changePct: toPct(estimate) };
  }
  const spread = robustSpread(logs);
  const center = median(logs);
  const outlierPairs = logs.filter((x) => Math.abs(x - center) > Math.max(4 * spread, limitOf(bound))).length;
  const decision = judge('paired runs', estimate, interval, n, bound, (target) => {
    // The interval narrows as 1/sqrt(n).
    const half = (interval[1] - interval[0]) / 2;
    return Math.ceil(n * (half / target) ** 2) - n;
  });
  return { ...decision, outlierPairs };
}

/**
 * History: the head's session(s) against baseline sessions on the same hardware, one value per
 * session (the median of its runs). The sessions' robust spread (MAD, with a floor) gives a
 * prediction interval for a new session: t(k−1) · s · √(1/m + π/2k), the median's variance.
 */
export function decideWithHistory(baseSessions: number[], headSessions: number[], bound: Bound): Decision {
  const base = baseSessions.map(Math.log);
  const head = headSessions.map(Math.log);
  const k = base.length;
  const m = head.length;
  if (k < MIN_RUNS || m === 0 || ![...base, ...head].every(Number.isFinite)) {
    return tooFew('run history', [], k, `${k} baseline session(s) on this hardware; at least ${MIN_RUNS} are needed`, MIN_RUNS - k);
  }
  const spread = Math.max(robustSpread(base), HISTORY_SPREAD_FLOOR);
  const t = tQuantile(1 - (1 - bound.confidence) / 2, k - 1);
  const center = mean(head) - median(base);
  const half = t * spread * Math.sqrt(1 / m + Math.PI / 2 / k);
  const decision = judge('run history', center, [center - half, center + half], k, bound, (target) => {
    // More head runs shrink only the 1/m term: past that, only more history narrows the interval.
    const room = (target / (t * spread)) ** 2 - Math.PI / 2 / k;
    return room <= 0 ? Number.POSITIVE_INFINITY : Math.ceil(1 / room) - m;
  });
  const limit = limitOf(bound);
  if (decision.verdict === 'fail' && m === 1 && center - limit < SECOND_RUN_SPREADS * spread) {
    return {
      ...decision,
      verdict: 'inconclusive',
      reason: `the change is within ${SECOND_RUN_SPREADS} run-to-run spreads (±${(spread * 100).toFixed(1)}%) of the bound, and one run of the head is not enough to fail on`,
      nextStep: 'a second run of the head would decide',
      moreRuns: 1,
      needsSecondRun: true,
    };
  }
  return decision;
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
  if (n < 2) return tooFew('samples of one run per side', [], n, 'fewer than 2 samples on a side', undefined);
  const change = Math.log(computeStatistic(head, statistic) / computeStatistic(base, statistic));
  if (!Number.isFinite(change))
    return tooFew('samples of one run per side', [], n, 'a latency of zero cannot be compared', undefined);
  const interval = await bootstrapLogRatio(base, head, statistic, bound.confidence, signal);
  // More rounds do not help one run per side: the unit of evidence is the run.
  return judge('samples of one run per side', change, interval, n, bound, () => Number.NaN);
}

/**
 * The verdict from an interval, and for an undecided one what would decide. `more(target)` says
 * how many more runs bring the interval's half-width down to `target` in this mode (NaN: none do).
 */
function judge(
  method: DecisionMethod,
  center: number,
  [low, high]: [number, number],
  n: number,
  bound: Bound,
  more: (target: number) => number,
): Decision {
  const limit = limitOf(bound);
  const base = { method, changePct: toPct(center), intervalPct: [toPct(low), toPct(high)] as [number, number], n };
  const half = (high - low) / 2;
  if (half > WIDE_FACTOR * limit)
    return { ...base, verdict: 'inconclusive', reason: 'the runs are too spread out to decide', ...nextStep(method, more(WIDE_FACTOR * limit)) };
  if (low > limit) return { ...base, verdict: 'fail' };
  if (high <= limit) return { ...base, verdict: 'pass' };
  return {
    ...base,
    verdict: 'inconclusive',
    reason: 'the interval straddles the bound',
    ...nextStep(method, more(Math.abs(center - limit))),
  };
}

function nextStep(method: DecisionMethod, needed: number): Pick<Decision, 'moreRuns' | 'nextStep'> {
  const unit = method === 'paired runs' ? 'pair' : 'run';
  if (Number.isNaN(needed)) return { nextStep: 'history in notes or run mode (`run:` with `baseline: rerun`) would decide' };
  if (!Number.isFinite(needed)) {
    return { nextStep: 'too close to the bound for more runs of the head to decide: only a longer history would narrow the interval' };
  }
  if (needed > MAX_MORE_RUNS) return { nextStep: `too close to the bound to decide within ${MAX_MORE_RUNS} more ${unit}s` };
  const count = Math.max(1, needed);
  return { moreRuns: count, nextStep: `about ${count} more ${unit}${count === 1 ? '' : 's'} would decide` };
}

/** The fewest pairs whose signed-rank interval exists at this confidence (6 at 95%, 8 at 99%). */
function pairsForInterval(confidence: number): number {
  let n = MIN_RUNS;
  while (signedRankInterval(Array.from({ length: n }, (_, i) => i), confidence).interval === null) n++;
  return n;
}

function tooFew(method: DecisionMethod, logs: number[], n: number, reason: string, missing: number | undefined): Decision {
  const change = logs.length > 0 && logs.every(Number.isFinite) ? toPct(mean(logs)) : Number.NaN;
  const decision: Decision = { verdict: 'inconclusive', method, changePct: change, intervalPct: [Number.NaN, Number.NaN], n, reason };
  if (missing === undefined) return decision;
  const count = Math.max(1, missing);
  const unit = method === 'paired runs' ? 'pair' : method === 'run history' ? 'measured session' : 'run';
  return { ...decision, moreRuns: count, nextStep: `${count} more ${unit}${count === 1 ? '' : 's'} would decide` };
}

function limitOf(bound: Bound): number {
  return Math.log(1 + bound.maxIncreasePct / 100);
}

export function toPct(logRatio: number): number {
  return (Math.exp(logRatio) - 1) * 100;
}
