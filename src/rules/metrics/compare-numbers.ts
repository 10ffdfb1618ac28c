import { formatNumber } from '../../report/values.js';

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

const MIN_DIGITS = 3;
const MAX_DIGITS = 12;

/**
 * Formats numbers for one message as people read them (integers as integers, `0.002225` not
 * `0.002`: report/values.ts's formatNumber), adding significant digits until numbers that really
 * differ read differently and no non-zero number reads as zero, so a reviewer never sees
 * "0.9; at least 0.9 required".
 */
export function formatNumbers(...values: number[]): string[] {
  for (let digits = MIN_DIGITS; digits <= MAX_DIGITS; digits++) {
    const texts = alignDecimals(
      values,
      values.map((value) => formatNumber(value, digits)),
    );
    if (readsFaithfully(values, texts)) return texts;
  }
  return values.map((value) => String(value));
}

/**
 * The numbers of one message to the same decimal place, trailing zeros dropped: `0.93 → 0.9199`
 * rather than `0.93 → 0.92` next to a drop of 0.0101, so the arithmetic a reviewer does adds up.
 */
function alignDecimals(values: number[], texts: string[]): string[] {
  if (texts.some((text) => /e/i.test(text)) || values.some((value) => !Number.isFinite(value))) return texts;
  const decimals = Math.max(0, ...texts.map((text) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0)));
  return values.map((value) => {
    const fixed = value.toFixed(decimals);
    const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
    return /^-0$/.test(trimmed) ? '0' : trimmed;
  });
}

/** A percentage for messages: `2.5%`, `0.25%`, `12%`. */
export function formatPercent(value: number): string {
  const rounded = Number(value.toPrecision(3));
  return `${Math.abs(rounded) >= 1e6 ? rounded.toExponential(2) : String(rounded)}%`;
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
