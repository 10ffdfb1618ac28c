/**
 * Bounded concurrency for one App instance, with one live evaluation per pull request: a job for
 * a key (owner/repo#pr) and another head aborts the job queued or running for that key, so a newer
 * push supersedes the older evaluation instead of racing it. A job for the live job's own head
 * never aborts it: it is a duplicate, or (forced) one re-run after it.
 */
export interface QueuedJob {
  /** Same key = same pull request (or branch): a job for another head supersedes the live one. */
  key: string;
  /** The commit evaluated. Callers queue only a pull request's current head (see app.ts). */
  head: string;
  /** A re-run asked for (re-run button, command): after a running job for the same head, not instead of it. */
  force: boolean;
  /** Runs the evaluation; must settle soon after `signal` aborts (and say why on its check run). */
  run(signal: AbortSignal): Promise<void>;
}

interface Entry {
  job: QueuedJob;
  controller: AbortController;
}

export interface QueueStats {
  queued: number;
  running: number;
  completed: number;
  failed: number;
  superseded: number;
  /** Forced re-runs folded into one that follows the running evaluation of the same head. */
  coalesced: number;
}

export class EvaluationQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Entry>();
  private readonly latest = new Map<string, Entry>();
  /** Per running job: the one re-run of its head to start when it ends. */
  private readonly rerunAfter = new Map<Entry, QueuedJob>();
  private readonly idleWaiters: (() => void)[] = [];
  private accepting = true;
  readonly stats: QueueStats = { queued: 0, running: 0, completed: 0, failed: 0, superseded: 0, coalesced: 0 };

  constructor(
    private readonly concurrency: number,
    private readonly onError: (job: QueuedJob, error: unknown) => void,
  ) {}

  /**
   * Queues a job, or says why not: 'after-running' starts it once the running job for its head
   * ends; 'coalesced' folds a forced re-run into one already waiting for that head.
   */
  push(job: QueuedJob): 'queued' | 'after-running' | 'coalesced' | 'duplicate' | 'closed' {
    if (!this.accepting) return 'closed';
    const live = this.latest.get(job.key);
    if (live !== undefined && live.job.head === job.head) {
      if (!job.force) return 'duplicate';
      if (!this.running.has(live) || this.rerunAfter.has(live)) {
        this.stats.coalesced += 1;
        return 'coalesced';
      }
      this.rerunAfter.set(live, job);
      return 'after-running';
    }
    if (live !== undefined) {
      live.controller.abort(new SupersededError());
      this.stats.superseded += 1;
      this.rerunAfter.delete(live);
      const index = this.waiting.indexOf(live);
      // Never started: nothing to clean up on GitHub, drop it.
      if (index >= 0) this.waiting.splice(index, 1);
    }
    this.enter(job);
    return 'queued';
  }

  private enter(job: QueuedJob): void {
    const entry: Entry = { job, controller: new AbortController() };
    this.latest.set(job.key, entry);
    this.waiting.push(entry);
    this.pump();
  }

  /** Stops taking jobs, waits up to `ms` for the rest, then aborts what is still running. */
  async drain(ms: number): Promise<void> {
    this.accepting = false;
    this.rerunAfter.clear();
    for (const entry of this.waiting.splice(0)) this.forget(entry);
    this.refreshStats();
    const timer = setTimeout(() => {
      for (const entry of this.running) entry.controller.abort(new ShutdownError());
    }, ms);
    await this.whenIdle();
    clearTimeout(timer);
  }

  whenIdle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.running.add(entry);
      void this.execute(entry);
    }
    this.refreshStats();
    if (this.running.size === 0 && this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async execute(entry: Entry): Promise<void> {
    try {
      await entry.job.run(entry.controller.signal);
      this.stats.completed += 1;
    } catch (error) {
      // The job reports its own failures on its check run; this is the last line of defence.
      this.stats.failed += 1;
      this.onError(entry.job, error);
    } finally {
      this.running.delete(entry);
      this.forget(entry);
      const rerun = this.rerunAfter.get(entry);
      this.rerunAfter.delete(entry);
      if (rerun !== undefined && this.accepting) this.enter(rerun);
      this.pump();
    }
  }

  private forget(entry: Entry): void {
    if (this.latest.get(entry.job.key) === entry) this.latest.delete(entry.job.key);
  }

  private refreshStats(): void {
    this.stats.queued = this.waiting.length;
    this.stats.running = this.running.size;
  }
}

/** Why an evaluation was aborted: a newer push to the same pull request. */
export class SupersededError extends Error {
  constructor() {
    super('a newer push to this pull request superseded this evaluation');
    this.name = 'SupersededError';
  }
}

/** Why an evaluation was aborted: the App instance is shutting down (SIGTERM). */
export class ShutdownError extends Error {
  constructor() {
    super('the App was shut down before this evaluation finished; push again or comment `/guardrails rerun`');
    this.name = 'ShutdownError';
  }
}
