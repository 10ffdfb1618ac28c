// In-memory records of everything clients did, kept as plain data so tests can assert on it
// (`gh.state.checkRuns`, `gh.state.comments`, ...). Ids come from one counter per stand-in so
// they are unique across kinds, as GitHub's are in practice.

export type PermissionLevel = 'read' | 'write';
export type Permissions = Record<string, PermissionLevel>;
export type CollaboratorPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  defaultBranch: string;
  /** The bare repository on disk. */
  gitDir: string;
  /** Whether the app's installation covers this repository. */
  installed: boolean;
  collaborators: Record<string, CollaboratorPermission>;
  createdAt: string;
}

export interface PullRequestRecord {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  user: string;
  headRef: string;
  baseRef: string;
  state: 'open' | 'closed';
  draft: boolean;
  createdAt: string;
}

export interface CheckRunRecord {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: unknown[] };
  actions: unknown[];
  checkSuiteId: number;
  /** Every request body that created or updated the run, in order. */
  requests: Record<string, unknown>[];
  /** Who created it: the App's bot, or `github-actions[bot]` for a workflow token (the Action). */
  createdBy?: string | undefined;
}

export interface CheckSuiteRecord {
  id: number;
  repo: string;
  headSha: string;
  headBranch: string | null;
  rerequests: number;
  createdAt: string;
}

export interface CommentRecord {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface CommitStatusRecord {
  id: number;
  repo: string;
  sha: string;
  state: string;
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  createdAt: string;
}

export interface DeploymentRecord {
  id: number;
  repo: string;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  createdAt: string;
  statuses: DeploymentStatusRecord[];
}

export interface DispatchRecord {
  kind: 'workflow_dispatch' | 'repository_dispatch';
  repo: string;
  workflowId?: string | number;
  ref?: string;
  inputs?: Record<string, unknown>;
  eventType?: string;
  clientPayload?: Record<string, unknown>;
  at: string;
}

export class StandinState {
  repos: RepoRecord[] = [];
  pullRequests: PullRequestRecord[] = [];
  checkRuns: CheckRunRecord[] = [];
  checkSuites: CheckSuiteRecord[] = [];
  comments: CommentRecord[] = [];
  statuses: CommitStatusRecord[] = [];
  deployments: DeploymentRecord[] = [];
  dispatches: DispatchRecord[] = [];
  private lastId = 1000;

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  findRepo(owner: string, name: string): RepoRecord | undefined {
    const full = `${owner}/${name}`.toLowerCase();
    return this.repos.find((r) => r.fullName.toLowerCase() === full);
  }

  findPullRequest(repo: string, number: number): PullRequestRecord | undefined {
    return this.pullRequests.find((p) => p.repo === repo && p.number === number);
  }

  /** PRs and issues share one number sequence per repository, as on GitHub. */
  nextIssueNumber(repo: string): number {
    return this.pullRequests.filter((p) => p.repo === repo).reduce((max, p) => Math.max(max, p.number), 0) + 1;
  }
}
