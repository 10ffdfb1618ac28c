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
  // A typed array sorts numerically in native code: a million samples take milliseconds, not seconds.
  const sorted = Float64Array.from(samples).sort();
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
export function seedFrom(...sides: readonly (readonly number[])[]): number {
  let hash = 2166136261;
  for (const values of sides) for (const value of values) hash = Math.imul(hash ^ Math.floor(value * 1e6), 16777619);
  return hash >>> 0;
}

/** Resamples drawn per side: past it the bootstrap draws this many and rescales (see bootstrapLogRatio). */
export const BOOTSTRAP_DRAWS = 10_000;
/** Draws between two yields to the event loop: a few milliseconds of work, so a server stays responsive. */
const DRAWS_PER_SLICE = 200_000;

/**
 * Percentile bootstrap of ln(stat(head) / stat(base)) from two runs' samples. Its cost is bounded
 * whatever n: a side with more than BOOTSTRAP_DRAWS samples is resampled m = BOOTSTRAP_DRAWS at a
 * time (the m-out-of-n bootstrap), and each resample's deviation from that side's full-sample
 * estimate is scaled by sqrt(m / n), as the spread shrinks with 1/sqrt(n). Up to that size it is
 * the plain bootstrap. The work yields to the event loop between slices and stops on `signal`.
 */
export async function bootstrapLogRatio(
  base: readonly number[],
  head: readonly number[],
  statistic: StatisticName,
  confidence: number,
  signal?: AbortSignal,
  resamples = 2000,
): Promise<[number, number]> {
  const random = seededRandom(seedFrom(base, head));
  const sides = [head, base].map((values) => ({
    values,
    scratch: new Float64Array(Math.min(values.length, BOOTSTRAP_DRAWS)),
    // ln(stat) of all samples and sqrt(m / n): a resample's deviation from it, scaled, is the full sample's.
    full: values.length > BOOTSTRAP_DRAWS ? Math.log(computeStatistic(values, statistic)) : 0,
    scale: Math.sqrt(Math.min(1, BOOTSTRAP_DRAWS / values.length)),
  }));
  const subsampled = sides.some((side) => side.scale < 1);
  const draw = (side: (typeof sides)[number]) => {
    const { values, scratch } = side;
    for (let i = 0; i < scratch.length; i++) scratch[i] = values[Math.floor(random() * values.length)]!;
    const value = statisticOfScratch(scratch, statistic);
    return subsampled ? Math.exp(side.full + (Math.log(value) - side.full) * side.scale) : value;
  };
  const ratios = new Float64Array(resamples);
  let sinceYield = 0;
  for (let i = 0; i < resamples; i++) {
    ratios[i] = Math.log(draw(sides[0]!) / draw(sides[1]!));
    sinceYield += sides[0]!.scratch.length + sides[1]!.scratch.length;
    if (sinceYield >= DRAWS_PER_SLICE) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  }
  ratios.sort();
  const tail = (1 - confidence) / 2;
  return [quantileSorted(ratios, tail), quantileSorted(ratios, 1 - tail)];
}

/** The statistic of a resample; quantiles by selection, not a full sort (same value, linear time). */
function statisticOfScratch(values: Float64Array, statistic: StatisticName): number {
  if (statistic === 'mean' || statistic === 'throughput') {
    let sum = 0;
    for (const value of values) sum += value;
    return sum / values.length;
  }
  if (statistic === 'min') {
    let min = Number.POSITIVE_INFINITY;
    for (const value of values) if (value < min) min = value;
    return min;
  }
  const position = (values.length - 1) * { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 }[statistic];
  const low = Math.floor(position);
  const a = selectKth(values, low);
  if (position === low) return a;
  // After selection everything right of `low` is >= a: the next order statistic is their minimum.
  let b = Number.POSITIVE_INFINITY;
  for (let i = low + 1; i < values.length; i++) if (values[i]! < b) b = values[i]!;
  return a + (b - a) * (position - low);
}

/** Hoare's selection (quickselect): the k-th smallest, leaving smaller values left of k and larger right. */
function selectKth(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >>> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}
