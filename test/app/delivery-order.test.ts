import { describe, expect, it } from 'vitest';
import { type AppWorld, startAppWorld, waitFor } from './app-world.js';

const PASSING = { 'metrics/eval.json': '{"accuracy": 0.95}\n' };
const FAILING = { 'metrics/eval.json': '{"accuracy": 0.85}\n' };

/**
 * Holds the App's next request to `operation` until `release()`: a request of our own to `path`
 * (the same operation) is the barrier's second arrival.
 */
function holdAt(w: AppWorld, operation: string, path: string) {
  const held = w.gh.faults.inject(operation, { kind: 'barrier', count: 2 }, { times: 2 });
  const release = async () => {
    const response = await fetch(`${w.gh.apiUrl}${path}`, {
      headers: { authorization: `token ${w.gh.createInstallationToken()}`, accept: 'application/vnd.github+json' },
    });
    expect(response.status).toBe(200);
  };
  return { held, release };
}
/** Where an evaluation starts: the rule-file probe, before its check run exists. */
const holdAtStart = (w: AppWorld) => holdAt(w, 'repos/get-content', '/repos/acme/models/contents/.github/ml-guardrails.yml');
/** Where an evaluation reads acceptances, just before it publishes. */
const holdBeforePublish = (w: AppWorld) => holdAt(w, 'issues/list-comments', '/repos/acme/models/issues/1/comments');

const runsOf = (w: AppWorld, sha: string) => w.gh.state.checkRuns.filter((r) => r.headSha === sha);

describe('the App with deliveries out of order (npm start + stand-in)', () => {
  it('a late pull_request.opened for an older head never supersedes the newer head: the verdict is the head’s', async () => {
    const w = await startAppWorld();
    const older = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: PASSING });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const lateOpened = await w.gh.webhookPayload('pull_request.opened');
    const newer = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', from: 'refs/heads/retrain', files: FAILING });
    const { held, release } = holdAtStart(w);
    await w.deliver('pull_request.synchronize', { before: older });
    await waitFor(() => held.hits === 1);
    // While the newer head's evaluation has no check run yet, GitHub delivers the older `opened`
    // (a retry, or a slow hop).
    const late = await w.deliver('pull_request.opened', {
      patch: (p) => {
        p.pull_request = lateOpened.pull_request;
      },
    });
    expect(late.status).toBe(200);
    await release();
    const health = await w.idle();
    expect(health.evaluations.superseded).toBe(0);
    expect(runsOf(w, older)).toEqual([]);
    expect(runsOf(w, newer)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(w.gh.state.comments).toHaveLength(1);
    expect(w.gh.state.comments[0]!.body).toContain('0.85');
    expect(w.gh.state.comments[0]!.body).not.toContain('Nothing blocks the merge');
    await waitFor(() => w.app.output().includes('late delivery ignored'));
    w.gh.assertNoViolations();
  });

  it('a head that moved while it was evaluated publishes nothing, and the current head still gets its check run', async () => {
    const w = await startAppWorld();
    const older = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: PASSING });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const { held, release } = holdBeforePublish(w);
    await w.deliver('pull_request.opened');
    await waitFor(() => held.hits === 1);
    // A push whose `synchronize` is never delivered (lost, or still on its way).
    const newer = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', from: 'refs/heads/retrain', files: FAILING });
    await release();
    await w.idle();
    expect(runsOf(w, older)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'cancelled' })]);
    expect(runsOf(w, older)[0]!.output.summary).toContain('no longer the head');
    expect(runsOf(w, newer)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(w.gh.state.comments).toHaveLength(1);
    expect(w.gh.state.comments[0]!.body).toContain('0.85');
    w.gh.assertNoViolations();
  });
});

describe('the App when the current head was never announced (npm start + stand-in)', () => {
  it('only an older head’s delivery arrives: the current head is evaluated instead, once', async () => {
    const w = await startAppWorld();
    const older = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: PASSING });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const lateOpened = await w.gh.webhookPayload('pull_request.opened');
    // The push's `synchronize` is lost; only the older `opened` (and a redelivery of it) arrive.
    const newer = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', from: 'refs/heads/retrain', files: FAILING });
    const patch = (p: Record<string, unknown>) => {
      p.pull_request = lateOpened.pull_request;
    };
    await w.deliver('pull_request.opened', { patch });
    await w.idle();
    await w.deliver('pull_request.reopened', { patch });
    await w.idle();
    expect(runsOf(w, older)).toEqual([]);
    expect(runsOf(w, newer)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(w.gh.state.comments).toHaveLength(1);
    w.gh.assertNoViolations();
  });
});

describe('the App with re-runs of the head it is evaluating (npm start + stand-in)', () => {
  it('re-runs during an evaluation never cancel it: they fold into one evaluation after it', async () => {
    const w = await startAppWorld();
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: FAILING });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const { held, release } = holdBeforePublish(w);
    await w.deliver('pull_request.opened');
    await waitFor(() => held.hits === 1);
    const first = w.gh.state.checkRuns[0]!;
    const rerun = {
      checkRunId: first.id,
      patch: (p: Record<string, unknown>) => {
        (p.check_run as { pull_requests: unknown[] }).pull_requests = [{ number: 1, head: { sha: head }, base: {} }];
      },
    };
    for (let i = 0; i < 3; i++) expect((await w.deliver('check_run.rerequested', rerun)).status).toBe(200);
    await release();
    const health = await w.idle();
    expect(health.evaluations).toMatchObject({ superseded: 0, completed: 2, coalesced: 2 });
    expect(runsOf(w, head).map((r) => [r.id === first.id, r.status, r.conclusion])).toEqual([
      [true, 'completed', 'failure'],
      [false, 'completed', 'failure'],
    ]);
    w.gh.assertNoViolations();
  });
});
