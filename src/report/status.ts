import type { Finding, OnMissing, RuleResult, Severity, Status, Verdict } from './model.js';

/**
 * The one status order, worst first: how a rule's status is decided from its findings and the
 * order every renderer lists rules and findings in. Import it; do not keep a copy.
 */
export const STATUS_ORDER: readonly Status[] = ['error', 'fail', 'warn', 'pass', 'skip'];

/** For `sort`: negative when `a` is worse than `b`. */
export function compareStatus(a: Status, b: Status): number {
  return STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b);
}

/** Items worst status first; a stable sort keeps equal statuses in their given order. */
export function sortByStatus<T extends { status: Status }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareStatus(a.status, b.status));
}

export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status | undefined;
  for (const status of statuses) {
    if (worst === undefined || compareStatus(status, worst) < 0) worst = status;
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
