import type { Bound } from '../contract-model.js';
import { describeBound, satisfies } from '../contracts/quality.js';

/**
 * A check compiled to SQL: an aggregate expression measured in the one scan all checks share,
 * and (for row-level checks) the predicate that selects failing rows, used again to fetch a
 * few example rows when the check fails.
 */
export interface CheckPlan {
  check: string;
  subject?: string | undefined;
  severity: 'error' | 'warning';
  /** Aggregate SQL over the data view. */
  expr: string;
  /** Row predicate: true for a failing row. */
  predicate?: string | undefined;
  /** Rows to show for this check instead of `predicate` (duplicates). */
  samplesFrom?: ((view: string, limit: number) => string) | undefined;
  /** Columns shown in example rows besides the subject. */
  sampleColumns?: string[] | undefined;
  judge(value: unknown, total: number): Judgement;
  source?: { file: string; line?: number | undefined } | undefined;
}

export interface Judgement {
  pass: boolean;
  message: string;
  observed: unknown;
  expected: unknown;
}

export function percentOf(count: number, total: number): number {
  return total === 0 ? 0 : (100 * count) / total;
}

export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/**
 * Judges a count of failing rows against a bound (default: none may fail), in rows or in
 * percent of all rows: "2 of 5 rows (40.0%) …; expected < 10%".
 */
export function judgeCount(what: string, bound: Bound = { op: 'eq', value: 0 }, unit: 'rows' | 'percent' = 'rows') {
  return (value: unknown, total: number): Judgement => {
    const count = Number(value ?? 0);
    const percent = percentOf(count, total);
    const measured = unit === 'percent' ? percent : count;
    const pass = satisfies(unit === 'percent' ? Number(percent.toFixed(6)) : count, bound);
    const share = `${count} of ${total} rows (${formatPercent(percent)})`;
    const expected = unit === 'percent' ? describeBound(bound, '%') : describeBound(bound, ' rows');
    const defaultBound = bound.op === 'eq' && bound.value === 0;
    return {
      pass,
      message: defaultBound
        ? pass
          ? `no rows ${what}`
          : `${share} ${what}`
        : `${unit === 'percent' ? `${formatPercent(percent)} (${count} of ${total} rows)` : share} ${what}; expected ${expected}`,
      observed:
        unit === 'percent'
          ? { rows: count, fraction: round(percent / 100), percent: round(measured), total }
          : { rows: count, fraction: round(percent / 100), total },
      expected: defaultBound ? 0 : expected,
    };
  };
}

/** Judges a measured number (row count, SQL result) against a bound. */
export function judgeValue(what: string, bound: Bound) {
  return (value: unknown): Judgement => {
    const measured = value === null || value === undefined ? Number.NaN : Number(value);
    const pass = !Number.isNaN(measured) && satisfies(measured, bound);
    return {
      pass,
      message: `${what} is ${Number.isNaN(measured) ? String(value) : round(measured)}; expected ${describeBound(bound)}`,
      observed: Number.isNaN(measured) ? value : measured,
      expected: describeBound(bound),
    };
  };
}

export function round(value: number, digits = 6): number {
  return Number(value.toFixed(digits));
}
