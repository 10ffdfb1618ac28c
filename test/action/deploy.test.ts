import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RULES } from '../../fixtures/sample-repo/build-sample-repo.js';
import { DEPLOY_TASK } from '../../src/github/deployments.js';
import { ROOT } from '../support/run-action.js';
import { type ActionWorld, REPO, useActionWorld } from './action-fixture.js';

const world = useActionWorld();

/** Lands a commit on `branch` that adds a deploy: section (and optionally more files). */
function addDeploySection(w: ActionWorld, deploy: string, branch = 'main', files: Record<string, string> = {}): Promise<string> {
  return w.gh.commitFiles({
    repo: REPO,
    branch,
    from: `refs/heads/${branch}`,
    files: { '.github/ml-guardrails.yml': `${SAMPLE_RULES}deploy:\n${deploy}`, ...files },
    message: 'Deploy on green',
  });
}

describe('deployments when the guardrails pass', () => {
  it('when: merged creates one deployment for the merge commit on main, also when the run is repeated', async () => {
    const w = world();
    const sha = await addDeploySection(w, '  when: merged\n  environment: production\n  via: deployment\n');
    const first = await w.run('push', { inputs: { deploy: 'true' } });
    expect(first.code, first.stdout).toBe(0);
    expect(w.gh.state.deployments).toHaveLength(1);
    const deployment = w.gh.state.deployments[0]!;
    expect(deployment).toMatchObject({ sha, environment: 'production', task: DEPLOY_TASK });
    expect(deployment.payload).toMatchObject({ tool: 'ml-guardrails', verdict: 'pass', head: sha });
    expect(deployment.statuses).toEqual([
      expect.objectContaining({ state: 'success', logUrl: expect.stringContaining('/actions/runs/4242') }),
    ]);
    expect(first.stdout).toContain('via deployment');

    const again = await w.run('push', { inputs: { deploy: 'true' } });
    expect(again.code).toBe(0);
    expect(w.gh.state.deployments).toHaveLength(1);
    expect(again.stdout).toContain(`Already deployed: deployment ${deployment.id}`);
  });

  it('dispatches a repository_dispatch or a workflow_dispatch once per commit', async () => {
    const w = world();
    await addDeploySection(w, '  when: merged\n  environment: staging\n  via: repository_dispatch\n  event_type: ship-model\n');
    await w.run('push', { inputs: { deploy: 'true' } });
    await w.run('push', { inputs: { deploy: 'true' } });
    expect(w.gh.state.dispatches).toEqual([
      expect.objectContaining({
        kind: 'repository_dispatch',
        eventType: 'ship-model',
        clientPayload: expect.objectContaining({ environment: 'staging' }),
      }),
    ]);
    expect(w.gh.state.deployments).toHaveLength(1);
    expect(w.gh.state.deployments[0]!.statuses.map((s) => s.state)).toEqual(['in_progress']);

    const workflow = 'on:\n  workflow_dispatch:\n    inputs: { environment: {}, sha: {}, deployment_id: {} }\njobs: {}\n';
    const sha = await addDeploySection(
      w,
      '  when: merged\n  environment: staging\n  via: workflow_dispatch\n  workflow: deploy.yml\n',
      'main',
      { '.github/workflows/deploy.yml': workflow },
    );
    const result = await w.run('push', { inputs: { deploy: 'true' } });
    expect(result.code, result.stdout).toBe(0);
    expect(w.gh.state.dispatches[1]).toMatchObject({
      kind: 'workflow_dispatch',
      workflowId: 'deploy.yml',
      ref: 'main',
      inputs: { environment: 'staging', sha },
    });
  });

  it('when: passed deploys a green PR head, never a failing one or with the input off', async () => {
    const w = world();
    await addDeploySection(w, '  when: passed\n  environment: preview\n', 'main');
    const green = readFileSync(path.join(w.sample.dir, 'metrics/eval.json'), 'utf8');
    const data = readFileSync(path.join(ROOT, 'fixtures', 'data', 'penguins.csv'), 'utf8');
    // The PR branch starts from main with its deploy: section (the governing rules are the merge-base's).
    await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      from: 'refs/heads/main',
      rebase: true,
      files: { 'metrics/eval.json': '{"accuracy": 0.5}\n' },
      message: 'Worse',
    });
    const red = await w.run('pull_request.synchronize', { inputs: { deploy: 'true' } });
    expect(red.code).toBe(1);
    const head = await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      from: `refs/heads/${w.sample.prBranch}`,
      files: { 'metrics/eval.json': green, 'metrics/train.yaml': 'train_seconds: 41.5\nepochs: 30\n', 'data/penguins.csv': data },
      message: 'Green again',
    });
    await w.run('pull_request.synchronize', { inputs: { deploy: 'false' } });
    expect(w.gh.state.deployments).toHaveLength(0);
    const result = await w.run('pull_request.synchronize', { inputs: { deploy: 'true' } });
    expect(result.code, result.stdout).toBe(0);
    expect(w.gh.state.deployments).toEqual([expect.objectContaining({ sha: head, ref: head, environment: 'preview' })]);
  });

  it('a workflow_dispatch for a green PR runs on the default branch, never on the PR ref', async () => {
    const w = world();
    const workflow = 'on:\n  workflow_dispatch:\n    inputs: { environment: {}, sha: {}, deployment_id: {} }\njobs: {}\n';
    await addDeploySection(w, '  when: passed\n  environment: preview\n  via: workflow_dispatch\n  workflow: deploy.yml\n', 'main', {
      '.github/workflows/deploy.yml': workflow,
    });
    const green = readFileSync(path.join(w.sample.dir, 'metrics/eval.json'), 'utf8');
    const data = readFileSync(path.join(ROOT, 'fixtures', 'data', 'penguins.csv'), 'utf8');
    const head = await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      from: 'refs/heads/main',
      rebase: true,
      files: { 'metrics/eval.json': green, 'metrics/train.yaml': 'train_seconds: 41.5\nepochs: 30\n', 'data/penguins.csv': data },
      message: 'Green',
    });
    const result = await w.run('pull_request.synchronize', { inputs: { deploy: 'true' } });
    expect(result.code, result.stdout).toBe(0);
    expect(w.gh.state.dispatches).toEqual([
      expect.objectContaining({ kind: 'workflow_dispatch', ref: 'main', inputs: expect.objectContaining({ sha: head }) }),
    ]);
  });

  it('a pull request cannot start a deployment by adding or switching deploy: itself', async () => {
    const w = world();
    // Hostile: the PR turns on `when: passed` with a dispatch on its own workflow, and loosens the bound that fails it.
    const evil = 'on:\n  workflow_dispatch:\n    inputs: { environment: {}, sha: {}, deployment_id: {} }\njobs: {}\n';
    await addDeploySection(
      w,
      '  when: passed\n  environment: production\n  via: workflow_dispatch\n  workflow: deploy.yml\n',
      w.sample.prBranch,
      {
        '.github/workflows/deploy.yml': evil,
      },
    );
    const pr = await w.run('pull_request.synchronize', { inputs: { deploy: 'true', 'fail-on': 'never' } });
    expect(pr.stdout).toContain('the rule file has no `deploy:` section');
    expect(w.gh.state.deployments).toHaveLength(0);
    expect(w.gh.state.dispatches).toHaveLength(0);
    // The report says the rules changed, rule by rule, without applying them.
    expect(pr.summary).toContain('deploy:');
  });

  it('when: merged does not deploy from a pull request or a failing push', async () => {
    const w = world();
    await addDeploySection(w, '  when: merged\n', 'main');
    await w.gh.commitFiles({ repo: REPO, branch: w.sample.prBranch, from: 'refs/heads/main', rebase: true, files: {}, message: 'PR' });
    const pr = await w.run('pull_request.synchronize', { inputs: { deploy: 'true', 'fail-on': 'never' } });
    expect(pr.stdout, pr.summary).toContain('Not deploying: deploy.when is "merged"');
    await addDeploySection(w, '  when: merged\n', 'main', { 'metrics/eval.json': '{"accuracy": 0.5, "macro_f1": 0.5, "slices": {}}\n' });
    const push = await w.run('push', { inputs: { deploy: 'true' } });
    expect(push.code).toBe(1);
    expect(push.stdout).toContain('Not deploying to production: the guardrails did not pass.');
    expect(w.gh.state.deployments).toHaveLength(0);
  });

  it('a workflow whose token lacks contents: write: the repository_dispatch refusal ends the check neutral and is in the job summary', async () => {
    const w = world();
    const sha = await addDeploySection(w, '  when: merged\n  environment: staging\n  via: repository_dispatch\n');
    const permissions = { checks: 'write', contents: 'read', deployments: 'write', pull_requests: 'write' } as const;
    const token = w.gh.createWorkflowToken({ repo: REPO, permissions });
    const result = await w.run('push', { inputs: { deploy: 'true' }, token });
    expect(result.code, result.stdout).toBe(0);
    const sentence = "was refused by GitHub** (403: Resource not accessible by integration); the workflow's token needs `contents: write`";
    expect(result.summary).toContain(sentence);
    const run = w.gh.state.checkRuns.find((r) => r.headSha === sha);
    expect(run).toMatchObject({ conclusion: 'neutral', output: { summary: expect.stringContaining(sentence) } });
    expect(w.gh.state.dispatches).toEqual([]);
    expect(w.gh.state.deployments.map((d) => d.statuses.map((s) => s.state))).toEqual([['error']]);
  });
});
