/**
 * Comparisons and number formatting shared by the checks. Metrics come out of float
 * arithmetic (0.1 + 0.2 is 0.30000000000000004), so a bound is only exceeded by more than a
 * relative 1e-9 of the magnitudes involved: noise never fails a check, a real change always
 * does. Findings still carry the raw numbers.
 */
const RELATIVE_EPSILON = 1e-9;

/** Whether `amount` is above `bound` by more than float noise at the scale of `context` values. */
export function exceeds(amount: number, bound: number, ...context: number[]): boolean {
  return amount - bound > tolerance(amount, bound, ...context);
}

/** Whether two numbers differ by more than float noise. */
export function differ(a: number, b: number): boolean {
  return Math.abs(a - b) > tolerance(a, b);
}

function tolerance(...values: number[]): number {
  return RELATIVE_EPSILON * Math.max(...values.map(Math.abs));
}

const MIN_DECIMALS = 3;
const MAX_DECIMALS = 12;

/**
 * Formats numbers for one message with a shared number of decimals (at least three, as in
 * `0.930 → 0.900`), adding decimals until numbers that really differ read differently and no
 * non-zero number reads as zero, so a reviewer never sees "0.900; at least 0.900 required".
 */
export function formatNumbers(...values: number[]): string[] {
  for (let decimals = MIN_DECIMALS; decimals <= MAX_DECIMALS; decimals++) {
    const texts = values.map((value) => formatFixed(value, decimals));
    if (readsFaithfully(values, texts)) return texts;
  }
  return values.map((value) => String(value));
}

/** A percentage for messages: `2.5%`, `0.25%`, `12%`. */
export function formatPercent(value: number): string {
  const rounded = Number(value.toPrecision(3));
  return `${Math.abs(rounded) >= 1e6 ? rounded.toExponential(2) : String(rounded)}%`;
}

function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e9) return value.toPrecision(6);
  const text = value.toFixed(decimals);
  return /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

function readsFaithfully(values: number[], texts: string[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (value !== 0 && Number(texts[i]) === 0) return false;
    for (let j = i + 1; j < values.length; j++) {
      if (texts[i] === texts[j] && differ(value, values[j] ?? 0)) return false;
    }
  }
  return true;
}
