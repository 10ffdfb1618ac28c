/**
 * Bounded concurrency for one App instance, with one live evaluation per pull request: a job for
 * a key (owner/repo#pr) aborts the job already queued or running for that key, so a newer push
 * supersedes the older evaluation instead of racing it.
 */
export interface QueuedJob {
  /** Same key = same pull request: the newer job supersedes the older. */
  key: string;
  /** A job with the same key and sameness as the live one is a duplicate (a redelivery, a second event for the same head). */
  sameness?: string | undefined;
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
}

export class EvaluationQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Entry>();
  private readonly latest = new Map<string, Entry>();
  private readonly idleWaiters: (() => void)[] = [];
  private accepting = true;
  readonly stats: QueueStats = { queued: 0, running: 0, completed: 0, failed: 0, superseded: 0 };

  constructor(
    private readonly concurrency: number,
    private readonly onError: (job: QueuedJob, error: unknown) => void,
  ) {}

  /** Queues a job, or says why not. */
  push(job: QueuedJob): 'queued' | 'duplicate' | 'closed' {
    if (!this.accepting) return 'closed';
    const older = this.latest.get(job.key);
    if (older !== undefined && job.sameness !== undefined && older.job.sameness === job.sameness) return 'duplicate';
    if (older !== undefined) {
      older.controller.abort(new SupersededError());
      this.stats.superseded += 1;
      const index = this.waiting.indexOf(older);
      // Never started: nothing to clean up on GitHub, drop it.
      if (index >= 0) this.waiting.splice(index, 1);
    }
    const entry: Entry = { job, controller: new AbortController() };
    this.latest.set(job.key, entry);
    this.waiting.push(entry);
    this.pump();
    return 'queued';
  }

  /** Stops taking jobs, waits up to `ms` for the rest, then aborts what is still running. */
  async drain(ms: number): Promise<void> {
    this.accepting = false;
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
