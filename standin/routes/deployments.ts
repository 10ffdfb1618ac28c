// Commit statuses, deployments with their statuses, and the two dispatch events.
import { readTreePath } from '../git-read.js';
import { HttpError, linkHeaders, notFound, paginate } from '../http-kit.js';
import { buildDeployment, buildDeploymentStatus, buildStatus } from '../objects-records.js';
import { type RouteContext, type RouteDef, requireRepo } from '../route-types.js';
import type { DeploymentRecord } from '../state.js';
import { nowIso, resolveRef, resolveShaOr422 } from './git-refs.js';

const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);

function findDeployment(c: RouteContext): DeploymentRecord {
  const repo = requireRepo(c);
  const found = c.core.state.deployments.find((d) => d.repo === repo.fullName && d.id === c.params.deployment_id);
  if (!found) throw notFound();
  return found;
}

export const deploymentRoutes: RouteDef[] = [
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/statuses/{sha}',
    handler: async (c) => {
      const repo = requireRepo(c);
      const sha = await resolveShaOr422(repo, String(c.params.sha));
      const status = {
        id: c.core.state.nextId(),
        repo: repo.fullName,
        sha,
        state: String(c.body.state),
        context: str(c.body.context, 'default'),
        description: (c.body.description as string | null | undefined) ?? null,
        targetUrl: (c.body.target_url as string | null | undefined) ?? null,
        createdAt: nowIso(),
      };
      c.core.state.statuses.push(status);
      const body = buildStatus(c.core.objects, repo, status, c.actor);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/deployments',
    handler: async (c) => {
      const repo = requireRepo(c);
      const ref = String(c.body.ref);
      const sha = await resolveShaOr422(repo, ref, `No ref found for: ${ref}`);
      const environment = str(c.body.environment, 'production');
      const deployment: DeploymentRecord = {
        id: c.core.state.nextId(),
        repo: repo.fullName,
        sha,
        ref,
        task: str(c.body.task, 'deploy'),
        environment,
        description: str(c.body.description, ''),
        payload: c.body.payload ?? {},
        productionEnvironment:
          typeof c.body.production_environment === 'boolean' ? c.body.production_environment : environment === 'production',
        transientEnvironment: c.body.transient_environment === true,
        createdAt: nowIso(),
        statuses: [],
      };
      c.core.state.deployments.push(deployment);
      return { status: 201, body: buildDeployment(c.core.objects, repo, deployment, c.actor) };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/deployments',
    handler: (c) => {
      const repo = requireRepo(c);
      const q = c.query;
      const list = c.core.state.deployments
        .filter((d) => d.repo === repo.fullName)
        .filter((d) => (q.sha === undefined || d.sha === q.sha) && (q.ref === undefined || d.ref === q.ref))
        .filter((d) => (q.task === undefined || d.task === q.task) && (q.environment === undefined || d.environment === q.environment))
        .sort((a, b) => b.id - a.id);
      const page = paginate(list, q, c.url);
      return { status: 200, body: page.items.map((d) => buildDeployment(c.core.objects, repo, d, c.actor)), headers: linkHeaders(page) };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    handler: (c) => {
      const repo = requireRepo(c);
      const deployment = findDeployment(c);
      const status = {
        id: c.core.state.nextId(),
        state: String(c.body.state),
        description: str(c.body.description, ''),
        environment: str(c.body.environment, deployment.environment),
        environmentUrl: str(c.body.environment_url, ''),
        logUrl: str(c.body.log_url, str(c.body.target_url, '')),
        targetUrl: str(c.body.target_url, str(c.body.log_url, '')),
        createdAt: nowIso(),
      };
      deployment.statuses.push(status);
      const body = buildDeploymentStatus(c.core.objects, repo, deployment, status, c.actor);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    handler: (c) => {
      const repo = requireRepo(c);
      const deployment = findDeployment(c);
      const page = paginate([...deployment.statuses].reverse(), c.query, c.url);
      return {
        status: 200,
        body: page.items.map((s) => buildDeploymentStatus(c.core.objects, repo, deployment, s, c.actor)),
        headers: linkHeaders(page),
      };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    handler: async (c) => {
      const repo = requireRepo(c);
      const ref = String(c.body.ref);
      const sha = await resolveRef(repo, ref);
      if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
      const workflowId = c.params.workflow_id as string | number;
      // A workflow given by file name must exist on that ref, or GitHub answers 404.
      if (typeof workflowId === 'string' && !/^\d+$/.test(workflowId)) {
        const found = await readTreePath(repo.gitDir, sha, `.github/workflows/${workflowId}`);
        if (!found.entry) throw notFound();
      }
      c.core.state.dispatches.push({
        kind: 'workflow_dispatch',
        repo: repo.fullName,
        workflowId,
        ref,
        inputs: (c.body.inputs as Record<string, unknown>) ?? {},
        at: nowIso(),
      });
      return { status: 204 };
    },
  },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/dispatches',
    handler: (c) => {
      const repo = requireRepo(c);
      c.core.state.dispatches.push({
        kind: 'repository_dispatch',
        repo: repo.fullName,
        eventType: String(c.body.event_type),
        clientPayload: (c.body.client_payload as Record<string, unknown>) ?? {},
        at: nowIso(),
      });
      return { status: 204 };
    },
  },
];
