import { verdictTitle } from '../report/headline.js';
import type { Report } from '../report/model.js';
import { type MarkdownOptions, renderMarkdown } from '../report/render-markdown.js';
import { isBlocking } from '../report/status.js';
import { type AnnotationOptions, buildAnnotations } from './annotations.js';
import { renderDigest } from './check-digest.js';
import type { CheckConclusion, CheckOutput } from './check-run.js';

/**
 * When the result stops the merge: `error` blocks on a failed or unevaluated blocking rule (the
 * verdict), `warning` also on any warning, `never` only reports.
 */
export type FailOn = 'error' | 'warning' | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];

export function countWarnings(report: Report): number {
  return report.rules.filter((r) => r.status === 'warn' || (!isBlocking(r) && (r.status === 'fail' || r.status === 'error'))).length;
}

export function isBlocked(report: Report, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (report.verdict !== 'pass') return true;
  return failOn === 'warning' && countWarnings(report) > 0;
}

/**
 * `failure` exactly when the step fails (so a required check blocks what the step blocks);
 * `neutral` when something needs a look but does not block (GitHub lets neutral checks merge);
 * `success` when every rule passed.
 */
export function checkConclusion(report: Report, failOn: FailOn): CheckConclusion {
  if (isBlocked(report, failOn)) return 'failure';
  if (report.verdict !== 'pass' || countWarnings(report) > 0) return 'neutral';
  return 'success';
}

/** The checks list's one line: the comment's headline, e.g. "Merge blocked (2 failed, 1 warning, of 3 rules)". */
export function checkTitle(report: Report): string {
  return verdictTitle(report);
}

/** Everything a completed check run shows for a report; the summary is the comment's page. */
export function buildCheckOutput(report: Report, failOn: FailOn, options: AnnotationOptions & MarkdownOptions = {}): CheckOutput {
  return {
    conclusion: checkConclusion(report, failOn),
    title: checkTitle(report),
    summary: renderMarkdown(report, options),
    digest: renderDigest(report),
    annotations: buildAnnotations(report, options),
  };
}
