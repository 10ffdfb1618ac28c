import { type Finding, finding, type Status } from '../../report/model.js';
import { differ, exceeds, formatNumbers, formatPercent } from './compare-numbers.js';
import type { MetricEntry } from './metric-table.js';
import type { MetricChecks } from './options.js';

/** The bound of a check as reports show it in the `expected` column. */
export function describeBound(check: keyof MetricChecks, bound: number): string {
  switch (check) {
    case 'min':
      return `>= ${bound}`;
    case 'max':
      return `<= ${bound}`;
    case 'max_drop':
      return `drop <= ${bound}`;
    case 'max_rise':
      return `rise <= ${bound}`;
    case 'max_drop_pct':
      return `drop <= ${bound}%`;
    case 'max_rise_pct':
      return `rise <= ${bound}%`;
    case 'max_gap':
      return `gap <= ${bound}`;
  }
}

/** Findings for `min` and `max`, which need no baseline. */
export function checkAbsolute(entry: MetricEntry, value: number, checks: MetricChecks): Finding[] {
  const findings: Finding[] = [];
  if (checks.min !== undefined) {
    const failed = exceeds(checks.min, value);
    const [shown, bound] = formatNumbers(value, checks.min);
    const message = failed
      ? `${entry.key} is ${shown}; at least ${bound} required`
      : `${entry.key} is ${shown}, at least ${bound} as required`;
    findings.push(metricFinding(entry, 'min', failed, message, value, checks.min, null));
  }
  if (checks.max !== undefined) {
    const failed = exceeds(value, checks.max);
    const [shown, bound] = formatNumbers(value, checks.max);
    const message = failed
      ? `${entry.key} is ${shown}; at most ${bound} allowed`
      : `${entry.key} is ${shown}, at most ${bound} as required`;
    findings.push(metricFinding(entry, 'max', failed, message, value, checks.max, null));
  }
  return findings;
}

export const BASELINE_CHECKS = ['max_drop', 'max_rise', 'max_drop_pct', 'max_rise_pct'] as const;
export type BaselineCheck = (typeof BASELINE_CHECKS)[number];

/** The baseline-relative checks a metric has, for "not checked" messages. */
export function baselineChecksOf(checks: MetricChecks): BaselineCheck[] {
  return BASELINE_CHECKS.filter((check) => checks[check] !== undefined);
}

/** Findings for the checks against the baseline value: drop and rise, absolute and percent. */
export function checkAgainstBaseline(entry: MetricEntry, value: number, base: number, checks: MetricChecks): Finding[] {
  const findings: Finding[] = [];
  for (const check of baselineChecksOf(checks)) {
    const bound = checks[check] ?? 0;
    const direction = check.startsWith('max_drop') ? 'drop' : 'rise';
    const percent = check.endsWith('_pct');
    findings.push(checkChange(entry, check, { value, base, bound, direction, percent }));
  }
  return findings;
}

interface Change {
  value: number;
  base: number;
  bound: number;
  direction: 'drop' | 'rise';
  percent: boolean;
}

function checkChange(entry: MetricEntry, check: BaselineCheck, change: Change): Finding {
  const { value, base, bound, direction, percent } = change;
  // How far the metric moved the guarded way (negative: it moved the other way).
  const moved = direction === 'drop' ? base - value : value - base;
  const verb = direction === 'drop' ? 'dropped' : 'rose';
  const [shownMoved, shownBase, shownValue, shownBound] = formatNumbers(Math.abs(moved), base, value, bound);
  const transition = `(${shownBase} → ${shownValue})`;
  if (!exceeds(moved, 0, base, value)) {
    const message = !differ(value, base) ? `${entry.key} is unchanged at ${shownValue}` : `${entry.key} did not ${direction} ${transition}`;
    return metricFinding(entry, check, false, message, value, bound, base);
  }
  if (!percent) {
    const failed = exceeds(moved, bound, base, value);
    const tail = failed ? `at most ${shownBound} allowed` : `within the ${shownBound} allowed`;
    return metricFinding(entry, check, failed, `${entry.key} ${verb} by ${shownMoved} ${transition}; ${tail}`, value, bound, base);
  }
  if (base === 0) {
    // A change from a zero baseline is an unbounded percentage: any move the guarded way
    // fails, since no percent bound can allow it; no move (or one the other way) passes.
    const message = `${entry.key} ${verb} from a baseline of 0 to ${shownValue}; a percentage of 0 is unbounded, so any ${direction} exceeds ${bound}%`;
    return metricFinding(entry, check, true, message, value, bound, base);
  }
  // Percent of |baseline|, so a negative baseline (a log-likelihood) still reads the right way.
  const failed = exceeds(moved, (bound / 100) * Math.abs(base), base, value);
  const shownPercent = formatPercent((moved / Math.abs(base)) * 100);
  const tail = failed ? `at most ${bound}% allowed` : `within the ${bound}% allowed`;
  return metricFinding(entry, check, failed, `${entry.key} ${verb} by ${shownPercent} ${transition}; ${tail}`, value, bound, base);
}

function metricFinding(
  entry: MetricEntry,
  check: keyof MetricChecks,
  failed: boolean,
  message: string,
  observed: number,
  bound: number,
  base: number | null,
): Finding {
  const status: Status = failed ? 'fail' : 'pass';
  return finding({
    check,
    status,
    message,
    observed,
    expected: describeBound(check, bound),
    baseline: base,
    file: entry.file,
    // Only a failure needs its line (for annotations); passing checks skip the lookup.
    line: failed ? entry.locate() : null,
    subject: entry.key,
  });
}
