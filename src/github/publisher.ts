import { describeThrown } from '../errors.js';
import type { Report } from '../report/model.js';
import { ERROR_TITLE, renderErrorMarkdown } from '../report/render-error.js';
import type { FooterInfo } from '../report/render-footer.js';
import { VERSION } from '../version.js';
import { embedReportData } from './action-pairing.js';
import { buildCheckOutput, isBlocked } from './check-output.js';
import { type CheckOutput, completeCheckRun, type RepoRef, startCheckRun } from './check-run.js';
import { type DeployProblem, describeDeployProblem, withDeployProblem } from './deploy-notice.js';
import { DeployRefusedError, deployOnce, wantsDeployment } from './deployments.js';
import type { GitHubClient } from './octokit.js';
import type { PublishLog, PublishSettings, PublishTarget } from './publish-target.js';
import { findStaleCheckRuns } from './stale-check-runs.js';
import { upsertStickyComment } from './sticky-comment.js';
import { GITHUB_TEXT_LIMIT, truncateMarkdown } from './truncate-markdown.js';
import { WriteGate } from './write-gate.js';

export interface PublishOutcome {
  /** The page every surface shows (redacted), for a job summary or a log. */
  markdown: string;
  /** Writes that failed (after their retries), in words; empty when everything landed. */
  problems: string[];
}

/** Attempts at the final PATCH before giving up on it: the run must not stay `in_progress`. */
const FINAL_ATTEMPTS = 3;

/**
 * Publishes one evaluation to GitHub, the same for every door (as danger-js runs one executor
 * over a platform): the check run from `in_progress` to a final state, one sticky comment, and a
 * deployment when the rule file and the occasion ask for one. Every text is redacted before it
 * leaves, and every write goes through the write gate, so a read-only token degrades to logs.
 */
export class Publisher {
  readonly writes: WriteGate;
  private started: Promise<number | undefined> = Promise.resolve(undefined);
  private readonly repo: RepoRef;

  constructor(
    private readonly client: GitHubClient | undefined,
    private readonly target: PublishTarget,
    private readonly settings: PublishSettings,
    private readonly log: PublishLog,
  ) {
    this.repo = target.repo;
    this.writes = new WriteGate(log, (error) => this.explainForbidden(error.message), settings.redact);
  }

  /**
   * Creates the check run `in_progress`, first closing runs of this check that no live run owns.
   * Returns at once: the rules run while the request is in flight.
   */
  startCheckRun(): void {
    const { client, settings, target } = this;
    if (client === undefined || !settings.checkRun) return;
    this.started = this.writes.attempt('create the check run', async () => {
      const stale = await findStaleCheckRuns(client, this.repo, {
        name: settings.checkName,
        headSha: target.headSha,
        runKey: target.runKey,
      });
      for (const id of stale) {
        await this.complete(id, {
          conclusion: 'cancelled',
          title: 'Superseded',
          summary: 'This run stopped before it finished (its runner or server went away); a newer run replaces it.',
          annotations: [],
        });
      }
      return startCheckRun(client, this.repo, {
        name: settings.checkName,
        headSha: target.headSha,
        detailsUrl: target.runLink.url,
        externalId: target.runKey,
      });
    });
  }

  /** Check run, comment and deployment for a finished evaluation. */
  async publishReport(report: Report): Promise<PublishOutcome> {
    const { settings } = this;
    const redact = settings.redact;
    const built = buildCheckOutput(report, settings.failOn, { fileExists: settings.fileExists, footer: this.footer(report) });
    // The check run's creation settles first (a 403 there makes the token read-only, and nothing deploys); the
    // deploy comes before the run completes, so that a refused one is in the run and the comment, not only a log.
    const checkRunId = await this.started;
    const deployProblem = await this.deployIfWanted(report);
    const output = deployProblem === undefined ? built : withDeployProblem(built, deployProblem);
    const markdown = redact(output.summary);
    if (checkRunId !== undefined) {
      const annotations = output.annotations.map((a) => ({
        ...a,
        message: redact(a.message),
        title: redact(a.title),
      }));
      // The report as data for the other door (the App reads the Action's), summaries redacted before encoding.
      const text = embedReportData({ ...report, rules: report.rules.map((rule) => ({ ...rule, summary: redact(rule.summary) })) });
      const digest = output.digest === undefined ? undefined : redact(output.digest);
      await this.finish(checkRunId, { ...output, title: redact(output.title), summary: markdown, digest, annotations, text });
    }
    await this.comment(markdown);
    return { markdown, problems: [...this.writes.problems] };
  }

  /** The rules could not run at all: the same page everywhere, and the check run ends `failure`. */
  async publishError(error: unknown): Promise<PublishOutcome> {
    const message = this.settings.redact(describeThrown(error));
    const markdown = renderErrorMarkdown(message, {
      ruleFile: 'the rule file',
      toolVersion: VERSION,
      headSha: this.target.headSha,
      run: this.runFooter(),
    });
    const checkRunId = await this.started;
    if (checkRunId !== undefined)
      await this.finish(checkRunId, { conclusion: 'failure', title: ERROR_TITLE, summary: markdown, annotations: [] });
    await this.comment(markdown);
    return { markdown, problems: [...this.writes.problems] };
  }

  /** A newer evaluation replaces this one (a newer push): end the check run `cancelled`. */
  async cancel(reason: string): Promise<void> {
    const checkRunId = await this.started;
    if (checkRunId === undefined) return;
    await this.finish(checkRunId, { conclusion: 'cancelled', title: 'Superseded', summary: this.settings.redact(reason), annotations: [] });
  }

