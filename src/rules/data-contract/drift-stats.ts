/**
 * The statistics behind drift checks, on counts already aggregated by DuckDB: population
 * stability index over shared bins, and the two-sample Kolmogorov–Smirnov distance with its
 * asymptotic p-value.
 */

/** Empty bins get this share, so that log(0) never appears (the usual PSI convention). */
const EPSILON = 1e-4;

/** PSI = Σ (head − base) · ln(head / base) over bins, with shares of each side's total. */
export function populationStabilityIndex(baseline: number[], head: number[]): number {
  const baseTotal = baseline.reduce((a, b) => a + b, 0);
  const headTotal = head.reduce((a, b) => a + b, 0);
  if (baseTotal === 0 || headTotal === 0) return Number.NaN;
  let psi = 0;
  for (let i = 0; i < baseline.length; i++) {
    const expected = Math.max((baseline[i] ?? 0) / baseTotal, EPSILON);
    const actual = Math.max((head[i] ?? 0) / headTotal, EPSILON);
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}

/**
 * KS distance from both sides' value counts on a common sorted grid of values: the largest
 * gap between the two empirical CDFs.
 */
export function ksDistance(grid: number[], baseline: Map<number, number>, head: Map<number, number>): number {
  const baseTotal = sum(baseline);
  const headTotal = sum(head);
  if (baseTotal === 0 || headTotal === 0) return Number.NaN;
  let baseCum = 0;
  let headCum = 0;
  let distance = 0;
  for (const value of grid) {
    baseCum += baseline.get(value) ?? 0;
    headCum += head.get(value) ?? 0;
    distance = Math.max(distance, Math.abs(baseCum / baseTotal - headCum / headTotal));
  }
  return distance;
}

/** Asymptotic p-value of a two-sample KS distance (Kolmogorov distribution, Stephens' correction). */
export function ksPValue(distance: number, n: number, m: number): number {
  const en = Math.sqrt((n * m) / (n + m));
  const lambda = (en + 0.12 + 0.11 / en) * distance;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-10) break;
  }
  return Math.min(1, Math.max(0, sum));
}

function sum(counts: Map<number, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
