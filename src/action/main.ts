import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../engine.js';
import { describeThrown, GuardrailsError } from '../errors.js';
import { Repository } from '../git/repository.js';
import { buildCheckOutput, isBlocked } from '../github/check-output.js';
import { completeCheckRun, failCheckRun, startCheckRun, type RepoRef } from '../github/check-run.js';
import { createGitHubClient, type ApiLimits, type GitHubClient } from '../github/octokit.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { Report } from '../report/model.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { isBlocking } from '../report/status.js';
import { readEventPayload, readRunnerContext, resolveEventTarget, type EventTarget, type RunnerContext } from './event.js';
import { GitHubWrites } from './github-writes.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';
import { deployIfWanted } from './deploy-step.js';
import { renderErrorMarkdown, withFooter } from './messages.js';
import { reportPath, writeReportFile } from './report-file.js';
import { emitWorkflowAnnotations } from './workflow-annotations.js';
import { buildAnnotations } from '../github/annotations.js';

export const CHECK_NAME = 'ML Guardrails';

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
  const context = readRunnerContext(host.env);
  const target = resolveEventTarget(context, readEventPayload(host.env.GITHUB_EVENT_PATH));
  const repoDir = path.resolve(context.workspace, inputs.workingDirectory);
  host.info(`ml-guardrails: ${target.description}, head ${target.headSha.slice(0, 7)}, repository in ${repoDir}`);

  // 2. Under pull_request_target the token can write: PR code must never be what is checked out.
  await refuseUntrustedCheckout(repoDir, target, context);

  // 3. The check run shows "in progress" while the rules run.
  const repo: RepoRef = { owner: context.owner, repo: context.repo };
  const client = inputs.token ? createGitHubClient({ token: inputs.token, baseUrl: context.apiUrl, limits: options.apiLimits, warn: (m) => host.warning(m) }) : undefined;
  if (client === undefined) host.warning('No token: the report goes to the job summary and annotations only (set the `token` input).');
  const writes = new GitHubWrites(host, target.fromFork);
  // Created while the rules start (not before), so the round trip does not delay them.
  const checkRunStarted = client && inputs.checkRun ? writes.attempt('create the check run', () => startCheckRun(client, repo, { name: CHECK_NAME, headSha: target.headSha, detailsUrl: context.runUrl })) : Promise.resolve(undefined);

  // 4. Evaluate the checked-out repository against its baseline.
  let report: Report;
  try {
    report = await evaluateTimed(repoDir, inputs, target, host, mainStart);
  } catch (error) {
    return reportEvaluationError(error, { inputs, host, context, target, client, writes, repo, checkRunId: await checkRunStarted });
  }
  const checkRunId = await checkRunStarted;

  // 5. Outputs' data: the JSON report and the rules that block.
  const reportFile = writeReportFile(reportPath(context.runnerTemp), report);
  const failedRules = report.rules.filter(isBlocking).map((r) => r.id);
  const markdown = withFooter(renderMarkdown(report), context, target);

  // 6. Job summary and workflow-command annotations: these need no token permission.
  const root = (await Repository.open(repoDir)).root;
  const fileExists = (file: string) => existsSync(path.join(root, file));
  await host.writeSummary(markdown);
  emitWorkflowAnnotations(host, buildAnnotations(report, { fileExists }));

  // 7. Complete the check run: conclusion, summary, tables and annotations in batches of 50.
  if (client && checkRunId !== undefined) {
    const output = buildCheckOutput(report, inputs.failOn, { fileExists });
    const done = await writes.attempt('complete the check run', () => completeCheckRun(client, repo, checkRunId, { ...output, summary: markdown }));
    // A rejected report (4xx, e.g. an annotation GitHub refuses) must still end the run; after
    // 5xx and timeouts the retries are spent, and another request would only wait again.
    const rejected = writes.lastFailedStatus !== undefined && writes.lastFailedStatus >= 400 && writes.lastFailedStatus < 500;
    if (done === undefined && writes.canWrite && rejected) {
      await writes.attempt('mark the check run failed', () => failCheckRun(client, repo, checkRunId, 'GitHub refused the report; see the workflow run for it.'));
    }
  }

  // 8. One PR comment, edited in place.
  await commentIfWanted(inputs, target, client, writes, repo, markdown, host);

  // 9. A deployment (or dispatch) when the guardrails pass and the rule file asks for one.
  if (client) await deployIfWanted({ inputs, report, target, context, client, writes, repo, host });

  // 10. The step's own result, per fail-on.
  const blocked = isBlocked(report, inputs.failOn);
  return {
    verdict: report.verdict,
    reportFile,
    failedRules,
    failure: stepFailure(blocked, report, inputs, writes),
  };
}

