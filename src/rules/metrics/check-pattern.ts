import { type Finding, finding } from '../../report/model.js';
import type { RuleContext } from '../types.js';
import { type BaselineCheck, baselineChecksOf, checkAbsolute, checkAgainstBaseline, describeBound } from './check-bounds.js';
import { checkGap, measureGap, type Slice } from './check-gap.js';
import { matchPattern, parsePattern } from './match-pattern.js';
import type { MetricEntry, MetricTable, MetricValue } from './metric-table.js';
import type { MetricChecks } from './options.js';
import { rankByDistance } from './suggest-paths.js';

/**
 * The baseline side of a comparison: its metrics; or `added`, the file is not there because the
 * pull request adds it (so its metrics are new, not missing); or why there is no baseline.
 */
export type BaselineSide =
  | { table: MetricTable; where: string }
  | { added: string; where: string }
  | { problem: string; remedy?: string | undefined; unreadable?: boolean | undefined };

export interface PatternInput {
  pattern: string;
  checks: MetricChecks;
  head: MetricTable;
  baseline: BaselineSide;
  /** The rule's `file`, for findings about metrics that are not there at all. */
  file: string;
  context: RuleContext;
}

/**
 * Every finding for one entry of the rule's `metrics:`: the metrics it names must exist and be
 * finite numbers (else an `error` finding with file, key and line), then each check runs on
 * each matched metric, and `max_gap` once across them all.
 */
export function checkPattern(input: PatternInput): Finding[] {
  const { pattern: text, checks, head, file } = input;
  const pattern = parsePattern(text);
  const matches = matchPattern(pattern, head);
  if (matches.length === 0) return [describeNoMatch(text, pattern.wildcard, head, file, input.context)];

  const findings: Finding[] = [];
  const slices: Slice[] = [];
  for (const match of matches) {
    const { entry } = match;
    const problem = describeInvalid(entry.value);
    if (problem !== undefined || entry.value.kind !== 'number') {
      findings.push(invalidValue(entry, problem ?? 'not a number'));
      continue;
    }
    const value = entry.value.value;
    slices.push({ match, value });
    findings.push(...checkAbsolute(entry, value, checks));
    findings.push(...compareWithBaseline(input, entry, value));
  }
  if (checks.max_gap !== undefined) {
    const gap = checkGap(text, slices, checks.max_gap, baselineGap(input));
    if (gap !== null) findings.push(gap);
  }
  return findings;
}

function compareWithBaseline(input: PatternInput, entry: MetricEntry, value: number): Finding[] {
  const { checks, baseline, context } = input;
  const wanted = baselineChecksOf(checks);
  if (wanted.length === 0) return [];
  let problem: string;
  let remedy = '';
  if ('problem' in baseline) {
    problem = baseline.problem;
    remedy = baseline.remedy === undefined ? '' : `; ${baseline.remedy}`;
  } else if ('added' in baseline) return [newInThisPr(entry, value, wanted, baseline.added, checks)];
  else {
    const base = baseline.table.entries.get(entry.key);
    if (base === undefined) return [newInThisPr(entry, value, wanted, `not in ${input.file} ${baseline.where}`, checks)];
    const invalid = base === undefined ? undefined : describeInvalid(base.value);
    if (base?.value.kind === 'number' && invalid === undefined) {
      return checkAgainstBaseline(entry, value, base.value.value, checks);
    }
    problem = `it is ${invalid ?? 'not a number'} ${baseline.where}`;
  }
  const fields = {
    check: 'baseline',
    message: `no baseline for ${entry.key}: ${problem}, so ${wanted.join(', ')} ${wanted.length === 1 ? 'is' : 'are'} not checked${remedy}`,
    observed: value,
    expected: wanted.map((check) => describeBound(check, checks[check] ?? 0)).join(', '),
    file: entry.file,
    subject: entry.key,
  };
  // `on_missing` is for what is absent. A baseline that exists but could not be read (a DVC
  // object not fetched, an LFS pointer, a broken file) fails whatever it says: never a quiet skip.
  if ('unreadable' in baseline && baseline.unreadable === true) return [finding({ ...fields, status: 'fail' })];
  return [context.missing(fields)];
}