  /**
   * The final PATCH, retried (on top of the client's own retries) so that a flaky GitHub does not
   * leave the run `in_progress`; when the full report is refused, a short failure takes its place.
   */
  private async finish(checkRunId: number, output: CheckOutput): Promise<void> {
    for (let attempt = 1; attempt <= FINAL_ATTEMPTS; attempt += 1) {
      const full = attempt === 1 || output.summary.length < 2000;
      const body: CheckOutput = full
        ? output
        : {
            conclusion: output.conclusion === 'success' ? 'neutral' : output.conclusion,
            title: output.title,
            // The verdict and the blocking rule ids survive a refused report.
            summary: `${output.digest ?? ''}\n${shortSummary(this.target)}`.trimStart(),
            annotations: [],
          };
      const done = await this.writes.attempt(attempt === 1 ? 'complete the check run' : `complete the check run (attempt ${attempt})`, () =>
        this.complete(checkRunId, body),
      );
      if (done !== undefined || !this.writes.canWrite) return;
    }
    this.log.error(`The check run ${checkRunId} could not be completed after ${FINAL_ATTEMPTS} attempts; the next run closes it.`);
  }

  private async complete(checkRunId: number, output: CheckOutput): Promise<true> {
    await completeCheckRun(this.client!, this.repo, checkRunId, output);
    return true;
  }

  private async comment(markdown: string): Promise<void> {
    const { client, target, settings } = this;
    const prNumber = target.prNumber;
    if (!settings.comment || prNumber === undefined || client === undefined) return;
    const body = truncateMarkdown(markdown, GITHUB_TEXT_LIMIT - 100, target.fullReportHint);
    const result = await this.writes.attempt('comment on the pull request', () => upsertStickyComment(client, this.repo, prNumber, body));
    if (result) {
      const removed = result.removedDuplicates > 0 ? `, ${result.removedDuplicates} duplicate(s) removed` : '';
      this.log.info(`PR comment ${result.action} (id ${result.commentId}${removed})`);
    }
  }

  /**
   * Deploys once per commit and environment when the settings, the rule file and the occasion all
   * say so; returns what went wrong, for the check run and the comment. A refused deploy does not
   * make the token read-only: the check run and the comment still need their writes.
   */
  private async deployIfWanted(report: Report): Promise<DeployProblem | undefined> {
    const { client, target, settings, log } = this;
    if (settings.deploy === 'off' || client === undefined) return undefined;
    const deploy = report.deploy;
    if (deploy === undefined) {
      if (settings.deploy === 'on') log.warning('Deployments are on, but the rule file has no `deploy:` section: nothing to deploy.');
      return undefined;
    }
    if (!wantsDeployment(deploy, target.occasion)) {
      log.info(`Not deploying: deploy.when is "${deploy.when}" and this is not that occasion.`);
      return undefined;
    }
    if (report.verdict !== 'pass' || isBlocked(report, settings.failOn)) {
      log.info(`Not deploying to ${deploy.environment}: the guardrails did not pass.`);
      return undefined;
    }
    if (!this.writes.canWrite) {
      log.info(`Did not deploy to ${deploy.environment}: ${this.writes.readOnlyReason}`);
      return undefined;
    }
    // Dispatched workflows run on the default branch: a pull request's ref would run its own copy
    // of the release workflow. The commit to deploy travels as an input.
    let result: Awaited<ReturnType<typeof deployOnce>>;
    try {
      result = await deployOnce(client, this.repo, {
        deploy,
        report,
        sha: target.headSha,
        ref: target.defaultBranch,
        logUrl: target.runLink.url,
      });
    } catch (error) {
      const problem = describeDeployProblem(deploy, error, target.tokenHolder ?? 'the token');
      const text = settings.redact(problem.text);
      // A missing permission is the operator's to grant (a warning); anything else fails the Action's step too.
      if (error instanceof DeployRefusedError && error.answer.isForbidden) log.warning(text);
      else {
        log.error(text);
        this.writes.problems.push(text);
      }
      return problem;
    }
    const short = target.headSha.slice(0, 7);
    if (result.action === 'exists')
      log.info(`Already deployed: deployment ${result.deploymentId} covers ${short} in ${deploy.environment}.`);
    else if (result.action === 'superseded')
      log.info(
        `Another run deployed ${short} first (deployment ${result.existingId}); this run's record ${result.deploymentId} is inactive.`,
      );
    else
      log.info(
        `${result.action === 'deployed' ? 'Created' : 'Dispatched'} deployment ${result.deploymentId} to ${deploy.environment} via ${result.via}.`,
      );
    if (result.action !== 'exists' && result.statusNote !== undefined) log.warning(settings.redact(result.statusNote));
    return undefined;
  }

  private footer(report: Report): Partial<FooterInfo> {
    return { ruleFile: report.config, toolVersion: VERSION, headSha: this.target.headSha, run: this.runFooter() };
  }

  private runFooter(): FooterInfo['run'] {
    const { label, url } = this.target.runLink;
    return url === undefined ? undefined : { label, url };
  }

  private explainForbidden(message: string): string {
    if (this.target.fromFork) {
      return `this pull request comes from a fork, and GitHub gives fork pull requests a read-only token (the report is in ${this.target.fullReportHint})`;
    }
    return `the token may not write here (GitHub answered 403: ${message.replace(/^.*: /, '')}); grant the permissions listed in the ml-guardrails docs (checks: write, pull-requests: write, deployments: write)`;
  }
}

function shortSummary(target: PublishTarget): string {
  return `GitHub did not accept the full report; it is in ${target.fullReportHint}.`;
}
