import type { Report } from '../report/model.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { isBlocking } from '../report/status.js';
import { type AnnotationOptions, buildAnnotations } from './annotations.js';
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

/** A one-line title for the checks list, e.g. "1 of 2 rules block the merge, 1 warning". */
export function checkTitle(report: Report): string {
  const total = report.rules.length;
  const blocking = report.rules.filter(isBlocking).length;
  const warnings = countWarnings(report);
  const note = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  if (report.verdict === 'pass') return `All ${total} rule${total === 1 ? '' : 's'} pass${note}`;
  if (report.verdict === 'error') return `${blocking} blocking rule${blocking === 1 ? '' : 's'} could not be evaluated${note}`;
  return `${blocking} of ${total} rules block the merge${note}`;
}

/** Everything a completed check run shows for a report. */
export function buildCheckOutput(report: Report, failOn: FailOn, options: AnnotationOptions = {}): CheckOutput {
  return {
    conclusion: checkConclusion(report, failOn),
    title: checkTitle(report),
    summary: renderMarkdown(report),
    annotations: buildAnnotations(report, options),
  };
}
