import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseExtendsAllow } from '../config/extends.js';
import { evaluate } from '../engine.js';
import { describeThrown, GitError, GuardrailsError } from '../errors.js';
import { DEFAULT_NOTES_REF } from '../git/history.js';
import { fetchNotes, publishRecords } from '../git/notes.js';
import { Repository } from '../git/repository.js';
import { buildAnnotations } from '../github/annotations.js';
import { isBlocked } from '../github/check-output.js';
import type { GitHubClient } from '../github/octokit.js';
import type { PublishSettings, PublishTarget } from '../github/publish-target.js';
import { Publisher } from '../github/publisher.js';
import { createSharedFileReader } from '../github/shared-rules-reader.js';
import { truncateMarkdown } from '../github/truncate-markdown.js';
import type { Report } from '../report/model.js';
import { isBlocking } from '../report/status.js';
import { parseUntrackedInputs, UNTRACKED_INPUTS_ENV } from '../untracked-inputs.js';
import { type RunEvent, type RunnerContext, readEventPayload, readRunnerContext, resolveRunEvent } from './event.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';
import { reportPath, writeReportFile } from './report-file.js';
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
  /** The door's client (src/action/github-client.ts on a runner); none without a token. */
  client?: GitHubClient | undefined;
  /** Masks secrets in every text that leaves the step (the token, its encodings, the runner's masks). */
  redact?: ((text: string) => string) | undefined;
  /** Aborted when the runner cancels the job (SIGINT, then SIGTERM): benchmark processes and copies are cleaned up. */
  signal?: AbortSignal | undefined;
}

/** Inputs + the runner's event → evaluation → publishing (check run, comment, deployment), summary, annotations. */
export async function main(inputs: ActionInputs, host: ActionHost, options: MainOptions = {}): Promise<ActionResult> {
  const mainStart = performance.now();
  const redact = options.redact ?? ((text: string) => text);
  // 1. Where we run and what the event is about.
  const runner = readRunnerContext(host.env);
  const event = resolveRunEvent(runner, readEventPayload(host.env.GITHUB_EVENT_PATH));
  const repoDir = path.resolve(runner.workspace, inputs.workingDirectory);
  host.info(`ml-guardrails: ${event.description}, head ${event.headSha.slice(0, 7)}, repository in ${repoDir}`);

  // 2. What can fail before any check run exists fails here, so that none is left in progress.
  const reportFile = prepareReportFile(runner.runnerTemp);
  const repository = await Repository.open(repoDir);
  refuseUntrustedCheckout(repository.head, event, runner);
  const root = repository.root;

  // 3. The check run shows "in progress" while the rules run; it is created alongside them.
  const client = options.client;
  if (client === undefined) host.warning('No token: the report goes to the job summary and annotations only (set the `token` input).');
  const fileExists = (file: string) => existsSync(path.join(root, file));
  const settings: PublishSettings = { ...inputs, deploy: inputs.deploy ? 'on' : 'off', checkName: CHECK_NAME, fileExists, redact };
  const publisher = new Publisher(client, publishTarget(runner, event), settings, host);
  publisher.startCheckRun();

  // 4. Results measured on earlier commits (benchmarks, CI metrics) are git notes: fetch them,
  //    as actions/checkout does not. No notes on the remote is normal, and so is no remote.
  const notes = await fetchNotes(root, 'origin', DEFAULT_NOTES_REF).catch(() => false);
  host.debug(`ml-guardrails: ${notes ? 'fetched' : 'no'} ${DEFAULT_NOTES_REF} from origin`);

  // 5. Evaluate the checked-out repository against its baseline.
  let report: Report;
  try {
    // Rules a pull request wrote extend only the owner's `.github` and what the workflow's env lists.
    const extendsAllow = [
      `${runner.owner}/.github`,
      ...parseExtendsAllow(host.env.ML_GUARDRAILS_EXTENDS_ALLOW, 'ML_GUARDRAILS_EXTENDS_ALLOW'),
    ];
    report = await evaluateTimed(repoDir, inputs, event, host, mainStart, client, extendsAllow, options.signal);
  } catch (error) {
    const message = redact(describeThrown(error));
    const where =
      error instanceof GuardrailsError && error.file !== undefined
        ? { file: error.file, startLine: error.line, title: 'ml-guardrails' }
        : undefined;
    host.error(message, where);
    writeReportFile(reportFile, { verdict: 'error', error: message, rules: [] });
    const outcome = await publisher.publishError(error);
    await host.writeSummary(outcome.markdown);
    const problems = outcome.problems.length > 0 ? `; publishing to GitHub failed: ${outcome.problems.join('; ')}` : '';
    const failure =
      inputs.failOn === 'never' && problems === '' ? undefined : `ML guardrails could not be evaluated: ${message}${problems}`;
    return { verdict: 'error', reportFile, failedRules: [], failure };
  }

  // 6. The JSON report, the job summary and workflow-command annotations (these need no token).
  writeReportFile(reportFile, report, redact);
  const outcome = await publisher.publishReport(report);
  await host.writeSummary(
    truncateMarkdown(outcome.markdown, STEP_SUMMARY_LIMIT, 'the full report is in the JSON report (the `report` output)'),
  );
  emitWorkflowAnnotations(
    host,
    buildAnnotations(report, { fileExists }).map((a) => ({ ...a, message: redact(a.message) })),
  );

  // 7. Results measured in CI (benchmarks) are kept as git notes: from the default branch only.
  await keepRecords(root, report, event, host);

  // 8. The step's own result, per fail-on.
  return {
    verdict: report.verdict,
    reportFile,
    failedRules: report.rules.filter(isBlocking).map((r) => r.id),
    failure: stepFailure(report, inputs, outcome.problems),
  };
}

