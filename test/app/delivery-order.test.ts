import { describe, expect, it } from 'vitest';
import { type AppWorld, startAppWorld, waitFor } from './app-world.js';

const PASSING = { 'metrics/eval.json': '{"accuracy": 0.95}\n' };
const FAILING = { 'metrics/eval.json': '{"accuracy": 0.85}\n' };

/**
 * Holds the App's next read of the PR's comments (where an evaluation reads acceptances, before it
 * publishes) until `release()`: a request of our own is the barrier's second arrival.
 */
function holdBeforePublish(w: AppWorld) {
  const held = w.gh.faults.inject('issues/list-comments', { kind: 'barrier', count: 2 }, { times: 2 });
  const release = async () => {
    const response = await fetch(`${w.gh.apiUrl}/repos/acme/models/issues/1/comments`, {
      headers: { authorization: `token ${w.gh.createInstallationToken()}`, accept: 'application/vnd.github+json' },
    });
    expect(response.status).toBe(200);
  };
  return { held, release };
}

const runsOf = (w: AppWorld, sha: string) => w.gh.state.checkRuns.filter((r) => r.headSha === sha);

describe('the App with deliveries out of order (npm start + stand-in)', () => {
  it('a late pull_request.opened for an older head never supersedes the newer head: the verdict is the head’s', async () => {
    const w = await startAppWorld();
    const older = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: PASSING });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const lateOpened = await w.gh.webhookPayload('pull_request.opened');
    const newer = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', from: 'refs/heads/retrain', files: FAILING });
    await w.deliver('pull_request.synchronize', { before: older });
    // GitHub delivers the older `opened` after the `synchronize` (as a retry or a slow hop would).
    const late = await w.deliver('pull_request.opened', {
      patch: (p) => {
        p.pull_request = lateOpened.pull_request;
      },
    });
    expect(late.status).toBe(200);
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
