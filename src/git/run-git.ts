import { execFile } from 'node:child_process';
import { GitError } from '../errors.js';

/*
 * One place that runs git. We call git directly rather than through simple-git: its `raw()`
 * resolves a command that fails without writing to stderr (`rev-parse --verify --quiet`,
 * `symbolic-ref --quiet`) as a success with empty output, which would turn "this ref does not
 * exist" into a wrong baseline. Here the exit code decides.
 */

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

function execGit(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        maxBuffer: MAX_OUTPUT,
        encoding: 'utf8',
        // Never prompt for credentials or open an editor: CI has no one to answer.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new GitError(`could not run git: ${error.message}`, { hint: 'install git and make sure it is on PATH' }));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

/** Runs one git command in `cwd` and returns its standard output; a non-zero exit is a GitError. */
export async function runGit(cwd: string, args: string[]): Promise<string> {
  const result = await execGit(cwd, args);
  if (result.code !== 0) {
    const detail = result.stderr.trim().split('\n')[0] ?? '';
    throw new GitError(`git ${args[0]} failed${detail === '' ? ` with exit code ${result.code}` : `: ${detail}`}`);
  }
  return result.stdout;
}

/** Runs a probe such as "does this ref exist": trimmed output, or null when git exits non-zero. */
export async function tryGit(cwd: string, args: string[]): Promise<string | null> {
  const result = await execGit(cwd, args);
  return result.code === 0 ? result.stdout.trim() : null;
}
