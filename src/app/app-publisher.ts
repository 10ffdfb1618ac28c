import { buildCheckOutput } from '../github/check-output.js';
import { completeCheckRun, failCheckRun, startCheckRun } from '../github/check-run.js';
import { deployOnce, wantsDeployment } from '../github/deployments.js';
import type { GitHubClient } from '../github/octokit.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { Report } from '../report/model.js';
import { renderMarkdown } from '../report/render-markdown.js';
import type { EvaluationTarget } from './event-target.js';

export const CHECK_NAME = 'ML Guardrails';

export interface AppLog {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** The publishing steps the App needs, in the shape of src/github/publisher.ts's Publisher. */
export interface EvaluationPublisher {
  startCheckRun(): Promise<void>;
  publishReport(report: Report): Promise<unknown>;
  publishError(error: unknown): Promise<unknown>;
  cancel(reason: string): Promise<void>;
}

/**
 * Stand-in for the door-neutral Publisher (src/github/publisher.ts) until it lands: the same
 * src/github functions the Action calls, in the same order.
 */
export function createPublisher(client: GitHubClient, target: EvaluationTarget, log: AppLog): EvaluationPublisher {
  const repo = { owner: target.owner, repo: target.repo };
  let checkRunId: number | undefined;
  const comment = async (markdown: string) => {
    if (target.prNumber !== undefined) await upsertStickyComment(client, repo, target.prNumber, markdown);
  };
  return {
    async startCheckRun() {
      checkRunId = await startCheckRun(client, repo, { name: CHECK_NAME, headSha: target.headSha });
    },
    async publishReport(report) {
      const markdown = renderMarkdown(report);
      if (checkRunId !== undefined) {
        const output = buildCheckOutput(report, 'error', { fileExists: () => true });
        await completeCheckRun(client, repo, checkRunId, { ...output, summary: markdown });
      }
      await comment(markdown);
      const deploy = report.deploy;
      if (deploy !== undefined && report.verdict === 'pass' && wantsDeployment(deploy, target.occasion)) {
        const result = await deployOnce(client, repo, { deploy, report, sha: target.headSha, ref: target.headRef ?? target.headSha });
        log.info(`deployment ${result.deploymentId}: ${result.action}`);
      }
    },
    async publishError(error) {
      const message = error instanceof Error ? error.message : String(error);
      if (checkRunId !== undefined) await failCheckRun(client, repo, checkRunId, message);
      await comment(`### 🛑 ML Guardrails could not be evaluated\n\n${message}\n`);
    },
    async cancel(reason) {
      if (checkRunId === undefined) return;
      await client.rest.checks.update({
        ...repo,
        check_run_id: checkRunId,
        status: 'completed',
        conclusion: 'cancelled',
        completed_at: new Date().toISOString(),
        output: { title: 'Cancelled', summary: reason },
      });
    },
  };
}