function publishTarget(runner: RunnerContext, event: RunEvent): PublishTarget {
  return {
    repo: { owner: runner.owner, repo: runner.repo },
    headSha: event.headSha,
    prNumber: event.prNumber,
    defaultBranch: event.defaultBranch,
    occasion: event.occasion,
    fromFork: event.fromFork,
    fullReportHint: 'the job summary and the JSON report',
    tokenHolder: "the workflow's token",
    runLink: { label: 'workflow run', url: runner.runUrl },
    runKey: runner.runId === undefined ? undefined : `actions:${runner.runId}:${runner.runAttempt ?? 1}`,
  };
}

/** Makes the report's folder first: an unwritable RUNNER_TEMP is said plainly, before anything is published. */
function prepareReportFile(runnerTemp: string | undefined): string {
  const file = reportPath(runnerTemp);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    throw new Error(
      `cannot write the JSON report: the folder ${path.dirname(file)} cannot be created (${reason}); RUNNER_TEMP must be a writable folder`,
    );
  }
  return file;
}

async function evaluateTimed(
  repoDir: string,
  inputs: ActionInputs,
  event: RunEvent,
  host: ActionHost,
  mainStart: number,
  client: GitHubClient | undefined,
  extendsAllow: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Report> {
  let firstRule: number | undefined;
  const started = performance.now();
  const report = await evaluate({
    repoDir,
    signal,
    config: inputs.config,
    // The event's base is only the target: the governing rule file's `baseline.ref` outranks it,
    // as it does for the CLI. The `base` input is the user's explicit choice and outranks both.
    base: inputs.base,
    baseLabel: inputs.base === undefined ? undefined : `${inputs.base} (the base input)`,
    target: event.baseSha ?? event.baseRef,
    targetLabel: event.baseSha === undefined ? undefined : event.baseLabel,
    // A push to the default branch was reviewed to get there: its own rule file governs.
    headTrusted: event.occasion === 'default-branch-push',
    readSharedFile: client === undefined ? undefined : createSharedFileReader(client),
    extendsAllow,
    // Untracked files CI wrote that rules a pull request wrote may read: the workflow's env (trusted).
    untrackedInputs: parseUntrackedInputs(host.env[UNTRACKED_INPUTS_ENV]),
    notice: (message) => host.info(`ml-guardrails: ${message}`),
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

async function keepRecords(root: string, report: Report, event: RunEvent, host: ActionHost): Promise<void> {
  const records = report.rules.flatMap((rule) => rule.records ?? []);
  if (records.length === 0) return;
  if (event.occasion !== 'default-branch-push') {
    host.info(`Not storing ${records.length} measured result(s) as git notes: notes are written from the default branch only.`);
    return;
  }
  try {
    await publishRecords(root, 'origin', records);
    host.info(`Stored ${records.length} measured result(s) in refs/notes/ml-guardrails.`);
  } catch (error) {
    const message = error instanceof GitError ? error.toOneLine() : String(error);
    host.warning(`Could not push the measured results as git notes (the workflow needs contents: write): ${message}`);
  }
}

function refuseUntrustedCheckout(head: string | null, event: RunEvent, context: RunnerContext): void {
  if (head !== null && event.untrustedShas.includes(head)) {
    throw new Error(
      `refusing to run: under ${context.eventName} the workspace has the pull request's own commit (${head.slice(0, 7)}) checked out. ` +
        'This event runs with a token that can write, so checking out PR code is unsafe; check out the base branch (the default of actions/checkout) ' +
        'or use the pull_request event instead.',
    );
  }
}

function stepFailure(report: Report, inputs: ActionInputs, problems: string[]): string | undefined {
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
  if (problems.length > 0) reasons.push(`publishing to GitHub failed: ${problems.join('; ')}`);
  return reasons.length > 0 ? reasons.join('. ') : undefined;
}
