import { mean, standardDeviation } from './statistics.js';

/**
 * Signs that one run's samples do not measure one steady thing: a trend across the run
 * (warming up, throttling) or several modes (clock states, a second process). A run like that
 * is not evidence either way, so the decision becomes inconclusive and says which sign it saw.
 */
const MIN_SAMPLES = 8;

export function describeInstability(samples: readonly number[], maxIncreasePct: number): string | null {
  if (samples.length < MIN_SAMPLES || samples.some((v) => v <= 0)) return null;
  const logs = samples.map(Math.log);
  const limit = Math.log(1 + maxIncreasePct / 100);
  return describeTrend(logs, limit) ?? describeModes(logs, limit);
}

/** Least-squares slope of ln(latency) against the round: a drift larger than the bound. */
function describeTrend(logs: number[], limit: number): string | null {
  const n = logs.length;
  const xs = logs.map((_, i) => i);
  const mx = mean(xs);
  const my = mean(logs);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (logs[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  const residuals = logs.map((y, i) => y - my - slope * (xs[i]! - mx));
  const se = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (n - 2) / sxx);
  const total = slope * (n - 1);
  if (Math.abs(total) > limit && Math.abs(slope) > 4 * se) {
    return `the samples drift by ${((Math.exp(total) - 1) * 100).toFixed(1)}% from first to last round`;
  }
  return null;
}

/** The widest gap between sorted samples, with a fifth of them on each side, far wider than either side. */
function describeModes(logs: number[], limit: number): string | null {
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

/** A decision made inconclusive when either side's samples are unstable (the reason says which). */
export function withStability<D extends { verdict: string; reason?: string | undefined }>(
  decision: D,
  sides: { head: readonly number[]; base: readonly number[] },
  maxIncreasePct: number,
): D {
  if (decision.verdict === 'inconclusive') return decision;
  const head = describeInstability(sides.head, maxIncreasePct);
  const base = head === null ? describeInstability(sides.base, maxIncreasePct) : null;
  if (head === null && base === null) return decision;
  return {
    ...decision,
    verdict: 'inconclusive',
    reason: `unstable samples: ${head === null ? `baseline: ${base}` : `head: ${head}`}`,
  } as D;
}
