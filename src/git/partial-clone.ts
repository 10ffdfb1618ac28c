import { type GitOptions, runGit, tryGit } from './run-git.js';

/** Blob ids per `git fetch` command line (well under ARG_MAX). */
const BLOBS_PER_FETCH = 2000;

/**
 * In a clone made with `--filter=blob:none`, fetches the blobs of these commits' trees (and of
 * `extraRefs`, e.g. the notes) that the clone lacks, in a few batched fetches. Reading them later
 * must never trigger git's lazy fetch: that runs one object at a time, and without the
 * credentials that only the fetching process's environment carries.
 */
export async function fetchMissingBlobs(dir: string, commits: string[], options: GitOptions = {}): Promise<void> {
  if (commits.length === 0) return;
  const objects = await runGit(dir, ['rev-list', '--objects', '--no-walk', '--missing=print', ...commits], options);
  const missing = objects
    .split('\n')
    .filter((line) => line.startsWith('?'))
    .map((line) => line.slice(1).trim());
  for (let i = 0; i < missing.length; i += BLOBS_PER_FETCH) {
    const batch = missing.slice(i, i + BLOBS_PER_FETCH);
    await runGit(dir, ['fetch', '-q', '--no-tags', '--no-write-fetch-head', '--filter=blob:none', 'origin', ...batch], options);
  }
}

/** Whether this clone was made without blobs (a promisor remote), as the App's clones are. */
export async function isPartialClone(dir: string, options: GitOptions = {}): Promise<boolean> {
  return (await tryGit(dir, ['config', '--get', 'remote.origin.promisor'], options)) === 'true';
}
