import { describeThrown } from '../errors.js';
import { GitHubApiError, redactSecrets } from '../github/api-error.js';
import type { ActionHost } from './host.js';

/**
 * Every write to GitHub goes through here. The first 403 ("Resource not accessible by
 * integration": a fork's read-only token, or a workflow without the permission) switches to
 * read-only, and later writes are skipped with the reason; other failures (5xx after the
 * retries, a timeout) are collected so the step fails with a clear message at the end, after
 * everything that could still be done was done.
 */
export class GitHubWrites {
  readOnlyReason: string | undefined;
  readonly problems: string[] = [];
  /** The HTTP status of the last failed write (0: no answer), to decide whether a fallback can help. */
  lastFailedStatus: number | undefined;

  constructor(
    private readonly host: ActionHost,
    private readonly fromFork: boolean,
  ) {}

  get canWrite(): boolean {
    return this.readOnlyReason === undefined;
  }

  /** Runs one write; returns undefined when it was skipped or failed (already reported). */
  async attempt<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    if (this.readOnlyReason !== undefined) {
      this.host.info(`Did not ${what}: ${this.readOnlyReason}`);
      return undefined;
    }
    try {
      return await write();
    } catch (error) {
      if (error instanceof GitHubApiError && error.isForbidden) {
        this.readOnlyReason = this.fromFork
          ? 'this pull request comes from a fork, and GitHub gives fork pull requests a read-only token (the report is in the job summary and the annotations)'
          : `the token may not write here (GitHub answered 403: ${error.message.replace(/^.*: /, '')}); grant the workflow the permissions listed in the ml-guardrails docs (checks: write, pull-requests: write, deployments: write)`;
        this.host.warning(`Did not ${what}: ${this.readOnlyReason}`);
        return undefined;
      }
      this.lastFailedStatus = error instanceof GitHubApiError ? error.status : undefined;
      const message = redactSecrets(describeThrown(error));
      this.problems.push(message);
      this.host.error(message);
      return undefined;
    }
  }
}
