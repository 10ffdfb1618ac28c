import type { FailOn } from './check-output.js';
import type { RepoRef } from './check-run.js';
import type { DeployOccasion } from './deployments.js';

/**
 * Where and what a door publishes, in door-neutral terms: the Action fills it from the runner's
 * event, the App from a webhook. Nothing below the doors knows which one called.
 */
export interface PublishTarget {
  repo: RepoRef;
  /** The commit the check run (and a deployment) attach to. */
  headSha: string;
  prNumber: number | undefined;
  /** The repository's default branch: deploy workflows are dispatched on it, never on a PR's ref. */
  defaultBranch: string;
  occasion: DeployOccasion;
  /** A pull request from a fork: its token cannot write here, which is expected, not an error. */
  fromFork: boolean;
  /** Whose token publishes, for "… needs `actions: write`": "the App", "the workflow's GITHUB_TOKEN". */
  tokenHolder?: string | undefined;
  /** Where a reader finds the whole report when a comment is cut, e.g. "the job summary". */
  fullReportHint: string;
  /** The page that shows this run (a workflow run, the App), for the check's details and the footer. */
  runLink: { label: string; url: string | undefined };
  /**
   * Identifies this run's check run among others on the same head (GitHub's external_id), as
   * `<run>:<attempt>`: an earlier attempt of the same run left in progress is closed on start.
   */
  runKey?: string | undefined;
}

export interface PublishSettings {
  checkRun: boolean;
  comment: boolean;
  /**
   * `on`: deploy when the rule file asks (and say so when it has no `deploy:` section, since the
   * door was told to deploy); `if-configured`: deploy when the rule file asks, quietly otherwise.
   */
  deploy: 'on' | 'if-configured' | 'off';
  failOn: FailOn;
  checkName: string;
  /** Does the file exist in the evaluated tree (annotations on files GitHub cannot show are dropped). */
  fileExists: (file: string) => boolean;
  /** Applied to every text that leaves for GitHub: tokens and their encodings are masked. */
  redact: (text: string) => string;
}

/** The door's log: @actions/core in the Action, the structured logger in the App. */
export interface PublishLog {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}
