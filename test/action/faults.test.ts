import { describe, expect, it } from 'vitest';
import { useActionWorld } from './action-fixture.js';

const world = useActionWorld();

// The bundle runs with ML_GUARDRAILS_API_LIMITS=maxWaitMs=1500 (see run-action.ts): every wait
// is bounded, so each of these finishes in seconds whatever the stand-in does.
describe('GitHub failing under the action', () => {
  it('retries 500s and a dropped connection, and still completes the check run and one comment', async () => {
    const w = world();
    w.gh.faults.inject('checks/create', { kind: 'status', status: 502 }, { times: 2 });
    w.gh.faults.inject('checks/update', { kind: 'drop-connection' }, { times: 1 });
    w.gh.faults.inject('issues/create-comment', { kind: 'status', status: 500 }, { times: 1 });
    const result = await w.run('pull_request.opened');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::ML guardrails failed: model-quality');
    expect(result.stdout).not.toContain('publishing to GitHub failed');
    expect(w.gh.state.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(w.gh.state.comments).toHaveLength(1);
  });

  it('waits out a secondary rate limit with a short retry-after', async () => {
    const w = world();
    w.gh.faults.inject('issues/create-comment', { kind: 'secondary-rate-limit', retryAfter: 1 }, { times: 1 });
    const result = await w.run('pull_request.opened');
    expect(result.stdout).toContain('::warning::GitHub secondary rate limit: waiting 1s before retrying');
    expect(w.gh.state.comments).toHaveLength(1);
    expect(result.code).toBe(1);
  });

  it('gives up on a rate limit longer than the bound and on a GitHub that keeps failing, with a clear message', async () => {
    const w = world();
    w.gh.faults.inject('issues/create-comment', { kind: 'secondary-rate-limit', retryAfter: 600 });
    w.gh.faults.inject('checks/update', { kind: 'status', status: 503 });
    const result = await w.run('pull_request.opened', { inputs: { 'fail-on': 'never' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::warning::GitHub secondary rate limit: not waiting 600s more');
    expect(result.stdout).toMatch(
      /::error::publishing to GitHub failed: could not complete the check run: GitHub answered 503: Service Unavailable/,
    );
    expect(result.stdout).toMatch(/could not create the PR comment: GitHub answered 403: You have exceeded a secondary rate limit/);
    expect(w.gh.state.comments).toHaveLength(0);
    // The outputs and the summary are there all the same.
    expect(result.outputs.verdict).toBe('fail');
    expect(result.summary).toContain('ML Guardrails');
    // The token (and its derived forms) appears only where the runner is told to mask it.
    const lines = result.stdout.split('\n').filter((line) => line.includes(w.token));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.startsWith('::add-mask::')).toBe(true);
  });

  it('a hung request is abandoned and retried instead of hanging the step', async () => {
    const w = world();
    const delayed = w.gh.faults.inject('checks/update', { kind: 'delay', ms: 5000 }, { times: 1 });
    const result = await w.run('pull_request.opened', {
      env: { ML_GUARDRAILS_API_LIMITS: 'maxWaitMs=1500,requestTimeoutMs=1000,writeSpacingMs=0' },
    });
    expect(result.code).toBe(1);
    expect(w.gh.state.checkRuns.filter((r) => r.status === 'completed')).toHaveLength(1);
    // The first update hit the 5 s delay and was abandoned at the 1 s request timeout; the
    // retry is the update that was answered (the stand-in logs a request when it answers).
    expect(delayed.hits).toBe(1);
    expect(w.gh.log.filter((e) => e.operationId === 'checks/update' && e.status === 200)).toHaveLength(1);
  });
});
