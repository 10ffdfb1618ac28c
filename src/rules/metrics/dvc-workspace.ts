import type { Workspace } from '../../git/workspace.js';
import { readDvcCache } from './dvc-cache.js';
import { findDvcOutput } from './dvc-lock.js';

/**
 * One side of the comparison, seen as `dvc metrics diff` sees it: a file that is not there
 * (DVC outputs are git-ignored, so a commit never holds them, and a working tree only after
 * `dvc pull` or `dvc repro`) is read from the DVC cache by the hash that this side's dvc.lock
 * (or `.dvc` file) records. An output that is recorded but not cached is an InputError naming
 * the `dvc fetch` to run; a file DVC does not track stays absent.
 */
export function withDvcOutputs(workspace: Workspace): Workspace {
  const side = {
    where: workspace.label === 'working tree' ? 'in the working tree' : `at ${workspace.label}`,
    current: workspace.label === 'working tree',
  };
  const readBytes = async (file: string, maxBytes?: number): Promise<Buffer | null> => {
    const bytes = await workspace.readBytes(file, maxBytes);
    if (bytes !== null) return bytes;
    const output = await findDvcOutput(workspace, file);
    return output === null ? null : readDvcCache(workspace.root, output, side);
  };
  return {
    label: workspace.label,
    sha: workspace.sha,
    root: workspace.root,
    readBytes,
    readText: async (file, maxBytes) => (await readBytes(file, maxBytes))?.toString('utf8') ?? null,
    exists: async (file) => (await workspace.exists(file)) || (await findDvcOutput(workspace, file)) !== null,
    isDirectory: (file) => workspace.isDirectory(file),
    listFiles: (pattern) => workspace.listFiles(pattern),
    localPath: (file) => workspace.localPath(file),
    // The engine owns the workspace and disposes of it; this view holds nothing of its own.
    dispose: async () => {},
  };
}
