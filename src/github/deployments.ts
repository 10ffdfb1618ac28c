import type { DeployConfig } from '../config/schema.js';
import type { Report } from '../report/model.js';
import { callApi } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/**
 * The idempotency key of a deployment is (commit SHA, environment, this task): before starting
 * anything the deployments with that key are listed, and one found means "already done". The
 * deployment record is created for every `via` (for dispatches too), so a re-run of the same
 * workflow, or the same commit evaluated again, never deploys twice.
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

export type DeployResult =
  | { action: 'exists'; deploymentId: number }
  | { action: 'superseded'; deploymentId: number; existingId: number }
  | { action: 'deployed' | 'dispatched'; deploymentId: number; via: DeployConfig['via'] };

export async function deployOnce(client: GitHubClient, repo: RepoRef, request: DeployRequest): Promise<DeployResult> {
  const { deploy, sha } = request;
  if (deploy.via === 'workflow_dispatch' && !deploy.workflow) {
    throw new Error(
      'deploy.via is workflow_dispatch but deploy.workflow is not set: name the workflow file (e.g. deploy.yml) in the rule file',
    );
  }
  const earlier = await listKeyed(client, repo, sha, deploy.environment);
  if (earlier[0] !== undefined) return { action: 'exists', deploymentId: earlier[0] };

  const { data } = await callApi('create the deployment', () =>
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
  const all = await listKeyed(client, repo, sha, deploy.environment);
  const oldest = all[0];
  if (oldest !== undefined && oldest !== id) {
    await setStatus(client, repo, id, 'inactive', `Superseded: deployment ${oldest} already covers this commit`, request.logUrl);
    return { action: 'superseded', deploymentId: id, existingId: oldest };
  }
  if (deploy.via === 'deployment') {
    await setStatus(client, repo, id, 'success', `Guardrails passed; ${deploy.environment} deployment created`, request.logUrl);
    return { action: 'deployed', deploymentId: id, via: deploy.via };
  }
  try {
    await dispatch(client, repo, request, id);
  } catch (error) {
    await setStatus(client, repo, id, 'error', `The ${deploy.via} could not be sent`, request.logUrl).catch(() => {});
    throw error;
  }
  await setStatus(
    client,
    repo,
    id,
    'in_progress',
    `Dispatched ${deploy.via === 'workflow_dispatch' ? deploy.workflow : (deploy.event_type ?? DEFAULT_DISPATCH_EVENT)}`,
    request.logUrl,
  );
  return { action: 'dispatched', deploymentId: id, via: deploy.via };
}

async function listKeyed(client: GitHubClient, repo: RepoRef, sha: string, environment: string): Promise<number[]> {
  const { data } = await callApi('list deployments', () =>
    client.rest.repos.listDeployments({ ...repo, sha, environment, task: DEPLOY_TASK, per_page: 100 }),
  );
  return data.map((d) => d.id).sort((a, b) => a - b);
}

async function dispatch(client: GitHubClient, repo: RepoRef, request: DeployRequest, deploymentId: number): Promise<void> {
  const { deploy, sha, ref } = request;
  // The dispatched workflow reports back through the deployment: it must declare these inputs.
  const fields = { environment: deploy.environment, sha, deployment_id: String(deploymentId) };
  if (deploy.via === 'workflow_dispatch') {
    await callApi('dispatch the deploy workflow', () =>
      client.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: deploy.workflow!, ref, inputs: fields }),
    );
  } else {
    await callApi('send the repository_dispatch', () =>
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
  await callApi('set the deployment status', () =>
    client.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state,
      description: description.slice(0, 140),
      ...(logUrl ? { log_url: logUrl } : {}),
    }),
  );
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
