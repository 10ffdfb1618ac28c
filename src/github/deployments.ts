import type { DeployConfig } from '../config/schema.js';
import type { Report } from '../report/model.js';
import { callApi, GitHubApiError } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/**
 * The idempotency key of a deployment is (commit SHA, environment, this task): before starting
 * anything the deployments with that key are listed, and one found means "already done". The
 * deployment record is created for every `via` (for dispatches too), so a re-run of the same
 * workflow, or the same commit evaluated again, never deploys twice. A record whose dispatch GitHub
 * refused (`error`) or that stood down (`inactive` only) deployed nothing: it does not count.
 */
export const DEPLOY_TASK = 'deploy:ml-guardrails';
export const DEFAULT_DISPATCH_EVENT = 'ml-guardrails-deploy';

/** What happened to the commit: a merge landing on the default branch, or a pull request head. */
export type DeployOccasion = 'default-branch-push' | 'pull-request' | 'other';

/** `when: merged` deploys the merge commit on the default branch; `when: passed` a green PR head. */
export function wantsDeployment(deploy: DeployConfig, occasion: DeployOccasion): boolean {
  return (deploy.when === 'merged' && occasion === 'default-branch-push') || (deploy.when === 'passed' && occasion === 'pull-request');
}

export interface DeployRequest {
  deploy: DeployConfig;
  report: Report;
  sha: string;
  /** Branch or tag to run a workflow_dispatch on (a dispatch cannot target a bare SHA). */
  ref: string;
  /** The workflow run (or App page) that shows this evaluation. */
  logUrl?: string | undefined;
}

/** `statusNote`: the record's status could not be set after the deploy was sent (said, not thrown). */
export type DeployResult =
  | { action: 'exists'; deploymentId: number }
  | { action: 'superseded'; deploymentId: number; existingId: number; statusNote?: string }
  | { action: 'deployed' | 'dispatched'; deploymentId: number; via: DeployConfig['via']; statusNote?: string };

/** What each deploy call needs of the token (GitHub's "permissions required for GitHub Apps"). */
export const DEPLOY_PERMISSION = {
  record: 'deployments: write',
  list: 'deployments: read',
  workflow_dispatch: 'actions: write',
  repository_dispatch: 'contents: write',
} as const;

/**
 * GitHub refused a deploy call (or never answered it) before anything was sent: its answer and the
 * permission the call needs. Once a deploy is sent, a failure to record its status is only noted.
 */
export class DeployRefusedError extends Error {
  constructor(
    readonly answer: GitHubApiError,
    readonly permission: string,
  ) {
    super(answer.message);
    this.name = 'DeployRefusedError';
  }
}

export async function deployOnce(client: GitHubClient, repo: RepoRef, request: DeployRequest): Promise<DeployResult> {
  const { deploy, sha } = request;
  if (deploy.via === 'workflow_dispatch' && !deploy.workflow) {
    throw new Error(
      'deploy.via is workflow_dispatch but deploy.workflow is not set: name the workflow file (e.g. deploy.yml) in the rule file',
    );
  }
  const earlier = await oldestLiveRecord(client, repo, sha, deploy.environment);
  if (earlier !== undefined) return { action: 'exists', deploymentId: earlier };

  const { data } = await deployCall('create the deployment', DEPLOY_PERMISSION.record, () =>
    client.rest.repos.createDeployment({
      ...repo,
      ref: sha,
      task: DEPLOY_TASK,
      environment: deploy.environment,
      auto_merge: false,
      required_contexts: [],
      description: `ML guardrails passed (${deploy.via})`.slice(0, 140),
      payload: deploymentPayload(request),
    }),
  );
  if (!('id' in data)) throw new Error(`GitHub did not create the deployment: ${data.message ?? 'no reason given'}`);
  const id = data.id;
  // A run racing this one may have created its own: the oldest record wins, the others stand down.
  const oldest = await oldestLiveRecord(client, repo, sha, deploy.environment, id).catch(async (error: unknown) => {
    await setStatus(client, repo, id, 'error', 'Not sent: the deployments could not be listed', request.logUrl).catch(() => {});
    throw error;
  });
  if (oldest !== undefined && oldest !== id) {
    const note = await settle(client, repo, id, 'inactive', `Superseded: deployment ${oldest} already covers this commit`, request.logUrl);
    return { action: 'superseded', deploymentId: id, existingId: oldest, ...note };
  }
  if (deploy.via === 'deployment') {
    const note = await settle(client, repo, id, 'success', `Guardrails passed; ${deploy.environment} deployment created`, request.logUrl);
    return { action: 'deployed', deploymentId: id, via: deploy.via, ...note };
  }
  try {
    await dispatch(client, repo, request, id);
  } catch (error) {
    // `error` marks the record as never deployed: the next evaluation of this commit tries again.
    const status = error instanceof DeployRefusedError ? ` (${error.answer.status})` : '';
    await setStatus(client, repo, id, 'error', `GitHub refused the ${deploy.via}${status}`, request.logUrl).catch(() => {});
    throw error;
  }
  const sent = deploy.via === 'workflow_dispatch' ? deploy.workflow : (deploy.event_type ?? DEFAULT_DISPATCH_EVENT);
  const note = await settle(client, repo, id, 'in_progress', `Dispatched ${sent}`, request.logUrl);
  return { action: 'dispatched', deploymentId: id, via: deploy.via, ...note };
}

