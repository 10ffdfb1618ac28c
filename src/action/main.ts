import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../engine.js';
import { Repository } from '../git/repository.js';
import { buildAnnotations } from '../github/annotations.js';
import { isBlocked } from '../github/check-output.js';
import { startCheckRun } from '../github/check-run.js';
import { type ApiLimits, createGitHubClient } from '../github/octokit.js';
import { truncateMarkdown } from '../github/truncate-markdown.js';
import type { Report } from '../report/model.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { isBlocking } from '../report/status.js';
import { deployIfWanted } from './deploy-step.js';
import { type EventTarget, type RunnerContext, readEventPayload, readRunnerContext, resolveEventTarget } from './event.js';
import { GitHubWrites } from './github-writes.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';
import { withFooter } from './messages.js';
import { commentStep, completeCheckStep, reportEvaluationError } from './publish-steps.js';
import { reportPath, writeReportFile } from './report-file.js';
import type { StepContext } from './step-context.js';
import { emitWorkflowAnnotations } from './workflow-annotations.js';

export const CHECK_NAME = 'ML Guardrails';
/** GitHub refuses a step summary over 1 MiB; stay well under it. */
const STEP_SUMMARY_LIMIT = 1_000_000;

export interface ActionResult {
  verdict: Report['verdict'];
  reportFile: string;
  failedRules: string[];
  /** Why the step fails, or undefined when it passes. */
  failure: string | undefined;
}

export interface MainOptions {
  /** Internal: shorter waits for tests (ML_GUARDRAILS_API_LIMITS); never documented to users. */
  apiLimits?: Partial<ApiLimits> | undefined;
}

/** Inputs + the runner's event → evaluation → check run, comment, summary, annotations, deployment. */
export async function main(inputs: ActionInputs, host: ActionHost, options: MainOptions = {}): Promise<ActionResult> {
  const mainStart = performance.now();
  // 1. Where we run and what the event is about.
  const runner = readRunnerContext(host.env);
  const target = resolveEventTarget(runner, readEventPayload(host.env.GITHUB_EVENT_PATH));
  const repoDir = path.resolve(runner.workspace, inputs.workingDirectory);
  host.info(`ml-guardrails: ${target.description}, head ${target.headSha.slice(0, 7)}, repository in ${repoDir}`);

  // 2. Under pull_request_target the token can write: PR code must never be what is checked out.
  await refuseUntrustedCheckout(repoDir, target, runner);

  // 3. The check run shows "in progress" while the rules run; it is created alongside them,
  //    so the round trip does not delay them.
  const client = inputs.token
    ? createGitHubClient({ token: inputs.token, baseUrl: runner.apiUrl, limits: options.apiLimits, warn: (m) => host.warning(m) })
    : undefined;
  if (client === undefined) host.warning('No token: the report goes to the job summary and annotations only (set the `token` input).');
  const step: StepContext = {
    inputs,
    host,
    runner,
    target,
    repo: { owner: runner.owner, repo: runner.repo },
    client,
    writes: new GitHubWrites(host, target.fromFork),
  };
  const checkRunStarted =
    client && inputs.checkRun
      ? step.writes.attempt('create the check run', () =>
          startCheckRun(client, step.repo, { name: CHECK_NAME, headSha: target.headSha, detailsUrl: runner.runUrl }),
        )
      : Promise.resolve(undefined);

  // 4. Evaluate the checked-out repository against its baseline.
  let report: Report;
  try {
    report = await evaluateTimed(repoDir, inputs, target, host, mainStart);
  } catch (error) {
    const { reportFile, failure } = await reportEvaluationError(step, error, await checkRunStarted);
    return { verdict: 'error', reportFile, failedRules: [], failure };
  }
  const checkRunId = await checkRunStarted;

  // 5. The JSON report and the markdown every surface shows.
  const reportFile = writeReportFile(reportPath(runner.runnerTemp), report);
  const markdown = withFooter(renderMarkdown(report), runner, target);

  // 6. Job summary and workflow-command annotations: these need no token permission.
  const root = (await Repository.open(repoDir)).root;
  const fileExists = (file: string) => existsSync(path.join(root, file));
  await host.writeSummary(truncateMarkdown(markdown, STEP_SUMMARY_LIMIT, 'the full report is in the JSON report (the `report` output)'));
  emitWorkflowAnnotations(host, buildAnnotations(report, { fileExists }));

  // 7. Complete the check run.
  await completeCheckStep(step, checkRunId, report, markdown, fileExists);

  // 8. One PR comment, edited in place.
  await commentStep(step, markdown);

  // 9. A deployment (or dispatch) when the guardrails pass and the rule file asks for one.
  await deployIfWanted(step, report);

  // 10. The step's own result, per fail-on.
  return {
    verdict: report.verdict,
    reportFile,
    failedRules: report.rules.filter(isBlocking).map((r) => r.id),
    failure: stepFailure(report, inputs, step.writes),
  };
}

async function evaluateTimed(
  repoDir: string,
  inputs: ActionInputs,
  target: EventTarget,
  host: ActionHost,
  mainStart: number,
): Promise<Report> {
  let firstRule: number | undefined;
  const started = performance.now();
  const report = await evaluate({
    repoDir,
    config: inputs.config,
    base: inputs.base ?? target.baseSha,
    baseLabel: inputs.base !== undefined ? `${inputs.base} (the base input)` : target.baseLabel,
    defaultBranch: target.baseRef,
    onRuleEvaluated: () => {
      firstRule ??= performance.now();
    },
  });
  // performance.now() counts from process start: the bench reads start-up cost from this line.
  const ms = (n: number | undefined) => (n === undefined ? 'none' : n.toFixed(1));
  host.debug(
    `ml-guardrails timing first-rule=${ms(firstRule)} main-start=${ms(mainStart)} evaluation-start=${ms(started)} evaluation-end=${ms(performance.now())}`,
  );
  return report;
}

async function refuseUntrustedCheckout(repoDir: string, target: EventTarget, context: RunnerContext): Promise<void> {
  if (target.untrustedShas.length === 0) return;
  const head = await (await Repository.open(repoDir)).resolveCommit('HEAD');
  if (head !== null && target.untrustedShas.includes(head)) {
    throw new Error(
      `refusing to run: under ${context.eventName} the workspace has the pull request's own commit (${head.slice(0, 7)}) checked out. ` +
        'This event runs with a token that can write, so checking out PR code is unsafe; check out the base branch (the default of actions/checkout) ' +
        'or use the pull_request event instead.',
    );
  }
}

function stepFailure(report: Report, inputs: ActionInputs, writes: GitHubWrites): string | undefined {
  const reasons: string[] = [];
  if (isBlocked(report, inputs.failOn)) {
    const failed = report.rules.filter(isBlocking).map((r) => r.id);
    reasons.push(
      report.verdict === 'pass'
        ? `ML guardrails warned (fail-on: ${inputs.failOn}): ${report.rules
            .filter((r) => r.status === 'warn')
            .map((r) => r.id)
            .join(', ')}`
        : `ML guardrails ${report.verdict === 'error' ? 'could not evaluate' : 'failed'}: ${failed.join(', ')}`,
    );
  }
  if (writes.problems.length > 0) reasons.push(`publishing to GitHub failed: ${writes.problems.join('; ')}`);
  return reasons.length > 0 ? reasons.join('. ') : undefined;
}
