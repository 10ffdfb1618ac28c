import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { leftoverClones, metricsRepo, startAppWorld } from './app-world.js';

describe('the App on a pull request (npm start + stand-in)', () => {
  it('evaluates a failing PR: one check run from in progress to failure, one comment, no clone left, no token logged', async () => {
    const w = await startAppWorld();
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain', title: 'Retrain' });

    const delivery = await w.deliver('pull_request.opened');
    expect(delivery.status).toBe(200);
    await w.idle();

    const runs = w.gh.state.checkRuns.filter((r) => r.headSha === head);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'ML Guardrails', status: 'completed', conclusion: 'failure' });
    // Created in progress first, then completed.
    const runCalls = w.gh.log.filter((e) => e.operationId?.startsWith('checks/'));
    expect(runCalls.map((e) => e.operationId)).toEqual(expect.arrayContaining(['checks/create', 'checks/update']));
    const comments = w.gh.state.comments.filter((c) => c.body.startsWith(COMMENT_MARKER));
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('model-quality');
    expect(comments[0]!.body).toContain('0.85');

    // The same PR evaluated again (reopened): still one comment, a second check run.
    await w.deliver('pull_request.reopened');
    await w.idle();
    expect(w.gh.state.comments.filter((c) => c.body.startsWith(COMMENT_MARKER))).toHaveLength(1);

    expect(leftoverClones(w)).toEqual([]);
    const tokens = [...w.app.output().matchAll(/ghs_[A-Za-z0-9]{20,}/g)];
    expect(tokens).toEqual([]);
    expect(w.app.output()).not.toContain(w.gh.privateKey.split('\n')[1]!);
    w.gh.assertNoViolations();
  });

  it('passes a PR that keeps the metrics, and says nothing in a repository without a rule file', async () => {
    const w = await startAppWorld([metricsRepo('models'), { owner: 'acme', name: 'plain', files: { 'README.md': '# no rules\n' } }]);
    const good = await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'better' });
    await w.gh.commitFiles({ repo: 'plain', branch: 'docs', files: { 'README.md': '# still no rules\n' } });
    w.gh.addPullRequest({ repo: 'plain', head: 'docs' });

    await w.deliver('pull_request.opened', { repo: 'models' });
    await w.deliver('pull_request.opened', { repo: 'plain' });
    await w.idle();

    expect(w.gh.state.checkRuns.find((r) => r.headSha === good)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(w.gh.state.checkRuns.filter((r) => r.repo === 'acme/plain')).toEqual([]);
    expect(w.gh.state.comments.filter((c) => c.repo === 'acme/plain')).toEqual([]);
    w.gh.assertNoViolations();
  });
});

describe('the App on a push (check_suite)', () => {
  it('a merge to the default branch is evaluated against the previous tip and deployed once (deploy.when: merged)', async () => {
    const deploy = 'deploy:\n  when: merged\n  environment: production\n  via: deployment\n';
    const w = await startAppWorld([metricsRepo('models', deploy)]);
    const before = w.gh.state.repos[0]!;
    const previous = await w.gh.commitFiles({ repo: 'models', branch: 'main', from: 'refs/heads/main', files: { 'notes.md': 'x\n' } });
    const merged = await w.gh.commitFiles({
      repo: 'models',
      branch: 'main',
      from: 'refs/heads/main',
      files: { 'metrics/eval.json': '{"accuracy": 0.94}\n' },
    });
    const suite = () => ({
      patch: (p: Record<string, unknown>) => {
        p.check_suite = {
          ...(p.check_suite as object),
          head_sha: merged,
          head_branch: before.defaultBranch,
          before: previous,
          after: merged,
          pull_requests: [],
        };
      },
    });
    await w.deliver('check_suite.requested', suite());
    await w.idle();
    await w.deliver('check_suite.rerequested', suite());
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === merged).map((r) => r.conclusion)).toEqual(['success', 'success']);
    expect(w.gh.state.deployments).toHaveLength(1);
    expect(w.gh.state.deployments[0]).toMatchObject({ sha: merged, environment: 'production' });
    expect(w.gh.state.comments).toEqual([]);
    w.gh.assertNoViolations();
  });
});
