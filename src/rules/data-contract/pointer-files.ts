import { open, stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { LFS_POINTER_HEADER } from '../../git/lfs.js';
import type { Workspace } from '../../git/workspace.js';

/**
 * Large data is often kept out of git by Git LFS or DVC, which leave a small pointer file where
 * the data was. Reading a pointer as a CSV would report nonsense (one column named "version"),
 * so a pointer is recognized and reported with how to fetch the data.
 */

/** Pointer files are a few hundred bytes; anything larger is data. */
const POINTER_MAX_BYTES = 1024;

export type PointerKind = 'git-lfs' | 'dvc';

/** Which kind of pointer the file at `localPath` is, or null for real data. */
export async function detectPointer(localPath: string): Promise<PointerKind | null> {
  const info = await stat(localPath);
  if (info.size > POINTER_MAX_BYTES) return null;
  const handle = await open(localPath, 'r');
  try {
    const buffer = Buffer.alloc(info.size);
    await handle.read(buffer, 0, info.size, 0);
    const text = buffer.toString('utf8');
    if (text.startsWith(LFS_POINTER_HEADER)) return 'git-lfs';
    if (/^outs:\s*$/m.test(text) && /^\s*-?\s*md5:\s*[0-9a-f]{32}/m.test(text)) return 'dvc';
    return null;
  } finally {
    await handle.close();
  }
}

/** The error for a pointer where data was expected, saying how to get the data in CI. */
export function pointerError(kind: PointerKind, repoPath: string, side: string): InputError {
  if (kind === 'git-lfs') {
    return new InputError(`${repoPath} (${side}) is a Git LFS pointer, not the data`, {
      file: repoPath,
      hint: `fetch the data before this step: \`git lfs pull --include="${repoPath}"\`, or \`lfs: true\` on actions/checkout`,
    });
  }
  return new InputError(`${repoPath} (${side}) is a DVC pointer file, not the data`, {
    file: repoPath,
    hint: `fetch the data before this step with \`dvc pull ${repoPath.replace(/\.dvc$/, '')}\``,
  });
}

/**
 * When the data path matches nothing, a `<path>.dvc` file next to it means the data is tracked
 * by DVC and was not pulled: an error that says so beats a "file not found".
 */
export async function findDvcTracking(workspace: Workspace, repoPath: string): Promise<InputError | null> {
  const candidates = [`${repoPath}.dvc`];
  const parent = repoPath.includes('/') ? repoPath.slice(0, repoPath.lastIndexOf('/')) : '';
  if (parent !== '') candidates.push(`${parent}.dvc`);
  for (const candidate of candidates) {
    if (await workspace.exists(candidate)) {
      return new InputError(`${repoPath} is tracked by DVC (${candidate}) but its data is not in the ${workspace.label}`, {
        file: candidate,
        hint: `fetch the data before this step with \`dvc pull ${candidate}\``,
      });
    }
  }
  return null;
}
