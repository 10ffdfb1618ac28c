import { afterEach, describe, expect, it } from 'vitest';
import { GitError } from '../../src/errors.js';
import { runGit, tryGit } from '../../src/git/run-git.js';
import { GitFixture } from '../support/git-fixture.js';

// git is spawned directly (no simple-git, for start-up): the exit code alone decides, and a git
// that hangs is interrupted even while a program it started still holds its output open.
describe('runGit and tryGit on a real repository', () => {
  const fixtures: GitFixture[] = [];
  const repo = () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    return fixture;
  };
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  // An ssh "server" that never answers: git waits on it, and it keeps git's stderr open.
  const hangingSsh = { GIT_SSH_COMMAND: 'sleep 10 #' };

  it('returns output untrimmed, and a quiet non-zero exit is a failure, never an empty success', async () => {
    const git = repo();
    const sha = git.commit('first', { 'a.txt': 'a\n' });
    expect(await runGit(git.dir, ['rev-parse', 'HEAD'])).toBe(`${sha}\n`);
    expect(await tryGit(git.dir, ['rev-parse', '--verify', '--quiet', 'no-such-ref^{commit}'])).toBeNull();
    await expect(runGit(git.dir, ['rev-parse', '--verify', '--quiet', 'no-such-ref'])).rejects.toThrow(
      'git rev-parse failed with exit code 1',
    );
    await expect(runGit(git.dir, ['cat-file', '-p', 'HEAD:missing.txt'])).rejects.toThrow(/git cat-file failed: fatal: path 'missing.txt'/);
  });

  it('names a folder that does not exist, rather than blaming git', async () => {
    const error = await runGit('/nonexistent/ml-guardrails', ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toBe('git status failed: the folder /nonexistent/ml-guardrails does not exist');
  });

  it('a git that goes quiet is stopped and says so', async () => {
    const git = repo();
    const error = await runGit(git.dir, ['ls-remote', 'ssh://example.invalid/repo.git'], { env: hangingSsh, idleTimeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toBe('git ls-remote stopped answering and was stopped');
  });

  it('cancelling rejects with the signal reason once git has gone', async () => {
    const git = repo();
    const controller = new AbortController();
    const pending = tryGit(git.dir, ['ls-remote', 'ssh://example.invalid/repo.git'], { env: hangingSsh, signal: controller.signal });
    controller.abort(new Error('superseded by a newer push'));
    await expect(pending).rejects.toThrow('superseded by a newer push');
  });
});
