import type { RepoRef } from '../github/check-run.js';
import type { GitHubClient } from '../github/octokit.js';
import type { EventTarget, RunnerContext } from './event.js';
import type { GitHubWrites } from './github-writes.js';
import type { ActionHost } from './host.js';
import type { ActionInputs } from './inputs.js';

/** Everything one run of the Action knows, handed to each of main.ts's steps. */
export interface StepContext {
  inputs: ActionInputs;
  host: ActionHost;
  runner: RunnerContext;
  target: EventTarget;
  repo: RepoRef;
  /** Undefined without a token: then only the summary, annotations and outputs are written. */
  client: GitHubClient | undefined;
  writes: GitHubWrites;
}
