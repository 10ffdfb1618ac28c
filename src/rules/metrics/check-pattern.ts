import { closestMatch } from '../../did-you-mean.js';
import { type Finding, finding } from '../../report/model.js';
import type { RuleContext } from '../types.js';
import { baselineChecksOf, checkAbsolute, checkAgainstBaseline, describeBound } from './check-bounds.js';
import { checkGap, measureGap, type Slice } from './check-gap.js';
import { matchPattern, parsePattern } from './match-pattern.js';
import type { MetricEntry, MetricTable, MetricValue } from './metric-table.js';
import type { MetricChecks } from './options.js';

/** The baseline side of a comparison: its metrics, or why there are none. */
export type BaselineSide = { table: MetricTable; where: string } | { problem: string };

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
  const { pattern: text, checks, head, baseline, file } = input;
  const pattern = parsePattern(text);
  const matches = matchPattern(pattern, head);
  if (matches.length === 0) return [describeNoMatch(text, pattern.wildcard, head, file)];

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
  if ('problem' in baseline) problem = baseline.problem;
  else {
    const base = baseline.table.entries.get(entry.key);
    const invalid = base === undefined ? undefined : describeInvalid(base.value);
    if (base?.value.kind === 'number' && invalid === undefined) {
      return checkAgainstBaseline(entry, value, base.value.value, checks);
    }
    problem = base === undefined ? `it is not in ${input.file} ${baseline.where}` : `it is ${invalid ?? 'not a number'} ${baseline.where}`;
  }
  return [
    context.missing({
      check: 'baseline',
      message: `no baseline for ${entry.key}: ${problem}, so ${wanted.join(', ')} ${wanted.length === 1 ? 'is' : 'are'} not checked`,
      observed: value,
      expected: wanted.map((check) => describeBound(check, checks[check] ?? 0)).join(', '),
      file: entry.file,
      subject: entry.key,
    }),
  ];
}

/** Why a value cannot be checked (`NaN`, `infinite`, `the string "x"`), or undefined if it can. */
function describeInvalid(value: MetricValue): string | undefined {
  if (value.kind === 'other') return value.description;
  if (Number.isNaN(value.value)) return 'NaN';
  if (!Number.isFinite(value.value)) return `infinite (${value.value})`;
  return undefined;
}

function invalidValue(entry: MetricEntry, problem: string): Finding {
  return finding({
    check: 'value',
    status: 'error',
    message: `${entry.key} in ${entry.file} is ${problem}; expected a finite number`,
    observed: entry.value.kind === 'number' ? String(entry.value.value) : entry.value.description,
    expected: 'a finite number',
    file: entry.file,
    line: entry.locate(),
    subject: entry.key,
  });
}

function describeNoMatch(pattern: string, wildcard: boolean, head: MetricTable, file: string): Finding {
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
  const guess = closestMatch(pattern, head.entries.keys());
  const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`;
  return finding({
    check: 'value',
    status: 'error',
    message: `${pattern} is missing from ${file}${hint}; expected a number there`,
    expected: 'a finite number',
    file,
    subject: pattern,
  });
}

function baselineGap(input: PatternInput): number | null {
  if ('problem' in input.baseline) return null;
  const values: number[] = [];
  for (const { entry } of matchPattern(parsePattern(input.pattern), input.baseline.table)) {
    if (entry.value.kind === 'number' && Number.isFinite(entry.value.value)) values.push(entry.value.value);
  }
  return measureGap(values);
}
