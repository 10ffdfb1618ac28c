// The REST operations the stand-in serves, as GitHub's OpenAPI description names them.
// The subset generator extracts exactly these, and the server refuses to register a
// route that is not listed here, so the two cannot drift apart silently.

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface ServedOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
}

export const SERVED_OPERATIONS: readonly ServedOperation[] = [
  { method: 'get', path: '/app', operationId: 'apps/get-authenticated' },
  { method: 'get', path: '/app/installations', operationId: 'apps/list-installations' },
  { method: 'get', path: '/app/installations/{installation_id}', operationId: 'apps/get-installation' },
  { method: 'post', path: '/app/installations/{installation_id}/access_tokens', operationId: 'apps/create-installation-access-token' },
  { method: 'get', path: '/repos/{owner}/{repo}/installation', operationId: 'apps/get-repo-installation' },
  { method: 'get', path: '/repos/{owner}/{repo}', operationId: 'repos/get' },
  { method: 'get', path: '/repos/{owner}/{repo}/pulls/{pull_number}', operationId: 'pulls/get' },
  { method: 'get', path: '/repos/{owner}/{repo}/pulls/{pull_number}/files', operationId: 'pulls/list-files' },
  { method: 'post', path: '/repos/{owner}/{repo}/check-runs', operationId: 'checks/create' },
  { method: 'get', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', operationId: 'checks/get' },
  { method: 'patch', path: '/repos/{owner}/{repo}/check-runs/{check_run_id}', operationId: 'checks/update' },
  { method: 'get', path: '/repos/{owner}/{repo}/commits/{ref}/check-runs', operationId: 'checks/list-for-ref' },
  { method: 'get', path: '/repos/{owner}/{repo}/commits/{ref}/check-suites', operationId: 'checks/list-suites-for-ref' },
  { method: 'post', path: '/repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest', operationId: 'checks/rerequest-suite' },
  { method: 'get', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', operationId: 'issues/list-comments' },
  { method: 'post', path: '/repos/{owner}/{repo}/issues/{issue_number}/comments', operationId: 'issues/create-comment' },
  { method: 'patch', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', operationId: 'issues/update-comment' },
  { method: 'delete', path: '/repos/{owner}/{repo}/issues/comments/{comment_id}', operationId: 'issues/delete-comment' },
  {
    method: 'get',
    path: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    operationId: 'repos/get-collaborator-permission-level',
  },
  { method: 'get', path: '/repos/{owner}/{repo}/contents/{path}', operationId: 'repos/get-content' },
  { method: 'post', path: '/repos/{owner}/{repo}/statuses/{sha}', operationId: 'repos/create-commit-status' },
  { method: 'post', path: '/repos/{owner}/{repo}/deployments', operationId: 'repos/create-deployment' },
  { method: 'get', path: '/repos/{owner}/{repo}/deployments', operationId: 'repos/list-deployments' },
  { method: 'post', path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', operationId: 'repos/create-deployment-status' },
  { method: 'get', path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', operationId: 'repos/list-deployment-statuses' },
  {
    method: 'post',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
    operationId: 'actions/create-workflow-dispatch',
  },
  { method: 'post', path: '/repos/{owner}/{repo}/dispatches', operationId: 'repos/create-dispatch-event' },
  { method: 'get', path: '/repos/{owner}/{repo}/commits/{ref}', operationId: 'repos/get-commit' },
  { method: 'get', path: '/repos/{owner}/{repo}/compare/{basehead}', operationId: 'repos/compare-commits-with-basehead' },
];
