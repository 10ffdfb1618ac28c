import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GitError } from '../errors.js';

/*
 * One place that runs git, spawned directly (simple-git cost a tenth of the CLI's start-up).
 * The exit code alone decides success (`rev-parse --verify --quiet` fails without a word on
 * stderr). Cancelling the evaluation (a newer push) interrupts git, and so does a git that has
 * gone quiet (a server that stopped answering mid-fetch); either way the call settles only once
 * git has exited.
 */

export interface GitOptions {
  /** Cancels the command: git is killed and the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Kills git when it writes nothing for this long (milliseconds). */
  idleTimeoutMs?: number | undefined;
  /**
   * Extra environment, e.g. GIT_CONFIG_* pairs that carry an auth header without touching disk.
   * Our arguments are never taken from a pull request (refs are validated, paths follow `--`),
   * and the environment is the operator's (the runner's SSH command or proxy, the App's header).
   */
  env?: Record<string, string> | undefined;
}

const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;

/** Never prompt for credentials: CI has no one to answer. LC_ALL=C keeps git's messages parseable. */
function gitEnv(options: GitOptions): Record<string, string> {
  return { ...pickEnv(process.env), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env };
}

/** Editors and pagers are for people at a terminal, and they run programs: git never gets them. */
const INTERACTIVE = new Set(['EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'PAGER', 'GIT_PAGER']);

function pickEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !INTERACTIVE.has(key)) out[key] = value;
  return out;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function execGit(cwd: string, args: string[], options: GitOptions): Promise<GitResult> {
  options.signal?.throwIfAborted();
  // spawn reports a missing cwd as a missing git: say which one it is.
  if (!existsSync(cwd)) throw new GitError(`git ${args[0]} failed: the folder ${cwd} does not exist`);
  try {
    return await spawnGit(cwd, args, options);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof GitError) throw error;
    const cause = error instanceof Error ? error : undefined;
    const message = cause?.message ?? String(error);
    if (/ENOENT/.test(message)) {
      throw new GitError(`could not run git: ${message}`, { hint: 'install git and make sure it is on PATH', cause });
    }
    throw new GitError(`git ${args[0]} failed: ${message}`, { cause });
  }
}

function spawnGit(cwd: string, args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(options), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stopped: Error | null = null;
    const stop = (reason: Error) => {
      stopped ??= reason;
      child.kill('SIGINT');
    };
    const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const quiet = () =>
      stop(new GitError(`git ${args[0]} stopped answering and was stopped`, { hint: 'check the network and the remote' }));
    let idle = setTimeout(quiet, idleMs);
    const heard = () => {
      clearTimeout(idle);
      idle = setTimeout(quiet, idleMs);
    };
    const onAbort = () => stop(new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      heard();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      heard();
    });
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onAbort);
      if (stopped !== null) return reject(stopped);
      // A git killed by a signal from outside has no exit code: a failure all the same.
      resolve({ code: code ?? 128, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    };
    child.once('error', (error) => {
      settled = true;
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', settle);
    // A remote helper git started may hold the pipes open after git itself has gone (a fetch
    // interrupted mid-transfer): 50 ms after git exits, what it wrote is all there is.
    child.once('exit', (code) => setTimeout(() => settle(code), 50));
  });
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