async function evaluateTimed(repoDir: string, inputs: ActionInputs, target: EventTarget, host: ActionHost, mainStart: number): Promise<Report> {
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
  host.debug(`ml-guardrails timing first-rule=${ms(firstRule)} main-start=${ms(mainStart)} evaluation-start=${ms(started)} evaluation-end=${ms(performance.now())}`);
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

async function commentIfWanted(inputs: ActionInputs, target: EventTarget, client: GitHubClient | undefined, writes: GitHubWrites, repo: RepoRef, markdown: string, host: ActionHost): Promise<void> {
  if (!inputs.comment || target.prNumber === undefined) return;
  if (!client) return;
  const prNumber = target.prNumber;
  const result = await writes.attempt('comment on the pull request', () => upsertStickyComment(client, repo, prNumber, markdown));
  if (result) host.info(`PR comment ${result.action} (id ${result.commentId}${result.removedDuplicates > 0 ? `, ${result.removedDuplicates} duplicate(s) removed` : ''})`);
}

function stepFailure(blocked: boolean, report: Report, inputs: ActionInputs, writes: GitHubWrites): string | undefined {
  const reasons: string[] = [];
  if (blocked) {
    const failed = report.rules.filter(isBlocking).map((r) => r.id);
    reasons.push(
      report.verdict === 'pass'
        ? `ML guardrails warned (fail-on: ${inputs.failOn}): ${report.rules.filter((r) => r.status === 'warn').map((r) => r.id).join(', ')}`
        : `ML guardrails ${report.verdict === 'error' ? 'could not evaluate' : 'failed'}: ${failed.join(', ')}`,
    );
  }
  if (writes.problems.length > 0) reasons.push(`publishing to GitHub failed: ${writes.problems.join('; ')}`);
  return reasons.length > 0 ? reasons.join('. ') : undefined;
}

interface ErrorContext {
  inputs: ActionInputs;
  host: ActionHost;
  context: RunnerContext;
  target: EventTarget;
  client: GitHubClient | undefined;
  writes: GitHubWrites;
  repo: RepoRef;
  checkRunId: number | undefined;
}

/** The rules could not run (bad rule file, missing ref): say so everywhere and end the check run. */
async function reportEvaluationError(error: unknown, c: ErrorContext): Promise<ActionResult> {
  const message = describeThrown(error);
  const where = error instanceof GuardrailsError && error.file !== undefined ? { file: error.file, startLine: error.line, title: 'ml-guardrails' } : undefined;
  c.host.error(message, where);
  const reportFile = writeReportFile(reportPath(c.context.runnerTemp), { verdict: 'error', error: message, rules: [] });
  const markdown = withFooter(renderErrorMarkdown(message), c.context, c.target);
  await c.host.writeSummary(markdown);
  const { client, checkRunId } = c;
  if (client && checkRunId !== undefined) await c.writes.attempt('complete the check run', () => failCheckRun(client, c.repo, checkRunId, message));
  await commentIfWanted(c.inputs, c.target, client, c.writes, c.repo, markdown, c.host);
  const problems = c.writes.problems.length > 0 ? `; publishing to GitHub failed: ${c.writes.problems.join('; ')}` : '';
  return {
    verdict: 'error',
    reportFile,
    failedRules: [],
    failure: c.inputs.failOn === 'never' && problems === '' ? undefined : `ML guardrails could not be evaluated: ${message}${problems}`,
  };
}
