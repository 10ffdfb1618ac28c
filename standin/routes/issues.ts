// Issue (and pull request) comments. Issues exist here only as the pull requests the test
// declared, since the project only comments on PRs.
import { linkHeaders, notFound, paginate } from '../http-kit.js';
import { buildComment } from '../objects-records.js';
import { type RouteContext, type RouteDef, requireRepo } from '../route-types.js';
import type { CommentRecord } from '../state.js';
import { nowIso } from './git-refs.js';

function requireIssue(c: RouteContext): number {
  const repo = requireRepo(c);
  const number = Number(c.params.issue_number);
  if (!c.core.state.findPullRequest(repo.fullName, number)) throw notFound();
  return number;
}

export const issueRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handler: (c) => {
      const repo = requireRepo(c);
      const number = requireIssue(c);
      const comments = c.core.state.comments.filter((m) => m.repo === repo.fullName && m.issueNumber === number);
      const page = paginate(comments, c.query, c.url);
      return { status: 200, body: page.items.map((m) => buildComment(c.core.objects, repo, m)), headers: linkHeaders(page) };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    handler: (c) => {
      const repo = requireRepo(c);
      const now = nowIso();
      const comment: CommentRecord = {
        id: c.core.state.nextId(),
        repo: repo.fullName,
        issueNumber: requireIssue(c),
        body: String(c.body.body),
        user: c.actor,
        createdAt: now,
        updatedAt: now,
      };
      c.core.state.comments.push(comment);
      const body = buildComment(c.core.objects, repo, comment);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'patch',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handler: (c) => {
      const repo = requireRepo(c);
      const comment = c.core.state.comments.find((m) => m.repo === repo.fullName && m.id === c.params.comment_id);
      if (!comment) throw notFound();
      comment.body = String(c.body.body);
      comment.updatedAt = nowIso();
      return { status: 200, body: buildComment(c.core.objects, repo, comment) };
    },
  },
  {
    method: 'delete',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    handler: (c) => {
      const repo = requireRepo(c);
      const index = c.core.state.comments.findIndex((m) => m.repo === repo.fullName && m.id === c.params.comment_id);
      if (index < 0) throw notFound();
      c.core.state.comments.splice(index, 1);
      return { status: 204 };
    },
  },
];
