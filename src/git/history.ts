import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GitError } from '../errors.js';
import type { RepositoryHistory } from '../rules/types.js';
import { CommitWorkspace } from './commit-workspace.js';
import { removeTree } from './remove-tree.js';
import { Repository } from './repository.js';
import { runGit } from './run-git.js';
import { copyWorkingTree, exportCommit } from './tree-copy.js';
import type { Workspace } from './workspace.js';

export const DEFAULT_NOTES_REF = 'refs/notes/ml-guardrails';

/**
 * The repository's history beyond files, over a local clone: temporary copies of a tree (to run
 * the base commit's code beside the head's), notes (results measured in CI) and first-parent
 * ancestors (to find the nearest measured commit).
 */
export class GitHistory implements RepositoryHistory {
  private readonly workspaces = new Map<string, Workspace>();
  private readonly borrowed = new Map<string, Workspace>();
  private readonly walks = new Map<string, Promise<string[]>>();

  constructor(
    readonly root: string,
    readonly headSha: string | null,
    /** Commit workspaces the caller already has open (and disposes itself): reused, not reopened. */
    open: readonly Workspace[] = [],
  ) {
    for (const workspace of open) if (workspace.sha !== null) this.borrowed.set(workspace.sha, workspace);
  }

  /** History for the repository at `root`, with HEAD (or null before the first commit) as the head. */
  static async open(dir: string): Promise<GitHistory> {
    const repo = await Repository.open(dir);
    return new GitHistory(repo.root, repo.head);
  }

  async withCommitCopy<T>(sha: string, use: (dir: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    checkRevision(sha);
    return this.withCopy(use, signal, (dir, scratch) => exportCommit(this.root, sha, dir, scratch, signal));
  }

  async withWorkingTreeCopy<T>(use: (dir: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.withCopy(use, signal, (dir) => copyWorkingTree(this.root, dir, signal));
  }

  /**
   * A copy, not a worktree: a worktree's `.git` leads back to the repository's config, where
   * actions/checkout keeps its token, and code from a pull request runs in this folder.
   */
  private async withCopy<T>(
    use: (dir: string) => Promise<T>,
    signal: AbortSignal | undefined,
    fill: (dir: string, scratch: string) => Promise<void>,
  ): Promise<T> {
    signal?.throwIfAborted();
    const parent = await mkdtemp(path.join(tmpdir(), 'mlg-tree-'));
    const dir = path.join(parent, 'tree');
    try {
      await fill(dir, parent);
      return await raceAbort(use(dir), signal);
    } finally {
      // Removed even when `use` threw or was abandoned (an abort, a time limit).
      await removeTree(parent);
    }
  }

  async readNote(sha: string, notesRef = DEFAULT_NOTES_REF): Promise<string | null> {
    checkRevision(sha);
    checkRevision(notesRef);
    // tryGit: "no note" is git exiting non-zero, which is an answer here, not a failure.
    const text = await tryGitRaw(this.root, ['notes', '--ref', notesRef, 'show', sha]);
    return text;
  }

  async notesCommit(notesRef = DEFAULT_NOTES_REF): Promise<string | null> {
    checkRevision(notesRef);
    const sha = await tryGitRaw(this.root, ['rev-parse', '--verify', '--quiet', `${notesRef}^{commit}`]);
    return sha === null ? null : sha.trim();
  }

  /**
   * One workspace per commit for the whole evaluation, shared by every rule that asks (a
   * hundred failing metrics read the same ten commits), and disposed with the history.
   */
  commitWorkspace(sha: string): Workspace {
    checkRevision(sha);
    let workspace = this.borrowed.get(sha) ?? this.workspaces.get(sha);
    if (workspace === undefined) {
      workspace = new CommitWorkspace(this.root, sha);
      this.workspaces.set(sha, workspace);
    }
    return workspace;
  }

  async ancestors(sha: string, limit: number): Promise<string[]> {
    checkRevision(sha);
    const count = Math.max(1, Math.floor(limit));
    const key = `${sha} ${count}`;
    let walk = this.walks.get(key);
    if (walk === undefined) {
      walk = runGit(this.root, ['rev-list', '--first-parent', `--max-count=${count}`, sha, '--']).then((out) =>
        out.split('\n').filter((line) => line !== ''),
      );
      this.walks.set(key, walk);
    }
    return walk;
  }

  /** Ends the commit workspaces handed out (their cat-file readers and temporary files). */
  async dispose(): Promise<void> {
    const workspaces = [...this.workspaces.values()];
    this.workspaces.clear();
    for (const workspace of workspaces) await workspace.dispose();
  }
}

/** Refs and shas reach git as arguments: one starting with `-` would be read as an option. */
function checkRevision(rev: string): void {
  if (rev === '' || rev.startsWith('-') || /[\s\0]/.test(rev)) {
    throw new GitError(`"${rev}" is not a commit or ref name`);
  }
}

async function tryGitRaw(cwd: string, args: string[]): Promise<string | null> {
  try {
    return await runGit(cwd, args);
  } catch (error) {
    if (error instanceof GitError) return null;
    throw error;
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
