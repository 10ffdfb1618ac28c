import { type Finding, finding } from '../../report/model.js';
import { describeBound } from './check-bounds.js';
import { exceeds, formatNumbers } from './compare-numbers.js';
import type { PatternMatch } from './match-pattern.js';

/** A matched metric with a finite value: one slice of a wildcard pattern. */
export interface Slice {
  match: PatternMatch;
  value: number;
}

/**
 * The bias guardrail: the difference between the best and the worst slice a wildcard pattern
 * matches (`slices.*.accuracy`) must stay within `max_gap`. The finding names both extremes,
 * since that pair is what a reviewer looks at, and carries the baseline's gap when known.
 */
export function checkGap(pattern: string, slices: Slice[], bound: number, baselineGap: number | null): Finding | null {
  const worst = extreme(slices, (a, b) => a < b);
  const best = extreme(slices, (a, b) => a > b);
  if (worst === undefined || best === undefined) return null;
  const gap = best.value - worst.value;
  const failed = exceeds(gap, bound, best.value, worst.value);
  const [shownGap, shownBest, shownWorst, shownBound] = formatNumbers(gap, best.value, worst.value, bound);
  const then = baselineGap === null ? '' : ` (${formatNumbers(baselineGap)[0]} at the baseline)`;
  const tail = failed ? `at most ${shownBound} allowed` : `within the ${shownBound} allowed`;
  const message =
    slices.length === 1
      ? `only one slice matches ${pattern} (${sliceName(best)}), so there is no gap to measure`
      : `${pattern} differs by ${shownGap}${then} between ${sliceName(best)} (${shownBest}) and ${sliceName(worst)} (${shownWorst}) across ${slices.length} slices; ${tail}`;
  return finding({
    check: 'max_gap',
    status: failed ? 'fail' : 'pass',
    message,
    observed: gap,
    expected: describeBound('max_gap', bound),
    baseline: baselineGap,
    file: worst.match.entry.file,
    line: failed ? worst.match.entry.locate() : null,
    subject: pattern,
    samples: [best, worst].map((slice) => ({ slice: sliceName(slice), key: slice.match.entry.key, value: slice.value })),
  });
}

/** The gap of the same pattern at the baseline, for context; null with fewer than two slices. */
export function measureGap(values: number[]): number | null {
  if (values.length < 2) return null;
  return Math.max(...values) - Math.min(...values);
}

function extreme(slices: Slice[], better: (a: number, b: number) => boolean): Slice | undefined {
  let found: Slice | undefined;
  for (const slice of slices) if (found === undefined || better(slice.value, found.value)) found = slice;
  return found;
}

/** The part of the key a `*` stood for (`male`), or the whole key for several wildcards. */
function sliceName(slice: Slice): string {
  const { captures, entry } = slice.match;
  return captures.length === 1 ? (captures[0] ?? entry.key) : entry.key;
}