/** Runs one deploy call; a failure becomes a DeployRefusedError naming the permission the call needs. */
async function deployCall<T>(action: string, permission: string, call: () => Promise<T>): Promise<T> {
  try {
    return await callApi(action, call);
  } catch (error) {
    throw error instanceof GitHubApiError ? new DeployRefusedError(error, permission) : error;
  }
}

/** The oldest record with this key that stands for a deploy (`own`, this run's record, always does). */
async function oldestLiveRecord(
  client: GitHubClient,
  repo: RepoRef,
  sha: string,
  environment: string,
  own?: number,
): Promise<number | undefined> {
  const { data } = await deployCall('list deployments', DEPLOY_PERMISSION.list, () =>
    client.rest.repos.listDeployments({ ...repo, sha, environment, task: DEPLOY_TASK, per_page: 100 }),
  );
  for (const id of data.map((d) => d.id).sort((a, b) => a - b)) {
    if (id === own || (await standsForDeploy(client, repo, id))) return id;
  }
  return undefined;
}

const NEVER_DEPLOYED: ReadonlySet<string> = new Set(['error', 'inactive']);

/** No status yet (a run still at work) or any state but refused / stood down: it deployed, or is deploying. */
async function standsForDeploy(client: GitHubClient, repo: RepoRef, deploymentId: number): Promise<boolean> {
  const { data } = await deployCall('list deployment statuses', DEPLOY_PERMISSION.list, () =>
    client.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId, per_page: 100 }),
  );
  return data.length === 0 || data.some((s) => !NEVER_DEPLOYED.has(s.state));
}

async function dispatch(client: GitHubClient, repo: RepoRef, request: DeployRequest, deploymentId: number): Promise<void> {
  const { deploy, sha, ref } = request;
  // The dispatched workflow reports back through the deployment: it must declare these inputs.
  const fields = { environment: deploy.environment, sha, deployment_id: String(deploymentId) };
  if (deploy.via === 'workflow_dispatch') {
    await deployCall('dispatch the deploy workflow', DEPLOY_PERMISSION.workflow_dispatch, () =>
      client.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: deploy.workflow!, ref, inputs: fields }),
    );
  } else {
    await deployCall('send the repository_dispatch', DEPLOY_PERMISSION.repository_dispatch, () =>
      client.rest.repos.createDispatchEvent({
        ...repo,
        event_type: deploy.event_type ?? DEFAULT_DISPATCH_EVENT,
        client_payload: { ...fields, ref, verdict: request.report.verdict },
      }),
    );
  }
}

type DeploymentState = 'success' | 'in_progress' | 'inactive' | 'error';

async function setStatus(
  client: GitHubClient,
  repo: RepoRef,
  deploymentId: number,
  state: DeploymentState,
  description: string,
  logUrl: string | undefined,
): Promise<void> {
  await deployCall('set the deployment status', DEPLOY_PERMISSION.record, () =>
    client.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state,
      description: description.slice(0, 140),
      ...(logUrl ? { log_url: logUrl } : {}),
    }),
  );
}

/** Sets a status once the deploy is out (or stood down): a failure is returned as a note, never thrown. */
async function settle(...args: Parameters<typeof setStatus>): Promise<{ statusNote?: string }> {
  try {
    await setStatus(...args);
    return {};
  } catch (error) {
    return { statusNote: error instanceof Error ? error.message : String(error) };
  }
}

/** The report in brief, for whatever consumes the deployment event. */
function deploymentPayload(request: DeployRequest): Record<string, unknown> {
  const { report } = request;
  return {
    tool: 'ml-guardrails',
    verdict: report.verdict,
    head: report.head,
    baseline: report.base,
    rules: report.rules.map((r) => ({ id: r.id, status: r.status, summary: r.summary })),
    ...(request.logUrl ? { log_url: request.logUrl } : {}),
  };
}
