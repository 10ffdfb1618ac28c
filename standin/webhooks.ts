// Webhook deliveries built from @octokit/webhooks-examples payloads, fitted to the stand-in's
// repositories, SHAs and installation, and signed and sent with the headers GitHub's
// Hookshot sends, so the receiving app verifies and routes them like real ones.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { StandinCore } from './core.js';
import { diffFiles, listCommits, mergeBase, readCommit } from './git-read.js';
import { resolveCommit } from './git-repos.js';
import { buildApp, buildRepository, buildUser, nodeId } from './objects-core.js';
import { buildCheckRun, buildComment, buildPullRequest } from './objects-records.js';
import type { RepoRecord } from './state.js';

export interface WebhookOptions {
  /** Where to POST the delivery, e.g. a Probot server's /api/github/webhooks. */
  targetUrl: string;
  /** owner/name or name; default: the first repository. */
  repo?: string;
  pullNumber?: number;
  /** issue_comment: the comment text. */
  commentBody?: string;
  /** check_run: an existing check run id (from state.checkRuns); default the latest one. */
  checkRunId?: number;
  /** push / pull_request.synchronize: the previous head. */
  before?: string;
  /** push: the branch pushed; default the default branch. */
  ref?: string;
  sender?: string;
  /** Last word on the payload, applied after fitting. */
  patch?: (payload: Record<string, unknown>) => void;
}

export interface WebhookDelivery {
  status: number;
  responseBody: string;
  deliveryId: string;
  event: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

type Example = { name: string; examples: Record<string, unknown>[] };
let examples: Example[] | undefined;
function loadExample(name: string, action: string | undefined): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  examples ??= JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as Example[];
  const found = examples.find((e) => e.name === name)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ''} example`);
  return structuredClone(found);
}

function pickRepo(core: StandinCore, name: string | undefined): RepoRecord {
  const repo = name ? core.state.repos.find((r) => r.fullName === name || r.name === name) : core.state.repos[0];
  if (!repo) throw new Error(`sendWebhook: no repository ${name ?? '(none configured)'}`);
  return repo;
}

async function fitPullRequest(core: StandinCore, repo: RepoRecord, number: number | undefined) {
  const pr =
    number === undefined
      ? core.state.pullRequests.find((p) => p.repo === repo.fullName)
      : core.state.findPullRequest(repo.fullName, number);
  if (!pr) throw new Error(`sendWebhook: no pull request ${number ?? ''} in ${repo.fullName}; add one with addPullRequest()`);
  const headSha = await resolveCommit(repo.gitDir, `refs/heads/${pr.headRef}`);
  const baseSha = await resolveCommit(repo.gitDir, `refs/heads/${pr.baseRef}`);
  if (!headSha || !baseSha) throw new Error(`sendWebhook: branches of #${pr.number} are missing`);
  const files = await diffFiles(repo.gitDir, (await mergeBase(repo.gitDir, baseSha, headSha)) ?? baseSha, headSha);
  const commits = (await listCommits(repo.gitDir, baseSha, headSha)).length;
  return { pr, body: buildPullRequest(core.objects, repo, pr, { headSha, baseSha, files, commits }) };
}

