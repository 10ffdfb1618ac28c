import type { Finding, OnMissing, RuleResult, Severity, Status, Verdict } from './model.js';

/** Worst first: the order in which a rule's own status is decided from its findings. */
const STATUS_RANK: Record<Status, number> = { error: 4, fail: 3, warn: 2, pass: 1, skip: 0 };

export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status | undefined;
  for (const status of statuses) {
    if (worst === undefined || STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst ?? 'skip';
}

/**
 * A rule's status from its findings. A `warning`-severity rule only reports, so its failures
 * read `warn`; an `error` stays an error (it could not be evaluated) but does not block.
 */
export function ruleStatus(findings: readonly Finding[], severity: Severity): Status {
  const worst = worstStatus(findings.map((f) => f.status));
  if (severity === 'warning' && worst === 'fail') return 'warn';
  return worst;
}

/** Whether the rule stops the merge: only `error`-severity rules can block. */
export function isBlocking(rule: Pick<RuleResult, 'severity' | 'status'>): boolean {
  return rule.severity === 'error' && (rule.status === 'fail' || rule.status === 'error');
}

/**
 * `error` when a blocking rule could not be evaluated (its input or baseline was broken),
 * else `fail` when a blocking rule failed, else `pass`. An unevaluated guardrail is never
 * reported as a pass, and it is not disguised as a plain failure either: the fix differs.
 */
export function reportVerdict(rules: readonly Pick<RuleResult, 'severity' | 'status'>[]): Verdict {
  const blocking = rules.filter(isBlocking);
  if (blocking.some((r) => r.status === 'error')) return 'error';
  if (blocking.length > 0) return 'fail';
  return 'pass';
}

/** The status a finding takes for an absent input or baseline, per the rule's `on_missing`. */
export function missingStatus(policy: OnMissing): Status {
  return policy === 'fail' ? 'fail' : policy === 'warn' ? 'warn' : 'skip';
}

/** How a finding reads in a report: a failure inside a `warning`-severity rule is a warning. */
export function shownStatus(status: Status, severity: Severity): Status {
  return severity === 'warning' && status === 'fail' ? 'warn' : status;
}
