import { describe, expect, it } from 'vitest';
import { DeployRefusedError, deployOnce, wantsDeployment } from '../../src/github/deployments.js';
import type { Report } from '../../src/report/model.js';
import { OWNER, REPO, useStandin } from '../standin/fixture.js';
import { testClient } from './client.js';

const standin = useStandin();
const repo = { owner: OWNER, repo: REPO };
const report: Report = {
  verdict: 'pass',
  base: null,
  head: null,
  baseline: { sha: null, method: 'none', description: '' },
  headSource: 'commit',
  config: 'x',
  rules: [],
};
const deploy = { when: 'merged', environment: 'production', via: 'deployment' } as const;

describe('deployOnce', () => {
  it('two racing runs: the oldest deployment stands, the other stands down', async () => {
    const gh = standin();
    const sha = await gh.commitFiles({ repo: REPO, branch: 'main', files: { 'a.txt': 'a' } });
    // Both runs reach the create before either is answered: a real race, however the two are scheduled.
    gh.faults.inject('repos/create-deployment', { kind: 'barrier', count: 2 }, { times: 2 });
    const results = await Promise.all([1, 2].map(() => deployOnce(testClient(gh), repo, { deploy, report, sha, ref: 'main' })));
    expect(results.map((r) => r.action).sort()).toEqual(['deployed', 'superseded']);
    const states = gh.state.deployments.map((d) => d.statuses.map((s) => s.state).join());
    expect(states).toEqual(['success', 'inactive']);
    expect(await deployOnce(testClient(gh), repo, { deploy, report, sha, ref: 'main' })).toMatchObject({
      action: 'exists',
      deploymentId: gh.state.deployments[0]!.id,
    });
  });

  it('a refused dispatch leaves an error record that does not count; a status lost after the dispatch is noted, never re-sent', async () => {
    const gh = standin();
    const sha = await gh.commitFiles({ repo: REPO, branch: 'main', files: { 'a.txt': 'a' } });
    const request = { deploy: { ...deploy, via: 'repository_dispatch' as const }, report, sha, ref: 'main' };
    gh.faults.inject(
      'repos/create-dispatch-event',
      { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
      { times: 1 },
    );
    const refused = await deployOnce(testClient(gh), repo, request).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeployRefusedError);
    expect(refused).toMatchObject({ permission: 'contents: write', answer: { status: 403 } });
    expect(gh.state.dispatches).toEqual([]);

    gh.faults.inject('repos/create-deployment-status', { kind: 'status', status: 422 }, { times: 1 });
    expect(await deployOnce(testClient(gh), repo, request)).toMatchObject({
      action: 'dispatched',
      statusNote: expect.stringContaining('422'),
    });
    expect(await deployOnce(testClient(gh), repo, request)).toMatchObject({ action: 'exists', deploymentId: gh.state.deployments[1]!.id });
    expect(gh.state.dispatches).toHaveLength(1);
    expect(gh.state.deployments.map((d) => d.statuses.map((s) => s.state))).toEqual([['error'], []]);
  });

  it('refuses workflow_dispatch without a workflow, before writing anything', async () => {
    const gh = standin();
    await expect(
      deployOnce(testClient(gh), repo, { deploy: { ...deploy, via: 'workflow_dispatch' }, report, sha: 'main', ref: 'main' }),
    ).rejects.toThrow('deploy.workflow is not set');
    expect(gh.log).toHaveLength(0);
  });

  it('when: merged is the default-branch push, when: passed a pull request', () => {
    expect(wantsDeployment(deploy, 'default-branch-push')).toBe(true);
    expect(wantsDeployment(deploy, 'pull-request')).toBe(false);
    expect(wantsDeployment({ ...deploy, when: 'passed' }, 'pull-request')).toBe(true);
    expect(wantsDeployment({ ...deploy, when: 'passed' }, 'other')).toBe(false);
  });
});
