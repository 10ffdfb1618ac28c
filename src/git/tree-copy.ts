import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { isGitMetadataPath } from './repo-path.js';
import { runGit } from './run-git.js';

/*
 * The files a benchmark command runs in, copied out of the repository into a temporary folder
 * with no `.git`: the command (code from a pull request) finds no repository config there, so
 * not the token actions/checkout persists in it, and its writes never reach the checkout.
 */

/** The tree of `sha`, through a throwaway index (the repository's own index is not touched). */
export async function exportCommit(root: string, sha: string, dir: string, scratch: string, signal?: AbortSignal): Promise<void> {
  const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  await runGit(root, ['read-tree', `${sha}^{tree}`], { env, signal });
  await runGit(root, ['checkout-index', '--all', '--force', `--prefix=${dir}${path.sep}`], { env, signal });
  await fs.mkdir(dir, { recursive: true });
}

/** The tracked files as they are on disk (uncommitted edits included), links kept as links. */
export async function copyWorkingTree(root: string, dir: string, signal?: AbortSignal): Promise<void> {
  const listed = await runGit(root, ['ls-files', '-z', '--cached', '--full-name'], { signal });
  const names = [...new Set(listed.split('\0'))].filter((name) => name !== '' && !isGitMetadataPath(name));
  await fs.mkdir(dir, { recursive: true });
  const folders = new Set<string>();
  for (const name of names) {
    signal?.throwIfAborted();
    const from = path.join(root, name);
    const to = path.join(dir, name);
    const stat = await fs.lstat(from).catch(() => null);
    // Deleted on disk, a submodule's folder, a FIFO: nothing to copy.
    if (stat === null || !(stat.isFile() || stat.isSymbolicLink())) continue;
    const folder = path.dirname(to);
    if (!folders.has(folder)) {
      await fs.mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    if (stat.isSymbolicLink()) await fs.symlink(await fs.readlink(from), to);
    else await fs.copyFile(from, to, constants.COPYFILE_FICLONE);
    if (stat.isFile()) await fs.chmod(to, stat.mode & 0o777);
  }
}
