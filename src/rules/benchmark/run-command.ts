import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { InputError } from '../../errors.js';
import { removeTree } from '../../git/remove-tree.js';
import { killInvocation } from './process-sweep.js';
import { buildRunEnv } from './run-env.js';

export interface Invocation {
  command: string;
  cwd: string;
  /** `base` or `head`, passed on as ML_GUARDRAILS_SIDE so a script can tell (for logs). */
  side: 'base' | 'head';
  /** `run_timeout`: an invocation that takes longer is an error. */
  timeoutMs: number;
  /** Epoch ms when the rule's total time limit ends: an invocation still running then is cut off. */
  deadline: number;
  signal: AbortSignal;
  /** Names the rule's `env:` passes through from the runner, beyond the allow-list. */
  env: readonly string[];
}

/**
 * The rule's total time limit ended during an invocation. Not the benchmark's fault (the
 * invocation was within `run_timeout`): the caller drops the unfinished pair and decides on
 * the pairs it has.
 */
export class TimeLimitReached extends Error {
  constructor() {
    super('the time limit ended during an invocation');
    this.name = 'TimeLimitReached';
  }
}

/**
 * Runs one invocation of a benchmark command (`sh -c`, its own session) and returns its wall
 * time in milliseconds. Its environment is an allow-list with a fresh HOME and TMPDIR; when it
 * ends, whatever it started is killed (see process-sweep.ts) and its temporary folders removed.
 */
export async function runInvocation(invocation: Invocation): Promise<number> {
  invocation.signal.throwIfAborted();
  const scratch = await mkdtemp(path.join(tmpdir(), 'mlg-run-'));
  try {
    const [home, tmp] = [path.join(scratch, 'home'), path.join(scratch, 'tmp')];
    await Promise.all([mkdir(home), mkdir(tmp)]);
    const runId = randomBytes(12).toString('hex');
    const env = buildRunEnv(process.env, {
      extra: invocation.env,
      home,
      tmp,
      ceiling: path.dirname(invocation.cwd),
      side: invocation.side,
      runId,
    });
    return await spawnTimed(invocation, env, runId);
  } finally {
    await removeTree(scratch);
  }
}

function spawnTimed(invocation: Invocation, env: NodeJS.ProcessEnv, runId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('sh', ['-c', invocation.command], {
      cwd: invocation.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    let stopped: 'timeout' | 'time limit' | 'aborted' | null = null;
    const stop = (why: NonNullable<typeof stopped>) => {
      stopped = why;
      if (child.pid !== undefined) void killInvocation(child.pid, runId);
    };
    const untilDeadline = Math.max(0, invocation.deadline - Date.now());
    const timer =
      untilDeadline < invocation.timeoutMs
        ? setTimeout(() => stop('time limit'), untilDeadline)
        : setTimeout(() => stop('timeout'), invocation.timeoutMs);
    const onAbort = () => stop('aborted');
    invocation.signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      invocation.signal.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      settle();
      reject(new InputError(`could not start the benchmark command: ${error.message}`));
    });
    // 'exit', not 'close': a background child holding stderr open must not keep the run going.
    child.on('exit', (code) => {
      const elapsed = performance.now() - start;
      settle();
      void killInvocation(child.pid!, runId)
        .then(() => drained(child.stderr))
        .then(() => {
          if (stopped === 'aborted') return reject(invocation.signal.reason ?? new Error('aborted'));
          if (stopped === 'time limit') return reject(new TimeLimitReached());
          if (stopped === 'timeout')
            return reject(
              new InputError(
                `the benchmark command timed out after ${Math.round(invocation.timeoutMs / 1000)} s on the ${invocation.side}`,
                {
                  hint: 'raise run_timeout or make one invocation shorter',
                },
              ),
            );
          if (code !== 0) {
            const tail = stderr.trim().split('\n').slice(-3).join(' | ');
            return reject(
              new InputError(
                `the benchmark command failed on the ${invocation.side} with exit code ${code}${tail === '' ? '' : `: ${tail}`}`,
              ),
            );
          }
          resolve(elapsed);
        }, reject);
    });
  });
}

/** Stderr's last lines, once every writer is gone; a second at most, for one that escaped the kill. */
async function drained(stream: Readable): Promise<void> {
  if (!stream.closed) await Promise.race([once(stream, 'close'), delay(1000)]);
  stream.destroy();
}
