import type { DeployOccasion } from '../github/deployments.js';

/** What one delivery asks the App to evaluate: a head commit, its base, and where to publish. */
export interface EvaluationTarget {
  owner: string;
  repo: string;
  /** The payload's clone_url (https://github.com/owner/repo.git), never with a token in it. */
  cloneUrl: string;
  defaultBranch: string;
  headSha: string;
  /** The commit the change is compared with: the PR's base tip, or the previous tip of a push. */
  baseSha: string;
  baseLabel: string;
  baseRef: string;
  headRef: string | undefined;
  prNumber: number | undefined;
  fromFork: boolean;
  occasion: DeployOccasion;
}

interface RepositoryPayload {
  name: string;
  owner: { login: string };
  clone_url: string;
  default_branch: string;
}

interface PullRequestPayload {
  number: number;
  draft?: boolean;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string; repo: { full_name: string } };
}

/** A pull request as the pull_request event (or pulls.get) describes it. */
export function targetFromPullRequest(repository: RepositoryPayload, pr: PullRequestPayload): EvaluationTarget {
  return {
    ...repoFields(repository),
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseLabel: `${pr.base.ref} (the pull request's base)`,
    baseRef: pr.base.ref,
    headRef: pr.head.ref,
    prNumber: pr.number,
    fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    occasion: 'pull-request',
  };
}

/**
 * A check suite (or a re-run check) without a pull request: a push to a branch, evaluated
 * against the previous tip. A push to the default branch is what `deploy.when: merged` acts on.
 */
export function targetFromPush(
  repository: RepositoryPayload,
  suite: { head_sha: string; head_branch: string | null; before: string | null },
): EvaluationTarget | undefined {
  const before = suite.before;
  if (suite.head_branch === null || before === null || /^0+$/.test(before)) return undefined;
  return {
    ...repoFields(repository),
    headSha: suite.head_sha,
    baseSha: before,
    baseLabel: `${before.slice(0, 7)} (the previous tip of ${suite.head_branch})`,
    baseRef: suite.head_branch,
    headRef: suite.head_branch,
    prNumber: undefined,
    fromFork: false,
    occasion: suite.head_branch === repository.default_branch ? 'default-branch-push' : 'other',
  };
}

/** One live evaluation per pull request (or branch): a newer one supersedes it. */
export function targetKey(target: EvaluationTarget): string {
  const scope = target.prNumber !== undefined ? `#${target.prNumber}` : `@${target.headRef ?? target.headSha}`;
  return `${target.owner}/${target.repo}${scope}`;
}

function repoFields(repository: RepositoryPayload) {
  return {
    owner: repository.owner.login,
    repo: repository.name,
    cloneUrl: repository.clone_url,
    defaultBranch: repository.default_branch,
  };
}
