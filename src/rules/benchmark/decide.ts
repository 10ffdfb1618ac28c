import { median, robustSpread, shorth, signedRankInterval } from './robust.js';
import { bootstrapLogRatio, computeStatistic, mean, type StatisticName, standardDeviation, tQuantile } from './statistics.js';

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
 * Pairs far off the others (a slow process) are set aside, at most 40% of them; the rest give
 * the Hodges–Lehmann estimate of the log-ratio with its Wilcoxon signed-rank interval. A t interval
 * on all pairs would balloon on one outlier pair, and so would the signed-rank interval on two.
 */
export function decidePaired(base: number[], head: number[], bound: Bound): Decision {
  const n = Math.min(base.length, head.length);
  const all = Array.from({ length: n }, (_, i) => Math.log(head[i]! / base[i]!));
  if (n < MIN_RUNS || !all.every(Number.isFinite)) {
    return tooFew('paired runs', all, n, `${n} usable pair(s); at least ${MIN_RUNS} are needed`, MIN_RUNS - n);
  }
  const logs = setAsideOutliers(base.slice(0, n), head.slice(0, n), all, limitOf(bound), pairsForInterval(bound.confidence));
  const outlierPairs = n - logs.length;
  const { estimate, interval } = signedRankInterval(logs, bound.confidence);
  if (interval === null) {
    const needed = pairsForInterval(bound.confidence) + outlierPairs;
    const reason = `${n} pairs cannot give a ${Math.round(bound.confidence * 100)}% signed-rank interval; at least ${needed} are needed`;
    return { ...tooFew('paired runs', logs, n, reason, needed - n), changePct: toPct(estimate), outlierPairs };
  }
  const decision = judge('paired runs', estimate, interval, n, bound, (target) => {
    // The interval narrows as 1/sqrt(n).
    const half = (interval[1] - interval[0]) / 2;
    return Math.ceil(n * (half / target) ** 2) - n;
  });
  return { ...decision, outlierPairs };
}

/**
 * The pairs left after setting aside a slow process, at most 40% of the pairs and never below the
 * `keep` an interval needs: a run far off the other runs of its side (one process in ten running
 * 30% slow is seen there, where its pair only looks odd), then a pair far off the other pairs. "Far": beyond 4 spreads, and the bound, of
 * the main group, whose centre and spread come from the shortest window holding 60% of the values.
 */
function setAsideOutliers(base: number[], head: number[], logs: number[], limit: number, keep: number): number[] {
  // Never so many that the rest cannot give an interval.
  const most = Math.min(Math.floor(0.4 * logs.length), Math.max(0, logs.length - keep));
  const runs = new Set([...farOff(base.map(Math.log), limit), ...farOff(head.map(Math.log), limit)]);
  const aside = runs.size <= most ? runs : new Set<number>();
  const rest = logs.map((x, i) => ({ x, i })).filter((p) => !aside.has(p.i));
  const pairs = farOff(
    rest.map((p) => p.x),
    limit,
  ).slice(0, most - aside.size);
  for (const index of pairs) aside.add(rest[index]!.i);
  return logs.filter((_, i) => !aside.has(i));
}

/** Indices of values far off the main group, farthest first. */
function farOff(values: number[], limit: number): number[] {
  const { center, spread } = shorth(values);
  const threshold = Math.max(4 * spread, limit);
  return values
    .map((x, i) => ({ i, distance: Math.abs(x - center) }))
    .filter((p) => p.distance > threshold)
    .sort((a, b) => b.distance - a.distance)
    .map((p) => p.i);
}

/**
 * History: the head against baseline sessions on the same hardware, one value per session (the
 * median of its runs). The sessions' spread (robust or classical, the larger, with a floor) gives a prediction interval
 * for a new session: t(k−1) · s · √(1 + π/2k) (π/2k: the variance of a median). The head is one
 * session; measured a second time (`headMeasurements` of 2), its less alarming value is judged:
 * a second measurement in the same job is not another session, but it does set aside a slow process.
 */
export function decideWithHistory(baseSessions: number[], headMeasurements: number[], bound: Bound): Decision {
  const base = baseSessions.map(Math.log);
  const head = headMeasurements.map(Math.log);
  const k = base.length;
  if (k < MIN_RUNS || head.length === 0 || ![...base, ...head].every(Number.isFinite)) {
    return tooFew('run history', [], k, `${k} baseline session(s) on this hardware; at least ${MIN_RUNS} are needed`, MIN_RUNS - k);
  }
  // The larger of the robust and the classical spread: shifts between sessions have heavy tails, and one
  // far session in the history should make the interval wider (fewer verdicts), never narrower.
  const spread = Math.max(robustSpread(base), standardDeviation(base), HISTORY_SPREAD_FLOOR);
  const t = tQuantile(1 - (1 - bound.confidence) / 2, k - 1);
  const center = Math.min(...head) - median(base);
  const half = t * spread * Math.sqrt(1 + Math.PI / 2 / k);
  const decision = judge('run history', center, [center - half, center + half], k, bound, (target) => {
    // More runs of the head do not narrow it; more sessions of history do, down to t · s.
    const room = (target / (t * spread)) ** 2 - 1;
    return room <= 0 ? Number.POSITIVE_INFINITY : Math.ceil(Math.PI / 2 / room) - k;
  });
  const limit = limitOf(bound);
  if (decision.verdict === 'fail' && head.length === 1 && center - limit < SECOND_RUN_SPREADS * spread) {
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
  if (!Number.isFinite(change)) return tooFew('samples of one run per side', [], n, 'a latency of zero cannot be compared', undefined);
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
    return {
      ...base,
      verdict: 'inconclusive',
      reason: 'the runs are too spread out to decide',
      ...nextStep(method, more(WIDE_FACTOR * limit)),
    };
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
  if (Number.isNaN(needed)) return { nextStep: 'history in notes or run mode (`run:` with `baseline: rerun`) would decide' };
  if (!Number.isFinite(needed)) {
    return { nextStep: 'too close to the bound to decide: the spread between measured sessions sets the width, whatever the head runs' };
  }
  const unit = method === 'paired runs' ? 'pair' : 'measured session in history';
  const units = method === 'paired runs' ? 'pairs' : 'measured sessions in history';
  if (needed > MAX_MORE_RUNS) return { nextStep: `too close to the bound to decide within ${MAX_MORE_RUNS} more ${units}` };
  const count = Math.max(1, needed);
  return { moreRuns: count, nextStep: `about ${count} more ${count === 1 ? unit : units} would decide` };
}

/** The fewest pairs whose signed-rank interval exists at this confidence (6 at 95%, 8 at 99%). */
function pairsForInterval(confidence: number): number {
  let n = MIN_RUNS;
  while (
    signedRankInterval(
      Array.from({ length: n }, (_, i) => i),
      confidence,
    ).interval === null
  )
    n++;
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

/**
 * Whether `confirm` re-measures: a fail, a verdict near the bound, or a slow process set aside.
 * One place for the rule and the simulation that measures what `confirm` buys.
 */
export function worthConfirming(d: Decision, maxIncreasePct: number): boolean {
  if (d.verdict === 'fail' || (d.outlierPairs ?? 0) > 0) return true;
  if (d.verdict === 'pass') return false;
  const [low, high] = d.intervalPct;
  return d.changePct > maxIncreasePct || (low <= maxIncreasePct && high > maxIncreasePct);
}

export function toPct(logRatio: number): number {
  return (Math.exp(logRatio) - 1) * 100;
}
