import type { Context, Probot } from 'probot';
import { parseReportData } from '../github/action-pairing.js';
import { redactSecrets } from '../github/api-error.js';
import type { GitHubClient } from '../github/octokit.js';
import { type AppLog, CHECK_NAME, createPublisher } from './app-publisher.js';
import { isBot, oncePerWindow, parseCommand } from './commands.js';
import { evaluateTarget } from './evaluate-target.js';
import type { EvaluationQueue } from './evaluation-queue.js';
import { type EvaluationTarget, targetFromPullRequest, targetFromPush, targetKey } from './event-target.js';
import { handleCommand } from './handle-command.js';

export interface AppDeps {
  queue: EvaluationQueue;
  /** The App's bot login (`slug[bot]`), read once from GET /app. */
  botLogin: () => Promise<string>;
  /** Tells the server a delivery was handled (for /healthz's counters). */
  seen: (deliveryId: string) => boolean;
  /** Bytes of Git LFS objects one evaluation may download (ML_GUARDRAILS_LFS_MAX_MIB). */
  lfsMaxBytes: number;
  /** ML_GUARDRAILS_EXTENDS_ALLOW: what rules a pull request wrote may extend, beyond the owner's `.github`. */
  extendsAllow: readonly string[];
  /** Signs and checks acceptance markers (acceptanceKey(webhook secret)): only this App can write one. */
  acceptanceKey: Buffer;
}

/** A commenter without write access is answered once per pull request in this window. */
const OUTSIDER_REPLY_WINDOW_MS = 60 * 60 * 1000;

type AnyContext = Context<'pull_request' | 'check_suite' | 'check_run' | 'issue_comment'>;

/**
 * The Probot app: turns each event into a queued evaluation (or a command) and returns at once,
 * so GitHub's 10-second webhook timeout never depends on how long the rules take.
 */
export function guardrailsApp(deps: AppDeps) {
  const answerOutsider = oncePerWindow(OUTSIDER_REPLY_WINDOW_MS);
  return (app: Probot): void => {
    app.on(
      ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'],
      async (context) => {
        if (!deps.seen(context.id)) return;
        const pr = context.payload.pull_request;
        if (pr.draft && context.payload.action !== 'ready_for_review') {
          context.log.info(`#${pr.number} is a draft: evaluated once it is ready for review`);
          return;
        }
        const target = targetFromPullRequest(context.payload.repository, pr);
        // A late delivery (opened after synchronize) names an older head: only the current head is
        // evaluated, and only if nothing of ours has (its own delivery may have been lost).
        const current = await currentTarget(context, target);
        if (current.headSha !== target.headSha) {
          const covered = await hasOwnCheckRun(context, current.headSha, (await deps.botLogin()).replace(/\[bot\]$/, ''));
          context.log.info(
            `#${pr.number} ${target.headSha.slice(0, 7)}: not the pull request's head (${current.headSha.slice(0, 7)}); late delivery ignored${covered ? '' : ', the head is evaluated instead'}`,
          );
          if (!covered) enqueue(context, current, current.headSha);
          return;
        }
        enqueue(context, target, pr.head.sha);
      },
    );

    app.on(['check_suite.requested', 'check_suite.rerequested'], async (context) => {
      if (!deps.seen(context.id)) return;
      const suite = context.payload.check_suite;
      const prs = suite.pull_requests ?? [];
      // A push to a PR branch also sends pull_request.synchronize, which covers it; `requested` for a PR would evaluate it twice.
      if (prs.length > 0 && context.payload.action === 'requested') return;
      await enqueueSuite(context, suite.head_sha, prs, suite, context.payload.action === 'rerequested');
    });

    app.on('check_run.rerequested', async (context) => {
      if (!deps.seen(context.id)) return;
      const run = context.payload.check_run;
      if (run.name !== CHECK_NAME) return;
      await enqueueForCheckRun(context, run);
    });

    // The Action finished on a commit: rules left to it now have a result (and a deployment may be due).
    app.on('check_run.completed', async (context) => {
      if (!deps.seen(context.id)) return;
      const run = context.payload.check_run;
      const ownSlug = (await deps.botLogin()).replace(/\[bot\]$/, '');
      if (run.name !== CHECK_NAME || run.app?.slug === ownSlug || parseReportData(run.output.text) === undefined) return;
      await enqueueForCheckRun(context, run);
    });

    app.on('issue_comment.created', async (context) => {
      if (!deps.seen(context.id)) return;
      const { comment, issue } = context.payload;
      if (issue.pull_request === undefined || isBot(comment.user ?? { login: '' })) return;
      const command = parseCommand(comment.body);
      if (command === undefined) return;
      const { target, prAuthor } = await pullRequest(context, issue.number);
      await handleCommand(command, {
        client: clientOf(context),
        target,
        author: comment.user?.login ?? '',
        commentedAt: comment.created_at,
        prAuthor,
        botLogin: await deps.botLogin(),
        acceptanceKey: deps.acceptanceKey,
        mayAnswerOutsider: () => answerOutsider(`${targetKey(target)}#${issue.number}`),
        rerun: () => enqueue(context, target, undefined),
      });
    });
  };

  /** A check run of ours (re-run) or the Action's (it finished): evaluate its commit again. */
  async function enqueueForCheckRun(
    context: AnyContext,
    run: { head_sha: string; pull_requests: { number: number }[]; check_suite: unknown },
  ): Promise<void> {
    const suite = run.check_suite as { head_branch: string | null; before?: string | null; pull_requests?: { number: number }[] };
    const prs = run.pull_requests.length > 0 ? run.pull_requests : (suite.pull_requests ?? []);
    await enqueueSuite(context, run.head_sha, prs, suite, true);
  }

  async function enqueueSuite(
    context: AnyContext,
    headSha: string,
    prs: { number: number }[],
    suite: { head_branch: string | null; before?: string | null },
    force: boolean,
  ): Promise<void> {
    if (prs.length > 0) {
      for (const pr of prs) enqueue(context, await pullRequestTarget(context, pr.number), force ? undefined : headSha);
      return;
    }
    const target = targetFromPush(context.payload.repository, {
      head_sha: headSha,
      head_branch: suite.head_branch,
      before: suite.before ?? null,
    });
    if (target === undefined) context.log.info(`${headSha.slice(0, 7)}: no pull request and no previous commit to compare with`);
    else enqueue(context, target, force ? undefined : headSha);
  }

  /**
   * Queues one evaluation of `target.headSha`. With `sameness` (the event's head) a second event
   * for the live head is a no-op; without, it is a re-run, which follows a running one, never aborts it.
   */
  function enqueue(context: AnyContext, target: EvaluationTarget, sameness: string | undefined): void {
    const client = clientOf(context);
    const log = logOf(context);
    const label = `${targetKey(target)} ${target.headSha.slice(0, 7)}`;
    const outcome = deps.queue.push({
      key: targetKey(target),
      head: target.headSha,
      force: sameness === undefined,
      run: async (signal) => {
        const headFiles = new Set<string>();
        const publisher = createPublisher(client, target, log, headFiles);
        const token = async () => ((await context.octokit.auth({ type: 'installation' })) as { token: string }).token;
        const headIsCurrent =
          target.prNumber === undefined ? undefined : async () => (await currentTarget(context, target)).headSha === target.headSha;
        const result = await evaluateTarget(
          target,
          {
            client,
            token,
            publisher,
            headFiles,
            log,
            botLogin: await deps.botLogin(),
            lfsMaxBytes: deps.lfsMaxBytes,
            extendsAllow: deps.extendsAllow,
            acceptanceKey: deps.acceptanceKey,
            headIsCurrent,
          },
          signal,
        );
        log.info(`${label}: ${result}`);
        // The head moved and no newer delivery has superseded this job (yet): the current head must still get a verdict.
        if (result === 'stale' && target.prNumber !== undefined) {
          const current = await pullRequestTarget(context, target.prNumber);
          enqueue(context, current, current.headSha);
        }
      },
    });
    if (outcome !== 'queued') log.info(`${label}: not queued now (${outcome})`);
  }
}

