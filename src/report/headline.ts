/**
 * The verdict in words, written once: the comment's heading, the check run's title and the
 * terminal's first line all come from here, so they cannot disagree.
 */
import type { Finding, Report, RuleResult } from './model.js';
import { isBlocking, sortByStatus } from './status.js';
import { shortSha } from './values.js';

/** What a rule amounts to for the merge; every rule is exactly one, so the counts add up. */
export type RuleOutcome = 'failed' | 'unevaluated' | 'warning' | 'passed' | 'skipped';

export function ruleOutcome(rule: Pick<RuleResult, 'severity' | 'status'>): RuleOutcome {
  if (rule.status === 'error') return 'unevaluated';
  if (rule.status === 'fail' && rule.severity === 'error') return 'failed';
  if (rule.status === 'fail' || rule.status === 'warn') return 'warning';
  return rule.status === 'pass' ? 'passed' : 'skipped';
}

export type OutcomeCounts = Record<RuleOutcome, number>;

export function countOutcomes(rules: readonly Pick<RuleResult, 'severity' | 'status'>[]): OutcomeCounts {
  const counts: OutcomeCounts = { failed: 0, unevaluated: 0, warning: 0, passed: 0, skipped: 0 };
  for (const rule of rules) counts[ruleOutcome(rule)] += 1;
  return counts;
}

const WORDS: Record<RuleOutcome, [string, string]> = {
  failed: ['failed', 'failed'],
  unevaluated: ['could not be evaluated', 'could not be evaluated'],
  warning: ['warning', 'warnings'],
  passed: ['passed', 'passed'],
  skipped: ['skipped', 'skipped'],
};

/** `2 failed, 1 could not be evaluated, 1 warning, 3 passed`: the non-zero counts, worst first. */
export function countsPhrase(report: Pick<Report, 'rules'>): string {
  const counts = countOutcomes(report.rules);
  const parts = (Object.keys(WORDS) as RuleOutcome[])
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${counts[outcome]} ${WORDS[outcome][counts[outcome] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : 'no rules';
}

/** The verdict in a few words: `Merge blocked`, `Merge blocked: a guardrail could not be …`. */
export function verdictPhrase(report: Pick<Report, 'verdict'>): string {
  if (report.verdict === 'pass') return 'Nothing blocks the merge';
  if (report.verdict === 'error') return 'Merge blocked: a guardrail could not be evaluated';
  return 'Merge blocked';
}

/** One line for a checks list or a terminal: `Merge blocked (2 failed, 1 warning, of 3 rules)`. */
export function verdictTitle(report: Pick<Report, 'verdict' | 'rules'>): string {
  const n = report.rules.length;
  return `${verdictPhrase(report)} (${countsPhrase(report)}, of ${n} rule${n === 1 ? '' : 's'})`;
}

/** The rules that stop the merge, worst first (could not be evaluated before failed). */
export function blockingRules(report: Pick<Report, 'rules'>): RuleResult[] {
  return sortByStatus(report.rules.filter(isBlocking));
}

/** A rule's problems (failed, errored or warned findings), worst first. */
export function problemsOf(rule: RuleResult): Finding[] {
  return sortByStatus(rule.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'warn'));
}

/**
 * The baseline in a few words: `compared with 2905cc3, the merge-base with main`. The full
 * sentence (which refs, which fallback) stays in BaselineInfo.description.
 */
export function baselinePhrase(report: Pick<Report, 'baseline' | 'base'>): { sha: string | null; words: string } {
  const { baseline } = report;
  if (baseline.sha === null && report.base === null) return { sha: null, words: `no baseline: ${baseline.description}` };
  const sha = shortSha(baseline.sha ?? report.base);
  if (baseline.method === 'merge-base') {
    const branch = /^merge-base of (\S+)/.exec(baseline.description)?.[1];
    return { sha, words: branch === undefined ? 'the merge-base' : `the merge-base with ${branch}` };
  }
  return { sha, words: baseline.description };
}
