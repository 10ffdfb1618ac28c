// Public API of the local GitHub stand-in: start one per test (or per file), point clients at
// `url`, read back what they did from `state`, and fail the test on contract violations.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRoutes } from './api-handler.js';
import { appManifestPermissions } from './app-permissions.js';
import { newRateBucket, publicKeyOf } from './auth.js';
import { issueToken, type RequestLogEntry, type StandinCore, type TokenOptions, type Violation } from './core.js';
import { type Fault, FaultInjector, type RouteMatcher } from './faults.js';
import { forgetRepositories } from './git-answers.js';
import { commitFiles, createBareRepo, gitText } from './git-repos.js';
import { type AppJwtOptions, signAppJwt } from './jwt.js';
import { ALL_ROUTES } from './routes/index.js';
import { listen, shutdown } from './server.js';
import { type CollaboratorPermission, type Permissions, type PullRequestRecord, type RepoRecord, StandinState } from './state.js';
import { formatViolations } from './violations.js';
import { buildWebhookPayload, deliverWebhook, type WebhookDelivery, type WebhookOptions } from './webhooks.js';

export { StandinState } from './state.js';
export { formatViolations } from './violations.js';
export type {
  Fault,
  Permissions,
  PullRequestRecord,
  RepoRecord,
  RequestLogEntry,
  RouteMatcher,
  TokenOptions,
  Violation,
  WebhookDelivery,
  WebhookOptions,
};

export interface StandinRepoOptions {
  owner: string;
  name: string;
  /** A local repository (bare or working tree) to import with all its branches. */
  path?: string;
  /** Files for an initial commit on the default branch when there is no `path`. */
  files?: Record<string, string>;
  private?: boolean;
  defaultBranch?: string;
  /** Whether the app is installed on it (default true). */
  installed?: boolean;
  collaborators?: Record<string, CollaboratorPermission>;
}

export interface StartStandinOptions {
  repos?: StandinRepoOptions[];
  appId?: number;
  appSlug?: string;
  webhookSecret?: string;
  /** The app's (and its installation's) permissions; default: what app.yml declares. */
  permissions?: Permissions;
  events?: string[];
  /** Reuse a PEM instead of generating a 2048-bit RSA key. */
  privateKey?: string;
}

/**
 * A workflow's GITHUB_TOKEN (a repository's default "permissive" setting): the App's own
 * permissions come from app.yml instead (app-permissions.ts).
 */
const WORKFLOW_TOKEN_PERMISSIONS: Permissions = {
  actions: 'write',
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
};

function newKeyPair(): Promise<string> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (error, _pub, priv) => {
        if (error) reject(error);
        else resolve(priv);
      },
    );
  });
}

export type Standin = Awaited<ReturnType<typeof startStandin>>;

