import path from 'node:path';
import { evaluate } from '../engine.js';
import { LfsBatchClient } from '../git/lfs.js';
import { runGit } from '../git/run-git.js';
import { applyAcceptances, readAcceptances } from '../github/acceptance.js';
import { leftToAction, mergeActionReport, readActionReport } from '../github/action-pairing.js';
import type { GitHubClient } from '../github/octokit.js';
import { createSharedFileReader } from '../github/shared-rules-reader.js';
import type { Report } from '../report/model.js';
import { type AppLog, CHECK_NAME, type EvaluationPublisher } from './app-publisher.js';
import { SupersededError } from './evaluation-queue.js';
import type { EvaluationTarget } from './event-target.js';
import { authEnv, basicAuthorization, withFetchedCommits } from './fetch-commits.js';
import { hasRuleFile } from './rule-file-probe.js';

export interface EvaluationDeps {
  client: GitHubClient;
  /** A fresh installation token for git (never logged, never written to disk). */
  token: () => Promise<string>;
  publisher: EvaluationPublisher;
  /** Filled with the head commit's file paths once fetched (for annotations). */
  headFiles: Set<string>;
  log: AppLog;
  /** The App's bot login (`slug[bot]`): only its own replies carry acceptances. */
  botLogin: string;
  /** The key acceptance markers are signed with (see github/acceptance.ts). */
  acceptanceKey: Buffer;
  /** Bytes of Git LFS objects this evaluation may download. */
  lfsMaxBytes: number;
  /** The operator's extends allow-list (ML_GUARDRAILS_EXTENDS_ALLOW). */
  extendsAllow: readonly string[];
  /** For a pull request: whether the evaluated commit is still its head (asked before starting and before publishing). */
  headIsCurrent?: (() => Promise<boolean>) | undefined;
}

export type EvaluationOutcome = 'no-rule-file' | 'published' | 'error' | 'cancelled' | 'stale';

/**
 * One evaluation, start to end: 0. still the PR's head? 1. opted in? 2. check run in progress
 * 3. fetch head and base 4. engine (never running repository code) 5. reviewers' acceptances
 * 6. publish, if the head is still current. Whatever happens after step 2, the check run is
 * completed: with the report, with the error, or as cancelled when a newer push, a moved head
 * or a shutdown stopped it.
 */
export async function evaluateTarget(target: EvaluationTarget, deps: EvaluationDeps, signal: AbortSignal): Promise<EvaluationOutcome> {
  const repo = { owner: target.owner, repo: target.repo };
  // 0. Only the pull request's current head is evaluated: an older one would publish a stale verdict.
  if (deps.headIsCurrent !== undefined && !(await deps.headIsCurrent())) return 'stale';
  // 1. No rule file on either side: not opted in, so nothing is shown.
  if (!(await hasRuleFile(deps.client, repo, [target.baseSha, target.headSha]))) {
    deps.log.info(`${repo.owner}/${repo.repo}: no rule file at ${target.headSha.slice(0, 7)} or its base; nothing to do`);
    return 'no-rule-file';
  }
  // Aborted before anything was shown: nothing to complete.
  if (signal.aborted) return 'cancelled';

  // 2. The check run shows the guardrails are running.
  deps.publisher.startCheckRun();
  try {
    // 3-4. Fetch the commits into a temporary folder and evaluate them there.
    const token = await deps.token();
    const report = await withFetchedCommits(
      { cloneUrl: target.cloneUrl, token, shas: [target.headSha, target.baseSha], signal },
      async (repoDir) => {
        const files = await runGit(repoDir, ['ls-tree', '-r', '-z', '--name-only', target.headSha], { signal });
        for (const file of files.split('\0')) if (file !== '') deps.headFiles.add(file);
        return evaluate({
          repoDir,
          head: target.headSha,
          // The PR's base is the target; the governing rule file's `baseline.ref` outranks it.
          target: target.baseSha,
          targetLabel: target.baseLabel,
          fetchEnv: authEnv(token),
          // Large files in Git LFS are fetched only when a rule reads them.
          lfs: new LfsBatchClient({
            endpoint: `${target.cloneUrl.replace(/\/+$/, '')}/info/lfs`,
            authorization: basicAuthorization(token),
            storeDir: path.join(repoDir, '.git', 'lfs', 'objects'),
            maxBytes: deps.lfsMaxBytes,
            signal,
          }),
          mayExecute: false,
          readSharedFile: createSharedFileReader(deps.client),
          // Rules a pull request wrote extend only the owner's `.github` and what the operator lists.
          extendsAllow: [`${target.owner}/.github`, ...deps.extendsAllow],
          signal,
        });
      },
    );
    signal.throwIfAborted();
    // 5. Rules left to the Action (they run commands) take its result; acceptances for this head.
    const paired = await pairWithAction(target, deps, report);
    const accepted = await acceptancesFor(target, deps);
    signal.throwIfAborted();
    if (deps.headIsCurrent !== undefined && !(await deps.headIsCurrent())) {
      await deps.publisher.cancel(`Superseded: ${target.headSha.slice(0, 7)} is no longer the head of the pull request.`);
      return 'stale';
    }
    // 6. Check run, comment, deployment (which waits until the Action has reported too).
    await deps.publisher.publishReport(applyAcceptances(paired, accepted));
    return 'published';
  } catch (error) {
    if (signal.aborted) {
      const reason = signal.reason instanceof Error ? signal.reason.message : 'the evaluation was cancelled';
      await deps.publisher.cancel(signal.reason instanceof SupersededError ? `Superseded: ${reason}.` : `Cancelled: ${reason}.`);
      return 'cancelled';
    }
    deps.log.error(`${repo.owner}/${repo.repo}@${target.headSha.slice(0, 7)}: ${error instanceof Error ? error.message : String(error)}`);
    await deps.publisher.publishError(error);
    return 'error';
  }
}

async function acceptancesFor(target: EvaluationTarget, deps: EvaluationDeps) {
  if (target.prNumber === undefined) return [];
  const scope = { repo: { owner: target.owner, repo: target.repo }, prNumber: target.prNumber };
  return readAcceptances(deps.client, scope, target.headSha, { botLogin: deps.botLogin, key: deps.acceptanceKey });
}

async function pairWithAction(target: EvaluationTarget, deps: EvaluationDeps, report: Report): Promise<Report> {
  if (leftToAction(report).length === 0) return report;
  const action = await readActionReport(
    deps.client,
    { owner: target.owner, repo: target.repo },
    { headSha: target.headSha, checkName: CHECK_NAME, ownAppSlug: deps.botLogin.replace(/\[bot\]$/, '') },
  );
  const { report: merged, waitingForAction } = mergeActionReport(report, action);
  if (waitingForAction.length === 0 || merged.deploy === undefined) return merged;
  deps.log.info(`not deploying yet: waiting for the GitHub Action's result for ${waitingForAction.join(', ')}`);
  const { deploy: _waiting, ...withoutDeploy } = merged;
  return withoutDeploy;
}
