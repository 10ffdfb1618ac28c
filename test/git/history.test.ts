import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOTES_REF, GitHistory } from '../../src/git/history.js';
import { writeRecords } from '../../src/git/notes.js';
import { GitFixture } from '../support/git-fixture.js';

describe('GitHistory over a real repository', () => {
  const fixtures: GitFixture[] = [];
  const repo = () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    return fixture;
  };
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  it('copies a commit out without .git, leaves the index alone and removes the copy afterwards', async () => {
    const git = repo();
    const first = git.commit('first', { 'bench.sh': 'echo one\n', 'lib/x.py': 'x = 1\n' });
    git.commit('second', { 'bench.sh': 'echo two\n' });
    git.write({ 'bench.sh': 'echo edited\n' });
    const history = await GitHistory.open(git.dir);
    let seen = '';
    const result = await history.withCommitCopy(first, async (dir) => {
      seen = dir;
      expect(existsSync(path.join(dir, '.git'))).toBe(false);
      expect(readFileSync(path.join(dir, 'lib/x.py'), 'utf8')).toBe('x = 1\n');
      return readFileSync(path.join(dir, 'bench.sh'), 'utf8');
    });
    expect(result).toBe('echo one\n');
    expect(existsSync(path.dirname(seen))).toBe(false);
    expect(git.git('worktree', 'list').split('\n')).toHaveLength(1);
    // The working tree and its index were not touched.
    expect(readFileSync(path.join(git.dir, 'bench.sh'), 'utf8')).toBe('echo edited\n');
    expect(git.git('diff', '--cached', '--name-only')).toBe('');
  });

  it('copies the working tree as it is on disk: tracked files only, uncommitted edits included', async () => {
    const git = repo();
    git.commit('first', { 'bench.sh': 'echo one\n' });
    git.write({ 'bench.sh': 'echo edited\n', 'untracked.txt': 'left by a step before\n' });
    const history = await GitHistory.open(git.dir);
    const seen = await history.withWorkingTreeCopy(async (dir) => {
      expect(readFileSync(path.join(dir, 'bench.sh'), 'utf8')).toBe('echo edited\n');
      expect(existsSync(path.join(dir, 'untracked.txt'))).toBe(false);
      expect(existsSync(path.join(dir, '.git'))).toBe(false);
      return dir;
    });
    expect(existsSync(path.dirname(seen))).toBe(false);
  });

  it('removes the copy when the callback throws or the signal aborts', async () => {
    const git = repo();
    const sha = git.commit('only', { 'a.txt': 'a\n' });
    const history = await GitHistory.open(git.dir);
    let thrownIn = '';
    await expect(
      history.withCommitCopy(sha, async (dir) => {
        thrownIn = dir;
        throw new Error('benchmark crashed');
      }),
    ).rejects.toThrow('benchmark crashed');
    expect(existsSync(path.dirname(thrownIn))).toBe(false);

    const controller = new AbortController();
    let abortedIn = '';
    const pending = history.withCommitCopy(
      sha,
      (dir) => {
        abortedIn = dir;
        controller.abort(new Error('superseded by a newer push'));
        return new Promise<never>(() => {});
      },
      controller.signal,
    );
    await expect(pending).rejects.toThrow('superseded');
    expect(existsSync(path.dirname(abortedIn))).toBe(false);
  });

  it('lists first-parent ancestors nearest first and refuses option-like revisions', async () => {
    const git = repo();
    const a = git.commit('a');
    const b = git.commit('b');
    git.checkout('side', true);
    git.commit('on side');
    git.checkout('main');
    const c = git.commit('c');
    git.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const merge = git.sha();
    const history = await GitHistory.open(git.dir);
    expect(history.headSha).toBe(merge);
    expect(await history.ancestors(merge, 10)).toEqual([merge, c, b, a]);
    expect(await history.ancestors(merge, 2)).toEqual([merge, c]);
    await expect(history.ancestors('--all', 5)).rejects.toThrow(/not a commit/);
    await expect(history.withCommitCopy('--force', async () => 1)).rejects.toThrow(/not a commit/);
  });

  it('reads notes written as records, merging keys and keeping other rules', async () => {
    const git = repo();
    const sha = git.commit('measured');
    const history = await GitHistory.open(git.dir);
    expect(await history.readNote(sha)).toBeNull();
    await writeRecords(git.dir, [{ type: 'note', notesRef: DEFAULT_NOTES_REF, commit: sha, key: 'latency', data: { runs: [1] } }]);
    await writeRecords(git.dir, [{ type: 'note', notesRef: DEFAULT_NOTES_REF, commit: sha, key: 'throughput', data: { runs: [2] } }]);
    expect(JSON.parse((await history.readNote(sha))!)).toEqual({ latency: { runs: [1] }, throughput: { runs: [2] } });
    // Another tool's note under the same ref is not ours to overwrite.
    git.git('notes', '--ref', 'refs/notes/other', 'add', '-m', 'plain text', sha);
    await expect(writeRecords(git.dir, [{ type: 'note', notesRef: 'refs/notes/other', commit: sha, key: 'x', data: 1 }])).rejects.toThrow(
      /not a JSON object/,
    );
    expect(await history.readNote(sha, 'refs/notes/other')).toBe('plain text\n');
  });
});

describe('notes records are checked before they reach git', () => {
  it('refuses a notes ref that is not one and a commit that is not a sha', async () => {
    const git = GitFixture.init();
    try {
      const sha = git.commit('one');
      await expect(writeRecords(git.dir, [{ type: 'note', notesRef: '+refs/heads/main', commit: sha, key: 'k', data: 1 }])).rejects.toThrow(
        /not a notes ref/,
      );
      await expect(
        writeRecords(git.dir, [{ type: 'note', notesRef: DEFAULT_NOTES_REF, commit: '--help', key: 'k', data: 1 }]),
      ).rejects.toThrow(/not a full commit sha/);
    } finally {
      git.cleanup();
    }
  });
});
