import { describeThrown } from '../errors.js';
import { GitHubApiError } from './api-error.js';
import type { PublishLog } from './publish-target.js';

/**
 * Every write to GitHub goes through here. The first 403 ("Resource not accessible by
 * integration": a fork's read-only token, or a workflow without the permission) switches to
 * read-only, and later writes are skipped with the reason; other failures (5xx after the
 * retries, a timeout) are collected so the door can fail with a clear message at the end, after
 * everything that could still be done was done.
 */
export class WriteGate {
  readOnlyReason: string | undefined;
  readonly problems: string[] = [];
  /** The HTTP status of the last failed write (0: no answer), to decide whether a fallback can help. */
  lastFailedStatus: number | undefined;

  constructor(
    private readonly log: PublishLog,
    /** Why a 403 happens, in the door's words (a fork's read-only token, say). */
    private readonly readOnlyExplanation: (error: GitHubApiError) => string,
    private readonly redact: (text: string) => string,
  ) {}

  get canWrite(): boolean {
    return this.readOnlyReason === undefined;
  }

  /** Runs one write; returns undefined when it was skipped or failed (already reported). */
  async attempt<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    if (this.readOnlyReason !== undefined) {
      this.log.info(`Did not ${what}: ${this.readOnlyReason}`);
      return undefined;
    }
    try {
      return await write();
    } catch (error) {
      if (error instanceof GitHubApiError && error.isForbidden) {
        this.readOnlyReason = this.redact(this.readOnlyExplanation(error));
        this.log.warning(`Did not ${what}: ${this.readOnlyReason}`);
        return undefined;
      }
      this.lastFailedStatus = error instanceof GitHubApiError ? error.status : undefined;
      const message = this.redact(describeThrown(error));
      this.problems.push(message);
      this.log.error(message);
      return undefined;
    }
  }
}
