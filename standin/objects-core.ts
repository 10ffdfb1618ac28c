// Builders for the objects GitHub embeds everywhere: users, repositories, the app and its
// installation. They fill every field the published schemas require, with URLs that point
// back at the stand-in so a client following `url` fields stays on it.
import type { RepoRecord } from './state.js';

export interface ObjectContext {
  baseUrl: string;
  appId: number;
  appSlug: string;
  appName: string;
  appOwner: string;
  installationId: number;
  appPermissions: Record<string, string>;
  appEvents: string[];
  createdAt: string;
}

/** A stable numeric id per login so the same user always looks the same. */
export function userId(login: string): number {
  let hash = 7;
  for (const ch of login.toLowerCase()) hash = (hash * 31 + ch.charCodeAt(0)) % 90_000_000;
  return hash + 1_000_000;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}

export function buildUser(ctx: ObjectContext, login: string, type = login.endsWith('[bot]') ? 'Bot' : 'User') {
  const id = userId(login);
  const url = `${ctx.baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(type, id),
    avatar_url: `${ctx.baseUrl}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${ctx.baseUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    site_admin: false,
    user_view_type: 'public',
  };
}

// `<name>_url` -> path suffix after /repos/{owner}/{repo}, as GitHub templates them.
const REPO_URLS: Record<string, string> = {
  archive: '/{archive_format}{/ref}',
  assignees: '/assignees{/user}',
  blobs: '/git/blobs{/sha}',
  branches: '/branches{/branch}',
  collaborators: '/collaborators{/collaborator}',
  comments: '/comments{/number}',
  commits: '/commits{/sha}',
  compare: '/compare/{base}...{head}',
  contents: '/contents/{+path}',
  contributors: '/contributors',
  deployments: '/deployments',
  downloads: '/downloads',
  events: '/events',
  forks: '/forks',
  git_commits: '/git/commits{/sha}',
  git_refs: '/git/refs{/sha}',
  git_tags: '/git/tags{/sha}',
  hooks: '/hooks',
  issue_comment: '/issues/comments{/number}',
  issue_events: '/issues/events{/number}',
  issues: '/issues{/number}',
  keys: '/keys{/key_id}',
  labels: '/labels{/name}',
  languages: '/languages',
  merges: '/merges',
  milestones: '/milestones{/number}',
  notifications: '/notifications{?since,all,participating}',
  pulls: '/pulls{/number}',
  releases: '/releases{/id}',
  stargazers: '/stargazers',
  statuses: '/statuses/{sha}',
  subscribers: '/subscribers',
  subscription: '/subscription',
  tags: '/tags',
  teams: '/teams',
  trees: '/git/trees{/sha}',
};

export function repoApiUrl(ctx: ObjectContext, repo: RepoRecord): string {
  return `${ctx.baseUrl}/repos/${repo.fullName}`;
}

/** Satisfies `repository`, `full-repository` and `minimal-repository` at once. */
export function buildRepository(ctx: ObjectContext, repo: RepoRecord) {
  const url = repoApiUrl(ctx, repo);
  const html = `${ctx.baseUrl}/${repo.fullName}`;
  const urls = Object.fromEntries(Object.entries(REPO_URLS).map(([k, suffix]) => [`${k}_url`, `${url}${suffix}`]));
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: buildUser(ctx, repo.owner),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: html,
    description: null,
    fork: false,
    url,
    ...urls,
    git_url: `git://${new URL(ctx.baseUrl).host}/${repo.fullName}.git`,
    ssh_url: `git@${new URL(ctx.baseUrl).hostname}:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    mirror_url: null,
    homepage: null,
    language: null,
    license: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    subscribers_count: 0,
    network_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    topics: [],
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
  };
}

export function buildApp(ctx: ObjectContext) {
  return {
    id: ctx.appId,
    slug: ctx.appSlug,
    client_id: `Iv1.${ctx.appId.toString(16).padStart(16, '0')}`,
    node_id: nodeId('App', ctx.appId),
    owner: buildUser(ctx, ctx.appOwner, 'Organization'),
    name: ctx.appName,
    description: 'GitHub stand-in app',
    external_url: `${ctx.baseUrl}/apps/${ctx.appSlug}/about`,
    html_url: `${ctx.baseUrl}/apps/${ctx.appSlug}`,
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    permissions: ctx.appPermissions,
    events: ctx.appEvents,
  };
}

/** The GitHub Actions app, owner of check runs created with a workflow's GITHUB_TOKEN. */
export function buildActionsApp(ctx: ObjectContext) {
  return {
    ...buildApp(ctx),
    id: 15368,
    slug: 'github-actions',
    client_id: 'Iv1.05c79e9ad1f6bdfa',
    node_id: nodeId('App', 15368),
    owner: buildUser(ctx, 'github', 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${ctx.baseUrl}/apps/github-actions`,
  };
}

export function buildInstallation(ctx: ObjectContext, selection: 'all' | 'selected') {
  // GET /app/installations documents `account` as allOf(user, enterprise), so it must carry
  // the enterprise fields too; real organisation accounts do not mind the extras.
  const account = {
    ...buildUser(ctx, ctx.appOwner, 'Organization'),
    name: ctx.appOwner,
    slug: ctx.appOwner,
    description: null,
    website_url: null,
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
  };
  return {
    id: ctx.installationId,
    account,
    repository_selection: selection,
    access_tokens_url: `${ctx.baseUrl}/app/installations/${ctx.installationId}/access_tokens`,
    repositories_url: `${ctx.baseUrl}/installation/repositories`,
    html_url: `${ctx.baseUrl}/organizations/${ctx.appOwner}/settings/installations/${ctx.installationId}`,
    app_id: ctx.appId,
    client_id: `Iv1.${ctx.appId.toString(16).padStart(16, '0')}`,
    target_id: account.id,
    target_type: 'Organization',
    permissions: ctx.appPermissions,
    events: ctx.appEvents,
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    app_slug: ctx.appSlug,
    suspended_by: null,
    suspended_at: null,
  };
}
