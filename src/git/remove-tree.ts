import { chmod, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes a temporary folder that code from a pull request wrote into (a tree copy, a run's
 * HOME): a folder it made unreadable is made ours again first, and a file still being written
 * by a process that is being killed is retried, so nothing is left behind.
 */
export async function removeTree(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await rm(dir, { recursive: true, force: true, maxRetries: 2 });
      return;
    } catch {
      await restorePermissions(dir);
    }
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
}

async function restorePermissions(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => undefined);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await restorePermissions(path.join(dir, entry.name));
}