export async function startStandin(options: StartStandinOptions = {}) {
  // Key generation runs on libuv's pool while the server starts and repositories are created.
  const privateKeyPromise = options.privateKey ? Promise.resolve(options.privateKey) : newKeyPair();
  const reposRoot = await mkdtemp(join(tmpdir(), 'standin-'));
  const appId = options.appId ?? 100_000 + (randomBytes(2).readUInt16BE() % 900_000);
  const appSlug = options.appSlug ?? 'ml-guardrails';
  const firstOwner = options.repos?.[0]?.owner ?? 'octo-org';
  const core: StandinCore = {
    state: new StandinState(),
    objects: {
      baseUrl: '',
      appId,
      appSlug,
      appName: appSlug,
      appOwner: firstOwner,
      installationId: appId * 10 + 7,
      appPermissions: { ...(options.permissions ?? appManifestPermissions()) },
      appEvents: options.events ?? ['check_run', 'check_suite', 'issue_comment', 'pull_request', 'push'],
      createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    tokens: new Map(),
    publicKey: privateKeyPromise.then(publicKeyOf),
    clientId: `Iv1.${appId.toString(16).padStart(16, '0')}`,
    reposRoot,
    faults: new FaultInjector(),
    log: [],
    violations: [],
    anonymousRate: newRateBucket(60),
    jwtRate: newRateBucket(5000),
  };
  const { server, port } = await listen(core, compileRoutes(ALL_ROUTES));
  const url = `http://127.0.0.1:${port}`;
  core.objects.baseUrl = url;
  const webhookSecret = options.webhookSecret ?? randomBytes(16).toString('hex');

  async function addRepo(repo: StandinRepoOptions): Promise<RepoRecord> {
    const defaultBranch = repo.defaultBranch ?? 'main';
    const gitDir = await createBareRepo(reposRoot, repo.owner, repo.name, { from: repo.path, defaultBranch });
    if (!repo.path && repo.files) await commitFiles(gitDir, { branch: defaultBranch, files: repo.files, message: 'Initial commit' });
    const head = repo.path ? await gitText(gitDir, ['symbolic-ref', '--short', 'HEAD']).catch(() => defaultBranch) : defaultBranch;
    const record: RepoRecord = {
      id: core.state.nextId(),
      owner: repo.owner,
      name: repo.name,
      fullName: `${repo.owner}/${repo.name}`,
      private: repo.private ?? true,
      defaultBranch: head,
      gitDir,
      installed: repo.installed ?? true,
      collaborators: { [repo.owner]: 'admin', ...repo.collaborators },
      createdAt: core.objects.createdAt,
    };
    core.state.repos.push(record);
    return record;
  }

  const repos = options.repos ?? [];
  for (const r of repos) await addRepo(r); // in order, so ids and repos[0] are predictable
  const privateKey = await privateKeyPromise;

  function findRepo(name: string): RepoRecord {
    const found = core.state.repos.find((r) => r.fullName === name || r.name === name);
    if (!found) throw new Error(`stand-in has no repository ${name}`);
    return found;
  }

  return {
    url,
    /** Same origin as `url`: the REST API lives at the root, as on api.github.com. */
    apiUrl: url,
    appId,
    appSlug,
    clientId: core.clientId,
    privateKey,
    webhookSecret,
    installationId: core.objects.installationId,
    state: core.state,
    log: core.log as readonly RequestLogEntry[],
    violations: core.violations as readonly Violation[],
    faults: {
      inject: (route: RouteMatcher, fault: Fault, opts?: { times?: number }) => core.faults.inject(route, fault, opts),
      clear: () => core.faults.clear(),
    },
    addRepo,
    /**
     * Commits files (null deletes) on a branch, creating it from `from` (default: the default
     * branch); with `rebase`, on top of `from` even when the branch exists (a rebased force-push).
     */
    commitFiles: (o: {
      repo: string;
      branch: string;
      files: Record<string, string | null>;
      message?: string;
      from?: string;
      rebase?: boolean;
    }) => {
      const repo = findRepo(o.repo);
      return commitFiles(repo.gitDir, {
        branch: o.branch,
        files: o.files,
        message: o.message ?? `Update ${o.branch}`,
        from: o.from ?? `refs/heads/${repo.defaultBranch}`,
        rebase: o.rebase,
      });
    },
    addPullRequest(o: {
      repo: string;
      head: string;
      base?: string;
      title?: string;
      body?: string;
      user?: string;
      draft?: boolean;
    }): PullRequestRecord {
      const repo = findRepo(o.repo);
      const pr: PullRequestRecord = {
        id: core.state.nextId(),
        repo: repo.fullName,
        number: core.state.nextIssueNumber(repo.fullName),
        title: o.title ?? `Update ${o.head}`,
        body: o.body ?? null,
        user: o.user ?? repo.owner,
        headRef: o.head,
        baseRef: o.base ?? repo.defaultBranch,
        state: 'open',
        draft: o.draft ?? false,
        createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
      core.state.pullRequests.push(pr);
      return pr;
    },
    /** An installation token (`ghs_...`), as POST /app/installations/{id}/access_tokens would issue. */
    createInstallationToken: (opts: TokenOptions = {}) => issueToken(core, 'installation', `${appSlug}[bot]`, opts, 5000).token,
    /** A workflow GITHUB_TOKEN for one repository; `readOnly` gives what a fork's pull request gets. */
    createWorkflowToken(o: { repo: string; permissions?: Permissions; readOnly?: boolean; expiresIn?: number }): string {
      const base = o.permissions ?? WORKFLOW_TOKEN_PERMISSIONS;
      const permissions = o.readOnly ? Object.fromEntries(Object.keys(base).map((k) => [k, 'read' as const])) : base;
      return issueToken(
        core,
        'workflow',
        'github-actions[bot]',
        { repositories: [findRepo(o.repo).fullName], permissions, expiresIn: o.expiresIn },
        1000,
      ).token;
    },
    createAppJwt: (opts?: AppJwtOptions) => signAppJwt(privateKey, appId, opts),
    cloneUrl: (repo: string, token?: string) => {
      const r = findRepo(repo);
      return token ? `http://x-access-token:${token}@127.0.0.1:${port}/${r.fullName}.git` : `${url}/${r.fullName}.git`;
    },
    sendWebhook: (event: string, opts: WebhookOptions) => deliverWebhook(core, webhookSecret, event, opts),
    /** The payload sendWebhook would deliver, unsent: e.g. an Action's GITHUB_EVENT_PATH file. */
    webhookPayload: (event: string, opts: Omit<WebhookOptions, 'targetUrl'> = {}) => buildWebhookPayload(core, event, opts),
    /** Throws, listing every contract violation (and the schema path that failed), then forgets them. */
    assertNoViolations(): void {
      const found = core.violations.splice(0);
      if (found.length > 0) throw new Error(formatViolations(found));
    },
    /** Returns and forgets the violations, for tests that provoke them on purpose. */
    takeViolations: (): Violation[] => core.violations.splice(0),
    async close(): Promise<void> {
      await shutdown(server);
      forgetRepositories(reposRoot);
      await rm(reposRoot, { recursive: true, force: true });
    },
  };
}
