import { describe, expect, it } from 'vitest';
import { type RunnerContext, resolveRunEvent } from '../../src/action/event.js';
import { InputsError, readInputs } from '../../src/action/inputs.js';

const context: RunnerContext = {
  eventName: 'push',
  owner: 'acme',
  repo: 'models',
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  workspace: '/w',
  sha: 'c'.repeat(40),
  ref: 'refs/heads/main',
  runUrl: undefined,
  runId: undefined,
  runAttempt: undefined,
  runnerTemp: undefined,
};
const repository = { full_name: 'acme/models', default_branch: 'main' };
const pr = {
  number: 7,
  merge_commit_sha: 'm'.repeat(40),
  head: { sha: 'h'.repeat(40), ref: 'feat', repo: { full_name: 'acme/models' } },
  base: { sha: 'b'.repeat(40), ref: 'main' },
};

describe('event → target', () => {
  it('pull_request: PR head, base sha, PR number; a fork is recognised', () => {
    const target = resolveRunEvent({ ...context, eventName: 'pull_request' }, { repository, pull_request: pr });
    expect(target).toMatchObject({
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      baseRef: 'main',
      prNumber: 7,
      fromFork: false,
      occasion: 'pull-request',
      untrustedShas: [],
    });
    const fork = resolveRunEvent(
      { ...context, eventName: 'pull_request' },
      { repository, pull_request: { ...pr, head: { ...pr.head, repo: { full_name: 'someone/models' } } } },
    );
    expect(fork.fromFork).toBe(true);
  });

  it('pull_request_target: remembers the PR commits that must not be checked out, and never deploys', () => {
    const target = resolveRunEvent({ ...context, eventName: 'pull_request_target' }, { repository, pull_request: pr });
    expect(target).toMatchObject({ untrustedShas: [pr.head.sha, pr.merge_commit_sha], occasion: 'other' });
  });

  it('push: before is the baseline; a new branch falls back to the first parent', () => {
    const after = 'a'.repeat(40);
    expect(resolveRunEvent(context, { repository, before: 'f'.repeat(40), after })).toMatchObject({
      headSha: after,
      baseSha: 'f'.repeat(40),
      occasion: 'default-branch-push',
    });
    expect(resolveRunEvent({ ...context, ref: 'refs/heads/dev' }, { repository, before: '0'.repeat(40), after })).toMatchObject({
      baseSha: `${after}^`,
      occasion: 'other',
      headRef: 'dev',
    });
  });

  it('merge_group and workflow_dispatch', () => {
    const group = {
      head_sha: 'h'.repeat(40),
      base_sha: 'b'.repeat(40),
      base_ref: 'refs/heads/main',
      head_ref: 'refs/heads/gh-readonly-queue/main/pr-1',
    };
    expect(resolveRunEvent({ ...context, eventName: 'merge_group' }, { repository, merge_group: group })).toMatchObject({
      headSha: group.head_sha,
      baseSha: group.base_sha,
      baseRef: 'main',
      prNumber: undefined,
    });
    expect(resolveRunEvent({ ...context, eventName: 'workflow_dispatch' }, { repository })).toMatchObject({
      headSha: context.sha,
      baseSha: undefined,
      baseRef: 'main',
    });
  });
});

describe('inputs', () => {
  const read = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');
  it('defaults, booleans and fail-on', () => {
    expect(read({ token: 't' })).toEqual({
      config: undefined,
      base: undefined,
      token: 't',
      comment: true,
      checkRun: true,
      failOn: 'error',
      deploy: false,
      workingDirectory: '.',
    });
    expect(read({ comment: 'False', 'fail-on': 'NEVER', deploy: 'true' })).toMatchObject({ comment: false, failOn: 'never', deploy: true });
    expect(() => read({ comment: 'yes' })).toThrow(InputsError);
    expect(() => read({ 'fail-on': 'sometimes' })).toThrow('input "fail-on" must be one of error, warning, never, not "sometimes"');
  });
});