/**
 * A metric the pull request adds has no baseline by definition: its relative checks are
 * reported as skipped, not failed, whatever `on_missing` says (absolute bounds still apply).
 */
function newInThisPr(entry: MetricEntry, value: number, wanted: BaselineCheck[], why: string, checks: MetricChecks): Finding {
  return finding({
    check: 'baseline',
    status: 'skip',
    message: `${entry.key} is new in this PR (${why}), so ${wanted.join(', ')} ${wanted.length === 1 ? 'has' : 'have'} nothing to compare with`,
    observed: value,
    expected: wanted.map((check) => describeBound(check, checks[check] ?? 0)).join(', '),
    file: entry.file,
    subject: entry.key,
  });
}

/** Why a value cannot be checked (`NaN`, `infinite`, `the string "x"`), or undefined if it can. */
function describeInvalid(value: MetricValue): string | undefined {
  if (value.kind !== 'number') return value.description;
  if (Number.isNaN(value.value)) return 'NaN';
  if (!Number.isFinite(value.value)) return `infinite (${value.value})`;
  return undefined;
}

function invalidValue(entry: MetricEntry, problem: string): Finding {
  const { value } = entry;
  // An ambiguous key is a rule-file problem with its own remedy, not a value to show.
  const ambiguous = value.kind === 'ambiguous';
  return finding({
    check: 'value',
    status: 'error',
    message: ambiguous
      ? `${entry.key} is ${problem}; ${value.remedy}`
      : `${entry.key} in ${entry.file} is ${problem}; expected a finite number`,
    observed: value.kind === 'number' ? String(value.value) : ambiguous ? null : value.description,
    expected: ambiguous ? 'one definition' : 'a finite number',
    file: entry.file,
    line: entry.locate(),
    subject: entry.key,
  });
}

/**
 * A named metric absent from the head's file is an absent input, like the file itself: `on_missing`
 * decides (fail by default, so the exit code is 1 either way). A wildcard that matches nothing
 * says the rule file and the metrics disagree on their shape: an error.
 */
function describeNoMatch(pattern: string, wildcard: boolean, head: MetricTable, file: string, context: RuleContext): Finding {
  if (wildcard) {
    return finding({
      check: 'pattern',
      status: 'error',
      message: `no metric in ${file} matches ${pattern}; \`*\` stands for exactly one key segment`,
      expected: 'at least one matching metric',
      file,
      subject: pattern,
    });
  }
  return context.missing({
    check: 'value',
    message: `${pattern} is missing from ${file}; ${describeKeys(pattern, head)}`,
    expected: 'a finite number',
    file,
    subject: pattern,
  });
}

/** The keys nearest a mistyped one, or some of those the file has, so the fix is in the message. */
function describeKeys(pattern: string, head: MetricTable): string {
  const keys = [...head.entries.keys()];
  if (keys.length === 0) return 'the file holds no metrics';
  const nearest = rankByDistance(pattern, keys);
  if (nearest.length === 1) return `did you mean ${nearest[0]}?`;
  if (nearest.length > 1) return `nearest keys: ${nearest.join(', ')}`;
  const shown = keys.slice(0, 5).join(', ');
  return keys.length > 5 ? `its keys include ${shown} (${keys.length} in all)` : `its keys are ${shown}`;
}

function baselineGap(input: PatternInput): number | null {
  if (!('table' in input.baseline)) return null;
  const values: number[] = [];
  for (const { entry } of matchPattern(parsePattern(input.pattern), input.baseline.table)) {
    if (entry.value.kind === 'number' && Number.isFinite(entry.value.value)) values.push(entry.value.value);
  }
  return measureGap(values);
}
