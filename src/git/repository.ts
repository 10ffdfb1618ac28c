import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitError } from '../errors.js';
import { CommitWorkspace } from './commit-workspace.js';
import type { WorkspaceOptions } from './glob-files.js';
import { fetchMissingBlobs, isPartialClone } from './partial-clone.js';
import { runGit, tryGit } from './run-git.js';
import { WorkingTreeWorkspace } from './working-tree.js';
import type { Workspace } from './workspace.js';

/** A local git repository: the one place that knows how to find commits and refs in it. */
export class Repository {
  private constructor(
    readonly root: string,
    /** Cancels every git command this repository runs (a newer push supersedes the evaluation). */
    readonly signal: AbortSignal | undefined,
    /** Environment for fetches from origin only (the App's auth header); never other commands. */
    private readonly fetchEnv: Record<string, string> | undefined,
    /** HEAD's commit when the repository was opened (null before the first commit). */
    readonly head: string | null,
  ) {}

  /** Opens the repository that contains `dir`, or throws a GitError that says what to do. */
  static async open(dir: string, signal?: AbortSignal, fetchEnv?: Record<string, string>): Promise<Repository> {
    try {
      const stat = await fs.stat(dir);
      if (!stat.isDirectory()) throw new Error('not a folder');
    } catch {
      throw new GitError(`"${dir}" is not a folder`, { hint: 'pass --repo the path of a git checkout' });
    }
    // The root and HEAD in one git process; before the first commit (no HEAD) it exits non-zero,
    // and the root alone is asked for.
    const both = await tryGit(dir, ['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD^{commit}'], { signal });
    const [top, head] = both === null ? [await tryGit(dir, ['rev-parse', '--show-toplevel'], { signal }), null] : both.split('\n');
    if (top === null || top === undefined || top === '') {
      throw new GitError(`"${path.resolve(dir)}" is not inside a git repository`, {
        hint: 'run it in a clone, or pass --repo the path of one',
      });
    }
    return new Repository(top, signal, fetchEnv, head === undefined || head === '' ? null : head);
  }

  /** The full sha of a ref or commit, or null if it does not name a commit here. */
  async resolveCommit(ref: string): Promise<string | null> {
    if (ref.startsWith('-')) return null; // never let a ref be read as an option
    return this.probe(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    return this.probe(['merge-base', '--end-of-options', a, b]);
  }

  async isShallow(): Promise<boolean> {
    return (await this.probe(['rev-parse', '--is-shallow-repository'])) === 'true';
  }

  async remotes(): Promise<string[]> {
    const output = await this.probe(['remote']);
    return output === null || output === '' ? [] : output.split('\n');
  }

  /**
   * Fetches more history (or one ref) from a remote; returns whether git succeeded. Callers pass
   * refspecs whose destination is under refs/ml-guardrails/, never a branch or remote-tracking ref.
   */
  async fetch(args: string[]): Promise<boolean> {
    const fetched = await tryGit(this.root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', ...args], {
      signal: this.signal,
      env: this.fetchEnv,
    });
    return fetched !== null;
  }

  /**
   * Makes a commit fetched into a clone without blobs readable: fetches its tree's blobs in a
   * batch (with the fetch credentials) rather than one lazy fetch per file read.
   */
  async completeCommit(sha: string): Promise<void> {
    const options = { signal: this.signal, env: this.fetchEnv };
    if (await isPartialClone(this.root, options)) await fetchMissingBlobs(this.root, [sha], options);
  }

  /**
   * Which of these full ref names exist, in one git process: each present one with the short
   * name of what it points to when it is a symbolic ref (origin/HEAD → "origin/main"), else "".
   */
  async existingRefs(names: readonly string[]): Promise<Map<string, string>> {
    const wanted = names.filter((name) => name.startsWith('refs/'));
    const output = wanted.length === 0 ? '' : await this.probe(['for-each-ref', '--format=%(refname)%00%(symref:short)', ...wanted]);
    const found = new Map<string, string>();
    for (const line of (output ?? '').split('\n')) {
      const [name = '', target = ''] = line.split('\0');
      // for-each-ref matches by prefix too (refs/heads/main/x): only the names asked for count.
      if (wanted.includes(name)) found.set(name, target);
    }
    return found;
  }

  private probe(args: string[]): Promise<string | null> {
    return tryGit(this.root, args, { signal: this.signal });
  }

  /** A workspace for a commit, read from the object database. */
  commitWorkspace(sha: string, options: WorkspaceOptions = {}): Workspace {
    return new CommitWorkspace(this.root, sha, options);
  }

  /**
   * A workspace for the files on disk, with HEAD as its commit (null before the first commit).
   * `trackedOnly` for rules a pull request wrote: they may not read what CI left untracked.
   */
  async workingTree(options: WorkspaceOptions = {}): Promise<Workspace> {
    return new WorkingTreeWorkspace(this.root, this.head, options);
  }

  async run(args: string[]): Promise<string> {
    return runGit(this.root, args, { signal: this.signal });
  }
}
