import { describe, expect, it } from 'vitest';
import { leftoverClones, metricsRepo, startAppWorld, waitFor } from './app-world.js';

const DEPLOY = 'deploy:\n  when: passed\n  environment: staging\n  via: deployment\n';

describe('the App under failure, races and shutdown', () => {
  it('answers 401 to a forged or missing signature and does nothing', async () => {
    const w = await startAppWorld();
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const body = JSON.stringify(await w.gh.webhookPayload('pull_request.opened'));
    const headers = { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'forged-1' };
    const forged = await fetch(`${w.app.url}/api/github/webhooks`, {
      method: 'POST',
      body,
      headers: { ...headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    const unsigned = await fetch(`${w.app.url}/api/github/webhooks`, { method: 'POST', body, headers });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    const health = await w.idle();
    expect(health.evaluations.completed).toBe(0);
    expect(w.gh.log).toEqual([]);
    expect(w.gh.state.checkRuns).toEqual([]);
  });

  it('a redelivered webhook duplicates nothing', async () => {
    const w = await startAppWorld();
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const first = await w.deliver('pull_request.opened');
    await w.idle();
    // GitHub's "Redeliver" sends the same body with the same delivery id.
    const again = await fetch(`${w.app.url}/api/github/webhooks`, {
      method: 'POST',
      body: JSON.stringify(first.payload),
      headers: first.headers,
    });
    expect(again.status).toBe(200);
    await w.idle();
    expect(w.gh.state.checkRuns).toHaveLength(1);
    expect(w.gh.state.comments).toHaveLength(1);
    // The App says so in its log (which reaches us through a pipe, a moment later).
    await waitFor(() => w.app.output().includes('redelivered webhook: already handled'));
    w.gh.assertNoViolations();
  });

  it('deploys once when two pull requests of the same head are evaluated at the same time', async () => {
    const w = await startAppWorld([metricsRepo('models', DEPLOY)], { ML_GUARDRAILS_CONCURRENCY: '4' });
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
    const one = w.gh.addPullRequest({ repo: 'models', head: 'better' });
    const two = w.gh.addPullRequest({ repo: 'models', head: 'better', title: 'Same branch, second PR' });
    await Promise.all([
      w.deliver('pull_request.opened', { pullNumber: one.number }),
      w.deliver('pull_request.opened', { pullNumber: two.number }),
    ]);
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.conclusion)).toEqual(['success', 'success']);
    const active = w.gh.state.deployments.filter((d) => d.statuses.some((s) => s.state === 'success'));
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ sha: head, environment: 'staging' });
    w.gh.assertNoViolations();
  });

  it('a newer push cancels the older evaluation: its check run ends cancelled, the newer one reports', async () => {
    const w = await startAppWorld();
    const older = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    // Hold the older evaluation at its check run's creation until the newer one creates its own:
    // the newer push then arrives while the older is running, however slow the machine.
    const held = w.gh.faults.inject('checks/create', { kind: 'barrier', count: 2 }, { times: 2 });
    await w.deliver('pull_request.opened');
    await waitFor(() => held.hits === 1);
    const newer = await w.gh.commitFiles({
      repo: 'models',
      branch: 'retrain',
      from: 'refs/heads/retrain',
      files: { 'metrics/eval.json': '{"accuracy": 0.94}\n' },
    });
    await w.deliver('pull_request.synchronize', { before: older });
    const health = await w.idle();
    expect(health.evaluations.superseded).toBe(1);
    expect(w.gh.state.checkRuns.find((r) => r.headSha === older)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(w.gh.state.checkRuns.find((r) => r.headSha === older)?.output.summary).toContain('Superseded');
    expect(w.gh.state.checkRuns.find((r) => r.headSha === newer)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(w.gh.state.comments).toHaveLength(1);
    expect(w.gh.state.comments[0]!.body).toContain('0.94');
    expect(leftoverClones(w)).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('an evaluation that throws completes its check run with the reason, and the server keeps serving', async () => {
    const w = await startAppWorld([metricsRepo('models'), metricsRepo('other')]);
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const good = await w.gh.commitFiles({ repo: 'other', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
    w.gh.addPullRequest({ repo: 'other', head: 'better' });
    // The clone URL points at a repository git cannot fetch: the evaluation throws a GitError.
    await w.deliver('pull_request.opened', {
      repo: 'models',
      patch: (p) => {
        (p.repository as { clone_url: string }).clone_url = `${w.gh.url}/acme/gone.git`;
      },
    });
    await w.idle();
    const broken = w.gh.state.checkRuns.find((r) => r.repo === 'acme/models');
    expect(broken).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(broken?.output.summary).toMatch(/could not be evaluated[\s\S]*git fetch failed/);

    await w.deliver('pull_request.opened', { repo: 'other' });
    await w.idle();
    expect(w.gh.state.checkRuns.find((r) => r.headSha === good)).toMatchObject({ conclusion: 'success' });
    expect(leftoverClones(w)).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('SIGTERM drains: the evaluation still running past the drain limit ends cancelled, none is left in progress', async () => {
    const w = await startAppWorld(undefined, { ML_GUARDRAILS_DRAIN_MS: '200' });
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    w.gh.faults.inject('issues/list-comments', { kind: 'delay', ms: 2000 }, { times: 1 });
    await w.deliver('pull_request.opened');
    await waitFor(() => w.gh.state.checkRuns.length === 1);
    w.app.child.kill('SIGTERM');
    expect(await w.app.exited).toBe(0);
    expect(w.gh.state.checkRuns).toHaveLength(1);
    expect(w.gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(w.gh.state.checkRuns[0]!.output.summary).toContain('shut down');
    expect(leftoverClones(w)).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('SIGTERM with time to drain lets the evaluation finish and publish', async () => {
    const w = await startAppWorld();
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    w.gh.faults.inject('checks/create', { kind: 'delay', ms: 1000 }, { times: 1 });
    await w.deliver('pull_request.opened');
    w.app.child.kill('SIGTERM');
    expect(await w.app.exited).toBe(0);
    expect(w.gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(w.gh.state.comments).toHaveLength(1);
  });
});

describe('the App against a flaky or rate-limited GitHub', () => {
  it('retries 5xx, does not sit out a 60 s secondary rate limit past its bound, and still completes the check run', async () => {
    const w = await startAppWorld();
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const flaky = w.gh.faults.inject('checks/create', { kind: 'status', status: 502 }, { times: 2 });
    const limited = w.gh.faults.inject('issues/create-comment', { kind: 'secondary-rate-limit', retryAfter: 60 });
    await w.deliver('pull_request.opened');
    await w.idle();
    expect(flaky.hits).toBe(2);
    expect(limited.hits).toBeGreaterThanOrEqual(1);
    expect(w.gh.state.checkRuns.find((r) => r.headSha === head)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(w.gh.state.comments).toEqual([]);
    // The comment could not be written: said in the log, and the server keeps serving.
    await waitFor(() => w.app.output().includes('could not create the PR comment'));
    limited.remove();
    await w.deliver('pull_request.reopened');
    await w.idle();
    expect(w.gh.state.comments).toHaveLength(1);
    w.gh.assertNoViolations();
  });
});
