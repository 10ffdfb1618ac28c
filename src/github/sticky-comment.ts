import { callApi, GitHubApiError } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';
import { GITHUB_TEXT_LIMIT, truncateMarkdown } from './truncate-markdown.js';

/** Hidden first line that finds the bot's comment again (as changesets and danger do). */
export const COMMENT_MARKER = '<!-- ml-guardrails:report -->';

export type StickyResult = { action: 'created' | 'updated'; commentId: number; removedDuplicates: number };

interface MarkedComment {
  id: number;
}

/**
 * Keeps exactly one report comment on a pull request: edits the one carrying the marker, or
 * creates it. Two runs racing can both find none and both create one; so after creating, the
 * comments are listed again and every marked comment but the oldest is deleted, and the oldest
 * gets this run's body. Both racers converge on the same single comment (a 404 on deleting a
 * comment the other run already deleted is fine).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  markdown: string,
): Promise<StickyResult> {
  const body = `${COMMENT_MARKER}\n${truncateMarkdown(markdown, GITHUB_TEXT_LIMIT - COMMENT_MARKER.length - 1)}`;
  const existing = await listMarkedComments(client, repo, issueNumber);
  const oldest = existing[0];
  if (oldest !== undefined) {
    await updateComment(client, repo, oldest.id, body);
    const removed = await deleteComments(client, repo, existing.slice(1));
    return { action: 'updated', commentId: oldest.id, removedDuplicates: removed };
  }
  const { data: created } = await callApi('create the PR comment', () =>
    client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body }),
  );
  const after = await listMarkedComments(client, repo, issueNumber);
  const winner = after[0] ?? created;
  const removed = await deleteComments(
    client,
    repo,
    after.filter((c) => c.id !== winner.id),
  );
  if (winner.id !== created.id) {
    await updateComment(client, repo, winner.id, body);
    return { action: 'updated', commentId: winner.id, removedDuplicates: removed };
  }
  return { action: 'created', commentId: created.id, removedDuplicates: removed };
}

/** The bot comments that start with the marker, oldest first (a person quoting it is not ours). */
async function listMarkedComments(client: GitHubClient, repo: RepoRef, issueNumber: number): Promise<MarkedComment[]> {
  const comments = await callApi('list the PR comments', () =>
    client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  return comments
    .filter((c) => (c.body ?? '').startsWith(COMMENT_MARKER) && c.user?.type === 'Bot')
    .map((c) => ({ id: c.id }))
    .sort((a, b) => a.id - b.id);
}

async function updateComment(client: GitHubClient, repo: RepoRef, commentId: number, body: string): Promise<void> {
  await callApi('update the PR comment', () => client.rest.issues.updateComment({ ...repo, comment_id: commentId, body }));
}

async function deleteComments(client: GitHubClient, repo: RepoRef, comments: MarkedComment[]): Promise<number> {
  let removed = 0;
  for (const comment of comments) {
    try {
      await callApi('delete a duplicate PR comment', () => client.rest.issues.deleteComment({ ...repo, comment_id: comment.id }));
      removed += 1;
    } catch (error) {
      if (!(error instanceof GitHubApiError && error.status === 404)) throw error;
    }
  }
  return removed;
}
