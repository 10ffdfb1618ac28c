import { simpleGit } from 'simple-git';
import { GitError } from '../errors.js';

/** Runs one git command in `cwd` and returns its standard output; failures become GitError. */
export async function runGit(cwd: string, args: string[]): Promise<string> {
  try {
    return await simpleGit({ baseDir: cwd, trimmed: false }).raw(args);
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim().split('\n')[0] : String(error);
    throw new GitError(`git ${args[0]} failed: ${detail}`, { cause: error });
  }
}

/** Like runGit, but returns null instead of throwing (for probes such as "does this ref exist"). */
export async function tryGit(cwd: string, args: string[]): Promise<string | null> {
  try {
    return (await simpleGit({ baseDir: cwd }).raw(args)).trim();
  } catch {
    return null;
  }
}
