// Builders for the records clients create and read back (check runs, comments, ...), shaped
// as the published response schemas require.
import type { CommitInfo, DiffFile } from './git-read.js';
import { buildActionsApp, buildApp, buildRepository, buildUser, nodeId, type ObjectContext, repoApiUrl } from './objects-core.js';
import type {
  CheckRunRecord,
  CheckSuiteRecord,
  CommentRecord,
  CommitStatusRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  PullRequestRecord,
  RepoRecord,
} from './state.js';

export function buildCheckSuite(
  ctx: ObjectContext,
  repo: RepoRecord,
  suite: CheckSuiteRecord,
  runs: CheckRunRecord[],
  headCommit: CommitInfo,
) {
  const done = runs.length > 0 && runs.every((r) => r.status === 'completed');
  const conclusions = runs.map((r) => r.conclusion);
  const conclusion = !done
    ? null
    : conclusions.includes('failure')
      ? 'failure'
      : conclusions.includes('action_required')
        ? 'action_required'
        : 'success';
  return {
    id: suite.id,
    node_id: nodeId('CheckSuite', suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: runs.length === 0 ? 'queued' : done ? 'completed' : 'in_progress',
    conclusion,
    url: `${repoApiUrl(ctx, repo)}/check-suites/${suite.id}`,
    before: null,
    after: suite.headSha,
    pull_requests: [],
    app: buildApp(ctx),
    repository: buildRepository(ctx, repo),
    created_at: suite.createdAt,
    updated_at: suite.createdAt,
    head_commit: {
      id: headCommit.sha,
      tree_id: headCommit.tree,
      message: headCommit.message,
      timestamp: headCommit.committer.date,
      author: { name: headCommit.author.name, email: headCommit.author.email },
      committer: { name: headCommit.committer.name, email: headCommit.committer.email },
    },
    latest_check_runs_count: runs.length,
    check_runs_url: `${repoApiUrl(ctx, repo)}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

export function buildCheckRun(ctx: ObjectContext, repo: RepoRecord, run: CheckRunRecord) {
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId ?? '',
    url: `${repoApiUrl(ctx, repo)}/check-runs/${run.id}`,
    html_url: `${ctx.baseUrl}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${ctx.baseUrl}/apps/${ctx.appSlug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${repoApiUrl(ctx, repo)}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    // A workflow token's check runs belong to GitHub Actions, as on GitHub.
    app: run.createdBy === 'github-actions[bot]' ? buildActionsApp(ctx) : buildApp(ctx),
    pull_requests: [],
  };
}

export function buildComment(ctx: ObjectContext, repo: RepoRecord, comment: CommentRecord) {
  const api = repoApiUrl(ctx, repo);
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${ctx.baseUrl}/${repo.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: buildUser(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: comment.user.endsWith('[bot]') ? 'NONE' : 'OWNER',
    performed_via_github_app: comment.user === `${ctx.appSlug}[bot]` ? buildApp(ctx) : null,
  };
}

export function buildStatus(ctx: ObjectContext, repo: RepoRecord, status: CommitStatusRecord, creator: string) {
  return {
    url: `${repoApiUrl(ctx, repo)}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: buildUser(ctx, creator),
  };
}

export function buildDeployment(ctx: ObjectContext, repo: RepoRecord, d: DeploymentRecord, creator: string) {
  const url = `${repoApiUrl(ctx, repo)}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload ?? {},
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: buildUser(ctx, creator),
    created_at: d.createdAt,
    updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoApiUrl(ctx, repo),
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: buildApp(ctx),
  };
}

export function buildDeploymentStatus(
  ctx: ObjectContext,
  repo: RepoRecord,
  d: DeploymentRecord,
  s: DeploymentStatusRecord,
  creator: string,
) {
  const deploymentUrl = `${repoApiUrl(ctx, repo)}/deployments/${d.id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: buildUser(ctx, creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deploymentUrl,
    repository_url: repoApiUrl(ctx, repo),
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: buildApp(ctx),
  };
}

export function buildDiffEntry(ctx: ObjectContext, repo: RepoRecord, headSha: string, f: DiffFile) {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${ctx.baseUrl}/${repo.fullName}/blob/${headSha}/${path}`,
    raw_url: `${ctx.baseUrl}/${repo.fullName}/raw/${headSha}/${path}`,
    contents_url: `${repoApiUrl(ctx, repo)}/contents/${path}?ref=${headSha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previousFilename !== undefined ? { previous_filename: f.previousFilename } : {}),
  };
}

export function buildCommit(ctx: ObjectContext, repo: RepoRecord, c: CommitInfo, files?: ReturnType<typeof buildDiffEntry>[]) {
  const api = repoApiUrl(ctx, repo);
  const gitUser = (u: CommitInfo['author']) => ({ name: u.name, email: u.email, date: u.date });
  const stats = files && { additions: sum(files, 'additions'), deletions: sum(files, 'deletions'), total: sum(files, 'changes') };
  return {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
    html_url: `${ctx.baseUrl}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: gitUser(c.author),
      committer: gitUser(c.committer),
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
    },
    author: null,
    committer: null,
    parents: c.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${ctx.baseUrl}/${repo.fullName}/commit/${sha}` })),
    ...(stats ? { stats, files } : {}),
  };
}

function sum(files: { additions: number; deletions: number; changes: number }[], key: 'additions' | 'deletions' | 'changes'): number {
  return files.reduce((total, f) => total + f[key], 0);
}

export function buildPullRequest(
  ctx: ObjectContext,
  repo: RepoRecord,
  pr: PullRequestRecord,
  git: { headSha: string; baseSha: string; commits: number; files: DiffFile[] },
) {
  const api = repoApiUrl(ctx, repo);
  const html = `${ctx.baseUrl}/${repo.fullName}/pull/${pr.number}`;
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: buildUser(ctx, repo.owner),
    repo: buildRepository(ctx, repo),
  });
  const link = (href: string) => ({ href });
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${git.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: buildUser(ctx, pr.user),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pr.headRef, git.headSha),
    base: side(pr.baseRef, git.baseSha),
    _links: {
      self: link(`${api}/pulls/${pr.number}`),
      html: link(html),
      issue: link(`${api}/issues/${pr.number}`),
      comments: link(`${api}/issues/${pr.number}/comments`),
      review_comments: link(`${api}/pulls/${pr.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pr.number}/commits`),
      statuses: link(`${api}/statuses/${git.headSha}`),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: pr.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: git.commits,
    additions: git.files.reduce((n, f) => n + f.additions, 0),
    deletions: git.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: git.files.length,
  };
}
