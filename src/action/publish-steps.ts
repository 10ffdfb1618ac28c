import { describeThrown, GuardrailsError } from '../errors.js';
import { buildCheckOutput } from '../github/check-output.js';
import { completeCheckRun, failCheckRun } from '../github/check-run.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { Report } from '../report/model.js';
import { renderErrorMarkdown, withFooter } from './messages.js';
import { reportPath, writeReportFile } from './report-file.js';
import type { StepContext } from './step-context.js';

/** Completes the check run: conclusion, summary, tables and annotations in batches of 50. */
export async function completeCheckStep(
  step: StepContext,
  checkRunId: number | undefined,
  report: Report,
  markdown: string,
  fileExists: (file: string) => boolean,
): Promise<void> {
  const { client, writes, repo } = step;
  if (!client || checkRunId === undefined) return;
  const output = buildCheckOutput(report, step.inputs.failOn, { fileExists });
  const done = await writes.attempt('complete the check run', () =>
    completeCheckRun(client, repo, checkRunId, { ...output, summary: markdown }),
  );
  // A rejected report (4xx, e.g. an annotation GitHub refuses) must still end the run; after
  // 5xx and timeouts the retries are spent, and another request would only wait again.
  const status = writes.lastFailedStatus;
  if (done === undefined && writes.canWrite && status !== undefined && status >= 400 && status < 500) {
    await writes.attempt('mark the check run failed', () =>
      failCheckRun(client, repo, checkRunId, 'GitHub refused the report; see the workflow run for it.'),
    );
  }
}

/** One PR comment, edited in place; none outside pull requests or with `comment: false`. */
export async function commentStep(step: StepContext, markdown: string): Promise<void> {
  const { client, target } = step;
  const prNumber = target.prNumber;
  if (!step.inputs.comment || prNumber === undefined || !client) return;
  const result = await step.writes.attempt('comment on the pull request', () => upsertStickyComment(client, step.repo, prNumber, markdown));
  if (result)
    step.host.info(
      `PR comment ${result.action} (id ${result.commentId}${result.removedDuplicates > 0 ? `, ${result.removedDuplicates} duplicate(s) removed` : ''})`,
    );
}

/** The rules could not run (bad rule file, missing ref): say so everywhere and end the check run. */
export async function reportEvaluationError(
  step: StepContext,
  error: unknown,
  checkRunId: number | undefined,
): Promise<{ reportFile: string; failure: string | undefined }> {
  const { host, client, writes } = step;
  const message = describeThrown(error);
  const where =
    error instanceof GuardrailsError && error.file !== undefined
      ? { file: error.file, startLine: error.line, title: 'ml-guardrails' }
      : undefined;
  host.error(message, where);
  const reportFile = writeReportFile(reportPath(step.runner.runnerTemp), { verdict: 'error', error: message, rules: [] });
  const markdown = withFooter(renderErrorMarkdown(message), step.runner, step.target);
  await host.writeSummary(markdown);
  if (client && checkRunId !== undefined)
    await writes.attempt('complete the check run', () => failCheckRun(client, step.repo, checkRunId, message));
  await commentStep(step, markdown);
  const problems = writes.problems.length > 0 ? `; publishing to GitHub failed: ${writes.problems.join('; ')}` : '';
  const failure =
    step.inputs.failOn === 'never' && problems === '' ? undefined : `ML guardrails could not be evaluated: ${message}${problems}`;
  return { reportFile, failure };
}
