import { effectiveSampleSize, lagOneAutocorrelation, median, robustSpread } from './robust.js';
import { mean, standardDeviation } from './statistics.js';

/**
 * What one run's rounds say about themselves, before any comparison: a warm-up prefix to drop
 * (boost clocks, JIT, caches), and signs that the steady part does not measure one steady thing.
 */
export interface RunDiagnosis {
  /** Rounds dropped from the start as warm-up. */
  warmupRounds: number;
  /** The rounds after the warm-up: what the statistic is computed on. */
  steady: number[];
  /** A trend through the steady part or several modes: no verdict either way. */
  unstable: string | null;
  /** A spread too wide for the bound: the run cannot support a blocking verdict. */
  disturbed: string | null;
}

const MIN_SAMPLES = 8;
/** The warm-up is looked for in the first rounds only, and is at most a third of them. */
const WARMUP_WINDOW = 3000;
const WARMUP_CANDIDATES = 60;

export function diagnoseRun(samples: readonly number[], maxIncreasePct: number): RunDiagnosis {
  const all = [...samples];
  if (samples.length < MIN_SAMPLES || samples.some((v) => !(v > 0)))
    return { warmupRounds: 0, steady: all, unstable: null, disturbed: null };
  const logs = samples.map(Math.log);
  const limit = Math.log(1 + maxIncreasePct / 100);
  let warmup = findWarmup(logs, limit);
  let trend = describeTrend(logs.slice(warmup), limit);
  // A prefix that leaves a trend behind was not a warm-up step but part of a drift: keep the whole run.
  if (trend !== null && warmup > 0) {
    warmup = 0;
    trend = describeTrend(logs, limit);
  }
  const steadyLogs = logs.slice(warmup);
  const spread = robustSpread(steadyLogs);
  const dispersion = Math.max(0.1, 2 * limit);
  return {
    warmupRounds: warmup,
    steady: all.slice(warmup),
    unstable: trend ?? describeModes(steadyLogs, limit),
    disturbed:
      spread > dispersion
        ? `the rounds spread by ±${(spread * 100).toFixed(0)}% (robust), more than the ±${(dispersion * 100).toFixed(0)}% a blocking verdict allows`
        : null,
  };
}

/** The instability of a run, if any (the trend or modes of its steady part). */
export function describeInstability(samples: readonly number[], maxIncreasePct: number): string | null {
  return diagnoseRun(samples, maxIncreasePct).unstable;
}

/**
 * A changepoint at the start only: the split k (at most a third of the rounds) that minimises the
 * within-segment absolute deviations, kept when the prefix's median is far from the rest's.
 */
function findWarmup(logs: readonly number[], limit: number): number {
  const window = logs.slice(0, WARMUP_WINDOW);
  const cap = Math.floor(window.length / 3);
  if (cap < 1) return 0;
  const step = Math.max(1, Math.ceil(cap / WARMUP_CANDIDATES));
  let best = { k: 0, cost: absoluteDeviations(window) };
  for (let k = 1; k <= cap; k += k < 10 ? 1 : step) {
    const cost = absoluteDeviations(window.slice(0, k)) + absoluteDeviations(window.slice(k));
    if (cost < best.cost) best = { k, cost };
  }
  if (best.k === 0) return 0;
  const rest = window.slice(best.k);
  const [before, after] = [median(window.slice(0, best.k)), median(rest)];
  const noise = Math.max(robustSpread(rest), 1e-4);
  // A prefix whose level recurs later is a mode of the run (a clock state), not a warm-up: past the
  // midpoint lie no more of the rest than its noise puts there (a normal tail), give or take 10%.
  const midpoint = (before + after) / 2;
  const recurring = rest.filter((v) => (before > after ? v > midpoint : v < midpoint)).length / rest.length;
  const expected = normalTail(Math.abs(before - after) / 2 / noise);
  const far = Math.abs(before - after) > Math.max(4 * noise * Math.sqrt(1 / best.k + 1 / rest.length), limit / 4);
  return far && recurring < expected + 0.1 ? best.k : 0;
}

/** P(Z > z) for a standard normal Z, z >= 0 (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalTail(z: number): number {
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * poly * Math.exp(-(z * z) / 2);
}

function absoluteDeviations(values: readonly number[]): number {
  const center = median(values);
  let sum = 0;
  for (const v of values) sum += Math.abs(v - center);
  return sum;
}

/**
 * Least-squares slope of ln(latency) against the round: a drift larger than the bound. Its standard
 * error allows for autocorrelated rounds (effective sample size from the lag-1 autocorrelation).
 */
function describeTrend(logs: number[], limit: number): string | null {
  const n = logs.length;
  if (n < MIN_SAMPLES) return null;
  const mx = (n - 1) / 2;
  const my = mean(logs);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (logs[i]! - my);
    sxx += (i - mx) ** 2;
  }
  const slope = sxy / sxx;
  const residuals = logs.map((y, i) => y - my - slope * (i - mx));
  const inflation = Math.sqrt(n / effectiveSampleSize(n, lagOneAutocorrelation(residuals)));
  const se = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2) / sxx) * inflation;
  const total = slope * (n - 1);
  if (Math.abs(total) > limit && Math.abs(slope) > 4 * se) {
    return `the samples drift by ${((Math.exp(total) - 1) * 100).toFixed(1)}% from first to last round`;
  }
  return null;
}

/** The widest gap between sorted samples, with a fifth of them on each side, far wider than either side. */
function describeModes(logs: number[], limit: number): string | null {
  if (logs.length < MIN_SAMPLES) return null;
  const sorted = Array.from(Float64Array.from(logs).sort());
  const minSide = Math.max(3, Math.ceil(sorted.length / 5));
  let best = { gap: 0, at: -1 };
  for (let i = minSide; i <= sorted.length - minSide; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > best.gap) best = { gap, at: i };
  }
  if (best.at < 0) return null;
  const spread = Math.max(standardDeviation(sorted.slice(0, best.at)), standardDeviation(sorted.slice(best.at)));
  if (best.gap > limit / 2 && best.gap > 4 * spread) {
    const share = Math.round((100 * best.at) / sorted.length);
    return `the samples form two groups ${((Math.exp(best.gap) - 1) * 100).toFixed(0)}% apart (${share}% / ${100 - share}%)`;
  }
  return null;
}

/**
 * A decision checked against both runs' diagnoses: an unstable side leaves it inconclusive, a
 * disturbed side turns a fail into inconclusive (a pass stands: its interval already spans the spread).
 */
export function withDiagnoses<D extends { verdict: string; reason?: string | undefined }>(
  decision: D,
  sides: { head: RunDiagnosis | null; base: RunDiagnosis | null },
): D {
  // An unstable run is the reason to give even where the interval alone was undecided.
  const unstable = describeSides(sides, 'unstable');
  if (unstable !== null) return { ...decision, verdict: 'inconclusive', reason: `unstable samples: ${unstable}` };
  if (decision.verdict === 'inconclusive') return decision;
  const disturbed = describeSides(sides, 'disturbed');
  if (decision.verdict === 'fail' && disturbed !== null)
    return { ...decision, verdict: 'inconclusive', reason: `a disturbed run cannot support a blocking verdict: ${disturbed}` };
  return decision;
}

function describeSides(sides: { head: RunDiagnosis | null; base: RunDiagnosis | null }, key: 'unstable' | 'disturbed'): string | null {
  const head = sides.head?.[key] ?? null;
  if (head !== null) return `head: ${head}`;
  const base = sides.base?.[key] ?? null;
  return base === null ? null : `baseline: ${base}`;
}
