import { describe, expect, it } from 'vitest';
import { EvaluationQueue, type QueuedJob, SupersededError } from '../../src/app/evaluation-queue.js';

/** A job that runs until released, and records what happened to it. */
function heldJob(key: string, head: string, force = false) {
  const record = { started: false, reason: undefined as unknown, release: () => {} };
  const job: QueuedJob = {
    key,
    head,
    force,
    run: (signal) =>
      new Promise<void>((resolve) => {
        record.started = true;
        record.release = resolve;
        signal.addEventListener('abort', () => {
          record.reason = signal.reason;
          resolve();
        });
      }),
  };
  return { job, record };
}

describe('EvaluationQueue', () => {
  it('a forced re-run of the running head waits for it and runs once; more re-runs fold into that one', async () => {
    const queue = new EvaluationQueue(2, () => {});
    const first = heldJob('acme/models#1', 'h1');
    expect(queue.push(first.job)).toBe('queued');
    const reruns = [heldJob('acme/models#1', 'h1', true), heldJob('acme/models#1', 'h1', true), heldJob('acme/models#1', 'h1', true)];
    expect(reruns.map((r) => queue.push(r.job))).toEqual(['after-running', 'coalesced', 'coalesced']);
    expect(first.record.reason).toBeUndefined();
    expect(reruns[0]!.record.started).toBe(false);
    first.record.release();
    await new Promise((r) => setImmediate(r));
    expect(reruns.map((r) => r.record.started)).toEqual([true, false, false]);
    reruns[0]!.record.release();
    await queue.whenIdle();
    expect(queue.stats).toMatchObject({ completed: 2, superseded: 0, coalesced: 2 });
  });

  it('a newer head supersedes the running one and drops the re-run that was waiting for it', async () => {
    const queue = new EvaluationQueue(2, () => {});
    const first = heldJob('acme/models#1', 'h1');
    const rerun = heldJob('acme/models#1', 'h1', true);
    const newer = heldJob('acme/models#1', 'h2');
    queue.push(first.job);
    queue.push(rerun.job);
    expect(queue.push(newer.job)).toBe('queued');
    expect(first.record.reason).toBeInstanceOf(SupersededError);
    await new Promise((r) => setImmediate(r));
    newer.record.release();
    await queue.whenIdle();
    expect(rerun.record.started).toBe(false);
    expect(queue.stats).toMatchObject({ completed: 2, superseded: 1 });
  });

  it('an event for the head already queued or running is a duplicate, never a second evaluation', () => {
    const queue = new EvaluationQueue(1, () => {});
    const busy = heldJob('acme/other#1', 'x');
    const waiting = heldJob('acme/models#1', 'h1');
    queue.push(busy.job);
    queue.push(waiting.job);
    expect(queue.push(heldJob('acme/models#1', 'h1').job)).toBe('duplicate');
    // Forced, but the queued one has not started: it evaluates the head anyway.
    expect(queue.push(heldJob('acme/models#1', 'h1', true).job)).toBe('coalesced');
    expect(queue.push(heldJob('acme/other#1', 'x').job)).toBe('duplicate');
  });
});
