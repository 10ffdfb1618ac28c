import { readFileSync } from 'node:fs';
import type { DeployOccasion } from '../github/deployments.js';

/** What the runner told the step about where it runs, read from its GITHUB_* variables. */
export interface RunnerContext {
  eventName: string;
  owner: string;
  repo: string;
  apiUrl: string;
  serverUrl: string;
  workspace: string;
  /** GITHUB_SHA: what the workflow checked out by default (for pull_request: the test merge commit). */
  sha: string;
  ref: string;
  runUrl: string | undefined;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: a re-run keeps the id and counts the attempt up. */
  runId: string | undefined;
  runAttempt: number | undefined;
  runnerTemp: string | undefined;
}

/** What the event is about: the commit to report on, its baseline and the pull request. */
export interface RunEvent {
  /** The commit the check run, and a deployment, attach to. */
  headSha: string;
  /** A commit whose merge-base with the evaluated head is the baseline. */
  baseSha: string | undefined;
  /** How the report names baseSha, e.g. "main at 1a2b3c4 (the pull request's base)". */
  baseLabel: string | undefined;
  /** The branch the change targets, for the merge-base when there is no baseSha. */
  baseRef: string | undefined;
  prNumber: number | undefined;
  /** The branch a dispatched deploy workflow runs on. */
  headRef: string | undefined;
  defaultBranch: string;
  /** A pull request from another repository: its token cannot write to this one. */
  fromFork: boolean;
  /** pull_request_target only: the commits that would be PR code if checked out. */
  untrustedShas: string[];
  occasion: DeployOccasion;
  /** For logs: "pull request #3 (feature/x → main)". */
  description: string;
}

export class EventError extends Error {
  override name = 'EventError';
}

type Json = Record<string, unknown>;
const ZERO_SHA = /^0{40}$/;

export function readRunnerContext(env: Record<string, string | undefined>): RunnerContext {
  const need = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '')
      throw new EventError(`${name} is not set: run ml-guardrails as a step of a GitHub Actions job`);
    return value;
  };
  const [owner = '', repo = ''] = need('GITHUB_REPOSITORY').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  return {
    eventName: need('GITHUB_EVENT_NAME'),
    owner,
    repo,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    serverUrl,
    workspace: need('GITHUB_WORKSPACE'),
    sha: need('GITHUB_SHA'),
    ref: env.GITHUB_REF ?? '',
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    runId: env.GITHUB_RUN_ID || undefined,
    runAttempt: /^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? Number(env.GITHUB_RUN_ATTEMPT) : undefined,
    runnerTemp: env.RUNNER_TEMP || undefined,
  };
}

/** Reads GITHUB_EVENT_PATH (the webhook payload that triggered the workflow). */
export function readEventPayload(eventPath: string | undefined): Json {
  if (!eventPath) return {};
  try {
    return JSON.parse(readFileSync(eventPath, 'utf8')) as Json;
  } catch (error) {
    throw new EventError(`cannot read the event payload at ${eventPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function resolveRunEvent(context: RunnerContext, payload: Json): RunEvent {
  const repository = obj(payload.repository);
  const defaultBranch = str(repository.default_branch) ?? 'main';
  const base = { defaultBranch, fromFork: false, untrustedShas: [] as string[], prNumber: undefined, headRef: undefined };
  switch (context.eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = obj(payload.pull_request);
      const head = obj(pr.head);
      const prBase = obj(pr.base);
      const headSha = str(head.sha);
      const number = typeof pr.number === 'number' ? pr.number : undefined;
      if (headSha === undefined || number === undefined)
        throw new EventError(`the ${context.eventName} payload has no pull_request.head.sha / number`);
      const headRepo = str(obj(head.repo).full_name);
      const target = context.eventName === 'pull_request_target';
      return {
        ...base,
        headSha,
        baseSha: str(prBase.sha),
        baseLabel: `${str(prBase.ref) ?? 'the base branch'} at ${short(prBase.sha)} (the pull request's base)`,
        baseRef: str(prBase.ref),
        prNumber: number,
        headRef: str(head.ref),
        fromFork: headRepo === undefined || headRepo.toLowerCase() !== `${context.owner}/${context.repo}`.toLowerCase(),
        untrustedShas: target ? [headSha, str(pr.merge_commit_sha)].filter((s): s is string => s !== undefined) : [],
        // A green pull_request_target run checked the base, not the PR: it never deploys the head.
        occasion: target ? 'other' : 'pull-request',
        description: `pull request #${number} (${str(head.ref) ?? '?'} → ${str(prBase.ref) ?? '?'})`,
      };
    }
    case 'push': {
      const before = str(payload.before);
      const branch = context.ref.startsWith('refs/heads/') ? context.ref.slice('refs/heads/'.length) : undefined;
      const headSha = str(payload.after) ?? context.sha;
      return {
        ...base,
        headSha,
        // A new branch has no `before`: its first parent is the baseline.
        baseSha: before !== undefined && !ZERO_SHA.test(before) ? before : `${headSha}^`,
        baseLabel:
          before !== undefined && !ZERO_SHA.test(before)
            ? `${short(before)} (the branch before this push)`
            : 'the first parent (a new branch)',
        baseRef: undefined,
        headRef: branch,
        occasion: branch === defaultBranch ? 'default-branch-push' : 'other',
        description: `push to ${branch ?? context.ref}`,
      };
    }
    case 'merge_group': {
      const group = obj(payload.merge_group);
      const headSha = str(group.head_sha);
      if (headSha === undefined) throw new EventError('the merge_group payload has no merge_group.head_sha');
      return {
        ...base,
        headSha,
        baseSha: str(group.base_sha),
        baseLabel: `${str(group.base_ref)?.replace(/^refs\/heads\//, '') ?? 'the base branch'} at ${short(group.base_sha)} (the merge queue's base)`,
        baseRef: str(group.base_ref)?.replace(/^refs\/heads\//, ''),
        headRef: str(group.head_ref),
        occasion: 'other',
        description: `merge queue group for ${str(group.base_ref) ?? defaultBranch}`,
      };
    }
    default: {
      // workflow_dispatch, schedule and the rest: the checked-out commit against the default branch.
      const branch = context.ref.startsWith('refs/heads/') ? context.ref.slice('refs/heads/'.length) : undefined;
      return {
        ...base,
        headSha: context.sha,
        baseSha: undefined,
        baseLabel: undefined,
        baseRef: defaultBranch,
        headRef: branch,
        occasion: 'other',
        description: `${context.eventName} on ${context.ref || context.sha.slice(0, 7)}`,
      };
    }
  }
}

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function short(sha: unknown): string {
  return typeof sha === 'string' ? sha.slice(0, 7) : '?';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
