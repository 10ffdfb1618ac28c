import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { validateResponseBody } from '../../standin/openapi-validator.js';
import { OWNER, REPO, useStandin } from './fixture.js';

describe('stand-in OpenAPI contract', () => {
  const standin = useStandin();

  it('rejects an invalid check run body with 422 and records the failing schema path', async () => {
    const gh = standin();
    const sha = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'a.txt': 'a\n' } });
    const res = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${gh.createInstallationToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'guardrails', head_sha: sha, conclusion: 'maybe' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string; status: string; documentation_url: string };
    expect(body.status).toBe('422');
    expect(body.message).toMatch(/^Invalid request\.\n\nFor 'properties\/conclusion', "maybe" is not a member of \[/);
    expect(gh.state.checkRuns).toHaveLength(0);
    expect(() => gh.assertNoViolations()).toThrow(/checks\/create.*\n.*\/conclusion.*\[schema #\/properties\/conclusion\/enum\]/);
    // assertNoViolations consumed them, so the fixture's afterEach passes.
    expect(gh.violations).toHaveLength(0);
  });

  it('reports a missing required property the way GitHub words it', async () => {
    const gh = standin();
    const octokit = new Octokit({
      auth: gh.createInstallationToken(),
      baseUrl: gh.apiUrl,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    // @ts-expect-error head_sha is required; the stand-in must catch what types would.
    const error = await octokit.checks.create({ owner: OWNER, repo: REPO, name: 'x' }).catch((e: { status: number; message: string }) => e);
    expect(error).toMatchObject({ status: 422 });
    expect((error as { message: string }).message).toContain('"head_sha" wasn\'t supplied.');
    const [violation] = gh.takeViolations();
    expect(violation?.issues[0]?.schemaPath).toBe('#/required');
  });

  it('answers unknown routes with GitHub 404 and records a violation', async () => {
    const gh = standin();
    const res = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/no-such-thing`, {
      headers: { authorization: `token ${gh.createInstallationToken()}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    expect(gh.takeViolations()).toEqual([expect.objectContaining({ kind: 'route', status: 404 })]);
  });

  it('rejects a non-integer path parameter as GitHub does (404) and records it', async () => {
    const gh = standin();
    const res = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/check-runs/abc`, {
      headers: { authorization: `token ${gh.createInstallationToken()}` },
    });
    expect(res.status).toBe(404);
    expect(gh.takeViolations()[0]?.issues[0]).toMatchObject({ location: 'path', instancePath: '/check_run_id' });
  });

  it('holds responses to the documented schema too (a bad one is a stand-in bug)', () => {
    const issues = validateResponseBody('POST', '/repos/{owner}/{repo}/check-runs', 201, { id: 1, status: 'done' });
    expect(issues?.[0]).toMatchObject({ location: 'response', schemaPath: '#/required' });
    // Statuses the operation does not document at all are reported as such (undefined).
    expect(validateResponseBody('GET', '/repos/{owner}/{repo}', 418, {})).toBeUndefined();
  });

  it('serves every route with responses that match the published schemas', async () => {
    const gh = standin();
    const sha = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'data/train.csv': 'x,y\n1,3\n', 'new.txt': 'n\n' } });
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature', title: 'Retrain' });
    const o = new Octokit({
      auth: gh.createInstallationToken({
        permissions: {
          checks: 'write',
          contents: 'write',
          issues: 'write',
          pull_requests: 'read',
          statuses: 'write',
          deployments: 'write',
          actions: 'write',
        },
      }),
      baseUrl: gh.apiUrl,
    });
    const r = { owner: OWNER, repo: REPO };
    expect((await o.repos.get(r)).data.full_name).toBe('acme/models');
    const pull = (await o.pulls.get({ ...r, pull_number: pr.number })).data;
    expect(pull.head.sha).toBe(sha);
    expect(pull.changed_files).toBe(2);
    const files = (await o.pulls.listFiles({ ...r, pull_number: pr.number })).data;
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ['data/train.csv', 'modified'],
      ['new.txt', 'added'],
    ]);
    const content = (await o.repos.getContent({ ...r, path: 'data/train.csv', ref: 'feature' })).data as { content: string };
    expect(Buffer.from(content.content, 'base64').toString()).toBe('x,y\n1,3\n');
    expect((await o.repos.getCommit({ ...r, ref: sha })).data.files?.length).toBe(2);
    expect((await o.repos.compareCommitsWithBasehead({ ...r, basehead: 'main...feature' })).data).toMatchObject({
      status: 'ahead',
      ahead_by: 1,
    });
    expect((await o.repos.getCollaboratorPermissionLevel({ ...r, username: OWNER })).data.permission).toBe('admin');
    const run = (await o.checks.create({ ...r, name: 'guardrails', head_sha: sha, status: 'in_progress' })).data;
    await o.checks.update({ ...r, check_run_id: run.id, conclusion: 'failure', output: { title: 'metrics', summary: 'accuracy dropped' } });
    expect((await o.checks.get({ ...r, check_run_id: run.id })).data.conclusion).toBe('failure');
    expect((await o.checks.listForRef({ ...r, ref: 'feature' })).data.total_count).toBe(1);
    const suites = (await o.checks.listSuitesForRef({ ...r, ref: sha })).data.check_suites;
    expect(suites[0]?.conclusion).toBe('failure');
    await o.checks.rerequestSuite({ ...r, check_suite_id: suites[0]?.id ?? 0 });
    const comment = (await o.issues.createComment({ ...r, issue_number: pr.number, body: 'report' })).data;
    await o.issues.updateComment({ ...r, comment_id: comment.id, body: 'report v2' });
    expect((await o.issues.listComments({ ...r, issue_number: pr.number })).data[0]?.body).toBe('report v2');
    await o.repos.createCommitStatus({ ...r, sha, state: 'success', context: 'guardrails' });
    const deployment = (await o.repos.createDeployment({ ...r, ref: 'feature', environment: 'staging', auto_merge: false })).data as {
      id: number;
    };
    await o.repos.createDeploymentStatus({ ...r, deployment_id: deployment.id, state: 'success' });
    expect((await o.repos.listDeploymentStatuses({ ...r, deployment_id: deployment.id })).data).toHaveLength(1);
    expect((await o.repos.listDeployments(r)).data).toHaveLength(1);
    await o.repos.createDispatchEvent({ ...r, event_type: 'retrain', client_payload: { model: 'a' } });
    await gh.commitFiles({ repo: REPO, branch: 'main', files: { '.github/workflows/bench.yml': 'on: workflow_dispatch\n' } });
    await o.actions.createWorkflowDispatch({ ...r, workflow_id: 'bench.yml', ref: 'main', inputs: { size: 'small' } });

    expect(gh.state.checkRuns[0]).toMatchObject({ name: 'guardrails', status: 'completed', conclusion: 'failure', headSha: sha });
    expect(gh.state.checkRuns[0]?.output.summary).toBe('accuracy dropped');
    expect(gh.state.checkSuites[0]?.rerequests).toBe(1);
    expect(gh.state.comments[0]).toMatchObject({ body: 'report v2', user: 'ml-guardrails[bot]' });
    expect(gh.state.statuses[0]).toMatchObject({ state: 'success', context: 'guardrails' });
    expect(gh.state.deployments[0]?.statuses[0]?.state).toBe('success');
    expect(gh.state.dispatches).toEqual([
      expect.objectContaining({ kind: 'repository_dispatch', eventType: 'retrain', clientPayload: { model: 'a' } }),
      expect.objectContaining({ kind: 'workflow_dispatch', workflowId: 'bench.yml', ref: 'main', inputs: { size: 'small' } }),
    ]);
    expect(gh.log.every((entry) => entry.operationId !== undefined && entry.status < 300)).toBe(true);
    expect(gh.log.find((e) => e.operationId === 'checks/create')).toMatchObject({ method: 'POST', status: 201 });
  });
});
