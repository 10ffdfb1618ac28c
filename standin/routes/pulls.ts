// Pull requests and their files, computed from the head and base branches in git.
import { diffFiles, listCommits, mergeBase } from '../git-read.js';
import { HttpError, linkHeaders, notFound, paginate } from '../http-kit.js';
import { buildDiffEntry, buildPullRequest } from '../objects-records.js';
import { type RouteContext, type RouteDef, requireRepo } from '../route-types.js';
import { resolveRef } from './git-refs.js';

async function loadPull(c: RouteContext) {
  const repo = requireRepo(c);
  const pr = c.core.state.findPullRequest(repo.fullName, Number(c.params.pull_number));
  if (!pr) throw notFound();
  const headSha = await resolveRef(repo, `refs/heads/${pr.headRef}`);
  const baseSha = await resolveRef(repo, `refs/heads/${pr.baseRef}`);
  if (!headSha || !baseSha) throw new HttpError(404, `branch of pull request #${pr.number} is missing in git`);
  // Like GitHub, a PR's diff is against the merge base (three-dot), not the base tip.
  const from = (await mergeBase(repo.gitDir, baseSha, headSha)) ?? baseSha;
  const files = await diffFiles(repo.gitDir, from, headSha);
  const commits = (await listCommits(repo.gitDir, baseSha, headSha)).length;
  return { repo, pr, headSha, baseSha, files, commits };
}

export const pullRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    handler: async (c) => {
      const { repo, pr, headSha, baseSha, files, commits } = await loadPull(c);
      return { status: 200, body: buildPullRequest(c.core.objects, repo, pr, { headSha, baseSha, files, commits }) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    handler: async (c) => {
      const { repo, headSha, files } = await loadPull(c);
      const page = paginate(
        files.map((f) => buildDiffEntry(c.core.objects, repo, headSha, f)),
        c.query,
        c.url,
      );
      return { status: 200, body: page.items, headers: linkHeaders(page) };
    },
  },
];
