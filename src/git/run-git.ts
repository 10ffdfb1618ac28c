import { type SimpleGit, simpleGit } from 'simple-git';
import { GitError } from '../errors.js';

/*
 * One place that runs git, through simple-git. Its default error detection treats a command
 * that exits non-zero without writing to stderr (`rev-parse --verify --quiet`, `symbolic-ref
 * --quiet`) as a success with empty output, which would turn "this ref does not exist" into a
 * wrong baseline; the `errors` plugin below lets the exit code alone decide. Its abort plugin
 * kills git when the evaluation is cancelled (a newer push), and the timeout plugin kills a git
 * that has gone quiet (a server that stopped answering mid-fetch).
 */

export interface GitOptions {
  /** Cancels the command: git is killed and the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Kills git when it writes nothing for this long (milliseconds). */
  idleTimeoutMs?: number | undefined;
  /** Extra environment, e.g. GIT_CONFIG_* pairs that carry an auth header without touching disk. */
  env?: Record<string, string> | undefined;
}

/** How the git process ended, recorded by the `errors` plugin (simple-git wraps what it returns). */
interface GitExit {
  exitCode: number;
  stderr: string;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

function gitFor(cwd: string, options: GitOptions, exit: { value?: GitExit }): SimpleGit {
  const git = simpleGit({
    baseDir: cwd,
    maxConcurrentProcesses: 4,
    trimmed: false,
    abort: options.signal,
    timeout: { block: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS },
    // simple-git refuses these in arguments and the environment because they run programs. Our
    // arguments are never taken from a pull request (refs are validated, paths follow `--`), and
    // the environment is the operator's: the runner's SSH command or proxy, and the App's
    // GIT_CONFIG_* auth header, which keeps the token off the disk and out of the process list.
    unsafe: {
      allowUnsafeConfigEnvCount: true,
      allowUnsafeSshCommand: true,
      allowUnsafeAskPass: true,
      allowUnsafeGitProxy: true,
      allowUnsafeCredentialHelper: true,
    },
    errors(error, result) {
      if (result.exitCode === 0) return undefined;
      exit.value = { exitCode: result.exitCode, stderr: Buffer.concat(result.stdErr).toString('utf8') };
      return error instanceof Error ? error : new Error(`git exited with code ${result.exitCode}`);
    },
  });
  // Never prompt for credentials: CI has no one to answer (no command here opens an editor).
  // LC_ALL=C keeps git's messages parseable; PATH and HOME come from the process.
  return git.env({
    ...pickEnv(process.env),
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    ...options.env,
  });
}

/** Editors and pagers are for people at a terminal; simple-git also refuses them (they run programs). */
const INTERACTIVE = new Set(['EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'PAGER', 'GIT_PAGER']);

function pickEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !INTERACTIVE.has(key)) out[key] = value;
  return out;
}

async function execGit(cwd: string, args: string[], options: GitOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  options.signal?.throwIfAborted();
  const exit: { value?: GitExit } = {};
  try {
    return { code: 0, stdout: await gitFor(cwd, options, exit).raw(args), stderr: '' };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (exit.value !== undefined && exit.value.exitCode > 0) return { code: exit.value.exitCode, stdout: '', stderr: exit.value.stderr };
    const cause = error instanceof Error ? error : undefined;
    const message = cause?.message ?? String(error);
    if (/ENOENT|spawn git/.test(message)) {
      throw new GitError(`could not run git: ${message}`, { hint: 'install git and make sure it is on PATH', cause });
    }
    if (/timed out|timeout/i.test(message)) {
      throw new GitError(`git ${args[0]} stopped answering and was stopped`, { hint: 'check the network and the remote', cause });
    }
    throw new GitError(`git ${args[0]} failed: ${message}`, { cause });
  }
}

/** Runs one git command in `cwd` and returns its standard output; a non-zero exit is a GitError. */
export async function runGit(cwd: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await execGit(cwd, args, options);
  if (result.code !== 0) {
    const detail = result.stderr.trim().split('\n')[0] ?? '';
    throw new GitError(`git ${args[0]} failed${detail === '' ? ` with exit code ${result.code}` : `: ${detail}`}`);
  }
  return result.stdout;
}

/** Runs a probe such as "does this ref exist": trimmed output, or null when git exits non-zero. */
export async function tryGit(cwd: string, args: string[], options: GitOptions = {}): Promise<string | null> {
  const result = await execGit(cwd, args, options);
  return result.code === 0 ? result.stdout.trim() : null;
}
