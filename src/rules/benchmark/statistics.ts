/**
 * The small amount of statistics the benchmark decision needs, written out so that the method
 * is readable in one place: order statistics, Student's t quantiles, a seeded bootstrap.
 */

export const STATISTICS = ['mean', 'p50', 'p90', 'p95', 'p99', 'min', 'throughput'] as const;
export type StatisticName = (typeof STATISTICS)[number];

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/** Quantile of sorted values with linear interpolation (Hyndman & Fan type 7, as numpy). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low]!;
  return a + (sorted[high]! - a) * (position - low);
}

/**
 * The chosen statistic of one run's latencies. Throughput is judged as the time per item it
 * implies (the mean), so that "an increase" means a slowdown for every statistic.
 */
export function computeStatistic(samples: readonly number[], statistic: StatisticName): number {
  if (statistic === 'mean' || statistic === 'throughput') return mean(samples);
  const sorted = [...samples].sort((a, b) => a - b);
  if (statistic === 'min') return sorted[0]!;
  const p = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 }[statistic];
  return quantileSorted(sorted, p);
}

/** Student's t quantile: the t with P(T <= t) = p for `df` degrees of freedom. */
export function tQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let low = 0;
  let high = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (tCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** P(T <= t) for t >= 0, through the regularized incomplete beta function. */
function tCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  return 1 - 0.5 * incompleteBeta(x, df / 2, 0.5);
}

function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

// Lentz's continued fraction for the incomplete beta (Numerical Recipes, 6.4).
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const term of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + term * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + term / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-12) break;
  }
  return h;
}

function logGamma(z: number): number {
  // Lanczos approximation (g = 7), accurate to ~15 digits for z > 0.
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = g[0]!;
  for (let i = 1; i < 9; i++) sum += g[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** A small seeded generator (mulberry32): the same samples always give the same interval. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed derived from the data, so that a verdict is reproducible from the same files. */
export function seedFrom(values: readonly number[]): number {
  let hash = 2166136261;
  for (const value of values) hash = Math.imul(hash ^ Math.floor(value * 1e6), 16777619);
  return hash >>> 0;
}

/** Percentile bootstrap of ln(stat(head) / stat(base)) from two runs' samples. */
export function bootstrapLogRatio(
  base: readonly number[],
  head: readonly number[],
  statistic: StatisticName,
  confidence: number,
  resamples = 2000,
): [number, number] {
  const random = seededRandom(seedFrom([...base, ...head]));
  // Typed arrays sort numerically in native code: the bootstrap is most of the rule's CPU time.
  const scratch = { base: new Float64Array(base.length), head: new Float64Array(head.length) };
  const draw = (values: readonly number[], into: Float64Array) => {
    for (let i = 0; i < into.length; i++) into[i] = values[Math.floor(random() * values.length)]!;
    return statisticOfSorted(into.sort(), statistic);
  };
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = Math.log(draw(head, scratch.head) / draw(base, scratch.base));
  ratios.sort();
  const tail = (1 - confidence) / 2;
  const sorted = Array.from(ratios);
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

function statisticOfSorted(sorted: Float64Array, statistic: StatisticName): number {
  if (statistic === 'mean' || statistic === 'throughput') {
    let sum = 0;
    for (const value of sorted) sum += value;
    return sum / sorted.length;
  }
  if (statistic === 'min') return sorted[0]!;
  return quantileSorted(sorted, { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 }[statistic]);
}