/** Builds the payload for `event` ("pull_request.opened", "push", ...) without sending it. */
export async function buildWebhookPayload(
  core: StandinCore,
  event: string,
  opts: Omit<WebhookOptions, 'targetUrl'> = {},
): Promise<Record<string, unknown>> {
  const [name = '', action] = event.split('.');
  const payload = loadExample(name, action);
  const repo = pickRepo(core, opts.repo);
  const ctx = core.objects;
  payload.repository = buildRepository(ctx, repo);
  payload.sender = buildUser(ctx, opts.sender ?? repo.owner);
  payload.installation = { id: ctx.installationId, node_id: nodeId('Installation', ctx.installationId) };
  delete payload.organization;
  delete payload.enterprise;
  if (name === 'pull_request') {
    const { pr, body } = await fitPullRequest(core, repo, opts.pullNumber);
    payload.number = pr.number;
    payload.pull_request = body;
    if (action === 'synchronize') {
      payload.before = opts.before ?? body.base.sha;
      payload.after = body.head.sha;
    }
  } else if (name === 'issue_comment') {
    const { pr, body } = await fitPullRequest(core, repo, opts.pullNumber);
    const issue = payload.issue as Record<string, unknown>;
    Object.assign(issue, {
      url: body.issue_url,
      repository_url: buildRepository(ctx, repo).url,
      html_url: body.html_url,
      id: pr.id,
      number: pr.number,
      title: pr.title,
      body: pr.body,
      user: buildUser(ctx, pr.user),
      state: pr.state,
      comments_url: body.comments_url,
      pull_request: { url: body.url, html_url: body.html_url, diff_url: body.diff_url, patch_url: body.patch_url, merged_at: null },
    });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const comment = {
      id: core.state.nextId(),
      repo: repo.fullName,
      issueNumber: pr.number,
      body: opts.commentBody ?? '/guardrails rerun',
      user: opts.sender ?? repo.owner,
      createdAt: now,
      updatedAt: now,
    };
    payload.comment = buildComment(ctx, repo, comment);
  } else if (name === 'check_run') {
    const runs = core.state.checkRuns.filter((r) => r.repo === repo.fullName);
    const run = opts.checkRunId === undefined ? runs.at(-1) : runs.find((r) => r.id === opts.checkRunId);
    if (!run) throw new Error('sendWebhook: check_run events need a check run in state.checkRuns (create one first)');
    const built = buildCheckRun(ctx, repo, run);
    const suite = core.state.checkSuites.find((s) => s.id === run.checkSuiteId);
    payload.check_run = {
      ...built,
      check_suite: {
        id: run.checkSuiteId,
        head_sha: run.headSha,
        head_branch: suite?.headBranch ?? null,
        status: 'completed',
        conclusion: run.conclusion,
        app: buildApp(ctx),
        pull_requests: [],
      },
    };
  } else if (name === 'push') {
    const branch = opts.ref ?? repo.defaultBranch;
    const after = await resolveCommit(repo.gitDir, `refs/heads/${branch}`);
    if (!after) throw new Error(`sendWebhook: no branch ${branch}`);
    const head = await readCommit(repo.gitDir, after);
    const before = opts.before ?? head.parents[0] ?? '0000000000000000000000000000000000000000';
    const commit = {
      id: head.sha,
      tree_id: head.tree,
      distinct: true,
      message: head.message,
      timestamp: head.committer.date,
      url: `${ctx.baseUrl}/${repo.fullName}/commit/${head.sha}`,
      author: { name: head.author.name, email: head.author.email },
      committer: { name: head.committer.name, email: head.committer.email },
      added: [],
      removed: [],
      modified: [],
    };
    Object.assign(payload, {
      ref: `refs/heads/${branch}`,
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${ctx.baseUrl}/${repo.fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: [commit],
      head_commit: commit,
      pusher: { name: repo.owner, email: `${repo.owner}@users.noreply.github.com` },
    });
  }
  opts.patch?.(payload);
  return payload;
}

export function signPayload(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    sha1: `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`,
  };
}

export async function deliverWebhook(core: StandinCore, secret: string, event: string, opts: WebhookOptions): Promise<WebhookDelivery> {
  const payload = await buildWebhookPayload(core, event, opts);
  const body = JSON.stringify(payload);
  const signature = signPayload(secret, body);
  const deliveryId = randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/8e03811',
    'x-github-event': event.split('.')[0] ?? event,
    'x-github-delivery': deliveryId,
    'x-github-hook-id': '424242',
    'x-github-hook-installation-target-id': String(core.objects.appId),
    'x-github-hook-installation-target-type': 'integration',
    'x-hub-signature': signature.sha1,
    'x-hub-signature-256': signature.sha256,
  };
  const response = await fetch(opts.targetUrl, { method: 'POST', headers, body });
  return { status: response.status, responseBody: await response.text(), deliveryId, event, payload, headers };
}
