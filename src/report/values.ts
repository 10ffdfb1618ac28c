import type { Finding } from './model.js';

/** A value as a reviewer wants to read it: numbers for people, no JSON noise. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  // Structured observations (row counts, distribution statistics) read as `key: value` pairs.
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) =>
      inner !== null && typeof inner === 'object' ? `${key}: (${formatValue(inner)})` : `${key}: ${formatValue(inner)}`,
    )
    .join(', ');
}

/**
 * Integers as integers (`50`, not `50.000`); other numbers to `digits` significant digits
 * (4 by default: `0.002225`, not `0.002`), without the float noise of `0.08599999999999997`.
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/**
 * Several numbers that are read against each other (head and baseline) with enough significant
 * digits that different values still read differently: 0.94213 and 0.94215 are not both `0.9421`.
 */
export function formatNumbers(values: readonly number[]): string[] {
  for (let digits = 4; digits < 12; digits += 1) {
    const shown = values.map((v) => formatNumber(v, digits));
    const distinct = new Set(values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(12)) : v)));
    if (new Set(shown).size === distinct.size) return shown;
  }
  return values.map((v) => formatNumber(v, 12));
}

/** A fraction as a percentage for people: `0.9%` for 0.008721, `0.03%` for a tiny share. */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0 || !Number.isFinite(pct)) return `${pct}%`;
  if (Math.abs(pct) >= 0.1) return `${pct.toFixed(1)}%`;
  return `${Number(pct.toPrecision(1))}%`;
}

/** head − baseline, signed, when both are numbers; '' otherwise. */
export function formatDelta(finding: Finding): string {
  const { observed, baseline } = finding;
  if (typeof observed !== 'number' || typeof baseline !== 'number') return '';
  const delta = observed - baseline;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const pct = baseline !== 0 ? ` (${sign}${formatNumber(Math.abs((delta / baseline) * 100), 3)}%)` : '';
  return `${sign}${formatNumber(Math.abs(delta), 3)}${pct}`;
}

export function shortSha(sha: string | null): string {
  return sha === null ? 'none' : sha.slice(0, 7);
}
