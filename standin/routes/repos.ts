// Repository, collaborator permission, contents, commit and compare endpoints, read from git.
import { diffFiles, listCommits, mergeBase, readBlob, readCommit, readTreePath, type TreeEntry } from '../git-read.js';
import { HttpError, notFound } from '../http-kit.js';
import { buildRepository, buildUser, type ObjectContext, repoApiUrl } from '../objects-core.js';
import { buildCommit, buildDiffEntry } from '../objects-records.js';
import { type RouteDef, requireRepo } from '../route-types.js';
import type { RepoRecord } from '../state.js';
import { resolveRef } from './git-refs.js';

// The legacy `permission` field folds maintain into write and triage into read.
const LEGACY: Record<string, string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read', none: 'none' };

function contentLinks(ctx: ObjectContext, repo: RepoRecord, entry: TreeEntry, ref: string) {
  const self = `${repoApiUrl(ctx, repo)}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  const kind = entry.type === 'dir' ? 'tree' : 'blob';
  const git = `${repoApiUrl(ctx, repo)}/git/${entry.type === 'dir' ? 'trees' : 'blobs'}/${entry.sha}`;
  const html = `${ctx.baseUrl}/${repo.fullName}/${kind}/${ref}/${entry.path}`;
  return {
    name: entry.name,
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url: entry.type === 'file' ? `${ctx.baseUrl}/${repo.fullName}/raw/${ref}/${entry.path}` : null,
    type: entry.type,
    _links: { self, git, html },
  };
}

/** GitHub wraps base64 content at 60 columns with \n. */
function wrapBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

export const repoRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/repos/{owner}/{repo}',
    handler: (c) => ({ status: 200, body: buildRepository(c.core.objects, requireRepo(c)) }),
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    handler: (c) => {
      const repo = requireRepo(c);
      const username = String(c.params.username);
      const role = repo.collaborators[username] ?? (repo.private ? 'none' : 'read');
      const user = { ...buildUser(c.core.objects, username), role_name: role };
      return { status: 200, body: { permission: LEGACY[role] ?? 'none', role_name: role, user } };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/contents/{path}',
    handler: async (c) => {
      const repo = requireRepo(c);
      const ref = typeof c.query.ref === 'string' && c.query.ref ? c.query.ref : repo.defaultBranch;
      const sha = await resolveRef(repo, ref);
      if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`);
      const found = await readTreePath(repo.gitDir, sha, String(c.params.path));
      if (found.children) return { status: 200, body: found.children.map((e) => contentLinks(c.core.objects, repo, e, ref)) };
      if (!found.entry) throw notFound();
      const data = await readBlob(repo.gitDir, found.entry.sha);
      return {
        status: 200,
        body: { ...contentLinks(c.core.objects, repo, found.entry, ref), encoding: 'base64', content: wrapBase64(data) },
      };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/commits/{ref}',
    handler: async (c) => {
      const repo = requireRepo(c);
      const ref = String(c.params.ref);
      const sha = await resolveRef(repo, ref);
      if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
      const info = await readCommit(repo.gitDir, sha);
      const parent = info.parents[0] ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904'; // the empty tree
      const files = (await diffFiles(repo.gitDir, parent, sha)).map((f) => buildDiffEntry(c.core.objects, repo, sha, f));
      return { status: 200, body: buildCommit(c.core.objects, repo, info, files) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/compare/{basehead}',
    handler: async (c) => {
      const repo = requireRepo(c);
      const [baseRef = '', headRef = ''] = String(c.params.basehead).split('...');
      const base = await resolveRef(repo, baseRef);
      const head = await resolveRef(repo, headRef);
      if (!base || !head) throw notFound();
      const mb = (await mergeBase(repo.gitDir, base, head)) ?? base;
      const ahead = await listCommits(repo.gitDir, base, head);
      const behind = await listCommits(repo.gitDir, head, base);
      const status =
        ahead.length === 0 && behind.length === 0
          ? 'identical'
          : behind.length === 0
            ? 'ahead'
            : ahead.length === 0
              ? 'behind'
              : 'diverged';
      const ctx = c.core.objects;
      const commits = await Promise.all(ahead.map(async (sha) => buildCommit(ctx, repo, await readCommit(repo.gitDir, sha))));
      const files = (await diffFiles(repo.gitDir, mb, head)).map((f) => buildDiffEntry(ctx, repo, head, f));
      const html = `${ctx.baseUrl}/${repo.fullName}/compare/${c.params.basehead}`;
      return {
        status: 200,
        body: {
          url: `${repoApiUrl(ctx, repo)}/compare/${c.params.basehead}`,
          html_url: html,
          permalink_url: `${ctx.baseUrl}/${repo.fullName}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
          diff_url: `${html}.diff`,
          patch_url: `${html}.patch`,
          base_commit: buildCommit(ctx, repo, await readCommit(repo.gitDir, base)),
          merge_base_commit: buildCommit(ctx, repo, await readCommit(repo.gitDir, mb)),
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          total_commits: ahead.length,
          commits,
          files,
        },
      };
    },
  },
];
