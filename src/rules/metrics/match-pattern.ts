import type { MetricEntry, MetricTable } from './metric-table.js';

/** A metric key pattern: `accuracy`, `eval.f1`, `slices.*.accuracy`. */
export interface MetricPattern {
  text: string;
  segments: string[];
  /** Whether some segment is `*` (matches exactly one key segment). */
  wildcard: boolean;
}

export interface PatternMatch {
  entry: MetricEntry;
  /** What each `*` stood for, in order: the slice names a gap report shows. */
  captures: string[];
}

/** Why a pattern is not usable, or undefined when it is. Used by the options schema. */
export function describeBadPattern(text: string): string | undefined {
  const segments = text.split('.');
  if (segments.some((segment) => segment === '')) {
    return `metric key "${text}" has an empty segment; separate nested keys with single dots`;
  }
  if (segments.some((segment) => segment !== '*' && segment.includes('*'))) {
    return `in "${text}", \`*\` must stand for a whole key segment (e.g. "slices.*.accuracy")`;
  }
  return undefined;
}

export function parsePattern(text: string): MetricPattern {
  const segments = text.split('.');
  return { text, segments, wildcard: segments.includes('*') };
}

/**
 * The metrics a pattern names, in file order. A key with a literal dot in its name (as some
 * tools write `eval.accuracy` flat) is addressed the same way as nested keys: keys are
 * compared dot-segment by dot-segment, so `*` never spans a dot.
 */
export function matchPattern(pattern: MetricPattern, table: MetricTable): PatternMatch[] {
  if (!pattern.wildcard) {
    const entry = table.entries.get(pattern.text);
    return entry === undefined ? [] : [{ entry, captures: [] }];
  }
  const matches: PatternMatch[] = [];
  for (const entry of table.entries.values()) {
    const captures = matchSegments(pattern.segments, entry.key.split('.'));
    if (captures !== null) matches.push({ entry, captures });
  }
  return matches;
}

function matchSegments(pattern: string[], key: string[]): string[] | null {
  if (pattern.length !== key.length) return null;
  const captures: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i];
    const have = key[i] ?? '';
    if (want === '*') captures.push(have);
    else if (want !== have) return null;
  }
  return captures;
}