/**
 * The pull request's head as GitHub has it now. When GitHub cannot say, the delivery's head is
 * taken (and checked again before the evaluation starts and before it publishes).
 */
/** The pull request as GitHub has it now (its current head), or the delivery's when that cannot be read. */
async function currentTarget(context: AnyContext, target: EvaluationTarget): Promise<EvaluationTarget> {
  if (target.prNumber === undefined) return target;
  try {
    return await pullRequestTarget(context, target.prNumber);
  } catch (error) {
    const reason = redactSecrets(error instanceof Error ? error.message : String(error));
    context.log.warn(`#${target.prNumber}: could not read the pull request's head (${reason})`);
    return target;
  }
}

/** Whether this App already has a check run on `sha` (queued, running or done): its evaluation is under way. */
async function hasOwnCheckRun(context: AnyContext, sha: string, ownSlug: string): Promise<boolean> {
  const repo = context.payload.repository;
  try {
    const { data } = await context.octokit.rest.checks.listForRef({
      owner: repo.owner.login,
      repo: repo.name,
      ref: sha,
      check_name: CHECK_NAME,
      per_page: 100,
    });
    return data.check_runs.some((run) => run.app?.slug === ownSlug);
  } catch {
    // Unknown: evaluating the head again costs a little work, missing it would leave it without a verdict.
    return false;
  }
}

async function pullRequestTarget(context: AnyContext, number: number): Promise<EvaluationTarget> {
  return (await pullRequest(context, number)).target;
}

async function pullRequest(context: AnyContext, number: number): Promise<{ target: EvaluationTarget; prAuthor: string | undefined }> {
  const repo = context.payload.repository;
  const { data } = await context.octokit.rest.pulls.get({ owner: repo.owner.login, repo: repo.name, pull_number: number });
  return { target: targetFromPullRequest(repo, data), prAuthor: data.user?.login };
}

/**
 * Probot's installation client, typed as the one src/github uses. plugin-retry counts retries on
 * the shared `request` options: a fresh count per call keeps one failure from lengthening the next.
 */
function clientOf(context: AnyContext): GitHubClient {
  const octokit = context.octokit;
  if (!freshRetryCount.has(octokit)) {
    freshRetryCount.add(octokit);
    octokit.hook.before('request', (options) => {
      options.request = { ...options.request, retryCount: 0 } as typeof options.request;
    });
  }
  return octokit as unknown as GitHubClient;
}

const freshRetryCount = new WeakSet<object>();

function logOf(context: AnyContext): AppLog {
  return {
    info: (m) => context.log.info(m),
    warning: (m) => context.log.warn(m),
    error: (m) => context.log.error(m),
  };
}
