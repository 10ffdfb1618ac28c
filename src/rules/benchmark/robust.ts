/**
 * Robust statistics for the decision: medians and MADs, and the Hodges–Lehmann estimate with the
 * Wilcoxon signed-rank interval, so that one slow process (an outlier pair) cannot wreck a verdict.
 */

/** Median of the values (not sorted in place). */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation scaled by 1.4826: the standard deviation for normal data, robust to outliers. */
export function robustSpread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const center = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/**
 * Centre and spread from the shortest window holding 60% of the values (the "shorth"): unlike the
 * MAD, it stays on the main group when up to 40% of the values are far off it (slow processes).
 */
export function shorth(values: readonly number[]): { center: number; spread: number } {
  const sorted = Float64Array.from(values).sort();
  const h = Math.max(2, Math.ceil(0.6 * sorted.length));
  let best = 0;
  for (let i = 1; i + h - 1 < sorted.length; i++) if (sorted[i + h - 1]! - sorted[i]! < sorted[best + h - 1]! - sorted[best]!) best = i;
  const window = Array.from(sorted.subarray(best, best + h));
  // A normal distribution holds 60% of its mass within ±0.8416 standard deviations.
  return { center: median(window), spread: (window[window.length - 1]! - window[0]!) / 2 / 0.8416 };
}

export interface SignedRankInterval {
  /** Hodges–Lehmann estimate: the median of the Walsh averages (x_i + x_j) / 2, i <= j. */
  estimate: number;
  /** The matching interval from the signed-rank distribution; null when n is too small for the confidence. */
  interval: [number, number] | null;
}

/** Above this many values the signed-rank statistic is approximated by the normal distribution. */
const EXACT_UP_TO = 20;

/**
 * Hodges–Lehmann estimate and Wilcoxon signed-rank confidence interval of the centre of `values`
 * (here: log-ratios of pairs). The interval is [W_(c), W_(M+1−c)] of the M sorted Walsh averages,
 * c from the exact null distribution of the signed-rank statistic up to 20 values, normal beyond.
 */
export function signedRankInterval(values: readonly number[], confidence: number): SignedRankInterval {
  const n = values.length;
  const walsh = new Float64Array((n * (n + 1)) / 2);
  let next = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh[next++] = (values[i]! + values[j]!) / 2;
  walsh.sort();
  const m = walsh.length;
  const estimate = m % 2 === 1 ? walsh[m >> 1]! : (walsh[m / 2 - 1]! + walsh[m / 2]!) / 2;
  const c = signedRankCritical(n, (1 - confidence) / 2);
  if (c < 1) return { estimate, interval: null };
  return { estimate, interval: [walsh[c - 1]!, walsh[m - c]!] };
}

/** The largest c with P(T <= c − 1) <= tail under the null (T: the signed-rank statistic of n values). */
export function signedRankCritical(n: number, tail: number): number {
  const m = (n * (n + 1)) / 2;
  if (n > EXACT_UP_TO) {
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
    return Math.max(0, Math.floor(m / 2 - normalQuantile(1 - tail) * sd + 0.5));
  }
  // counts[t]: the number of the 2^n sign patterns whose positive ranks sum to t.
  let counts = new Float64Array(m + 1);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    const next = Float64Array.from(counts);
    for (let t = rank; t <= m; t++) next[t]! += counts[t - rank]!;
    counts = next;
  }
  const total = 2 ** n;
  let cumulative = 0;
  let c = 0;
  while (c <= m && (cumulative + counts[c]!) / total <= tail) cumulative += counts[c++]!;
  return c;
}

/** Standard normal quantile (Acklam's rational approximation, relative error ~1e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Lag-1 autocorrelation of the values around their mean, clipped to [0, 0.95]. */
export function lagOneAutocorrelation(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  let m = 0;
  for (const v of values) m += v;
  m /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (values[i]! - m) ** 2;
    if (i > 0) num += (values[i]! - m) * (values[i - 1]! - m);
  }
  return den === 0 ? 0 : Math.min(0.95, Math.max(0, num / den));
}

/** Effective sample size of autocorrelated rounds (an AR(1) approximation): n·(1−ρ)/(1+ρ). */
export function effectiveSampleSize(n: number, rho: number): number {
  return Math.max(2, (n * (1 - rho)) / (1 + rho));
}
