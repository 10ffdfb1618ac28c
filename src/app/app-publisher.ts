import { redactSecrets } from '../github/api-error.js';
import type { GitHubClient } from '../github/octokit.js';
import type { PublishLog } from '../github/publish-target.js';
import { Publisher } from '../github/publisher.js';
import type { EvaluationTarget } from './event-target.js';

export const CHECK_NAME = 'ML Guardrails';

export type AppLog = PublishLog;

/** What evaluateTarget needs of the shared Publisher (src/github/publisher.ts). */
export type EvaluationPublisher = Pick<Publisher, 'startCheckRun' | 'publishReport' | 'publishError' | 'cancel'>;

/**
 * The App's publisher: the same door-neutral code the Action publishes through, with the App's
 * target. `headFiles` is filled once the head is fetched, so annotations only point at files
 * GitHub can show.
 */
export function createPublisher(client: GitHubClient, target: EvaluationTarget, log: AppLog, headFiles: Set<string>): EvaluationPublisher {
  return new Publisher(
    client,
    {
      repo: { owner: target.owner, repo: target.repo },
      headSha: target.headSha,
      prNumber: target.prNumber,
      defaultBranch: target.defaultBranch,
      occasion: target.occasion,
      fromFork: target.fromFork,
      fullReportHint: 'the ML Guardrails check run',
      tokenHolder: 'the App',
      runLink: { label: 'ML Guardrails App', url: undefined },
      // One key per evaluation: a run this App left in progress on the same head (an instance that died) is closed by the next.
      runKey: `app/${target.owner}/${target.repo}/${target.prNumber ?? target.headRef ?? ''}:${Date.now()}`,
    },
    {
      checkRun: true,
      comment: true,
      deploy: 'if-configured',
      failOn: 'error',
      checkName: CHECK_NAME,
      fileExists: (file) => headFiles.size === 0 || headFiles.has(file),
      redact: redactSecrets,
    },
    log,
  );
}
