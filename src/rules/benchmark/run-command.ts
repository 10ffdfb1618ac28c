import { spawn } from 'node:child_process';
import { InputError } from '../../errors.js';

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

/** Variables a benchmark never needs and a pull request's code must never see. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PRIVATE_KEY|^INPUT_|^ACTIONS_(RUNTIME|ID_TOKEN|CACHE)|^GH_|^GITHUB_TOKEN$/i;

/**
 * Runs one invocation of a benchmark command (`sh -c`, its own process group) and returns its
 * wall time in milliseconds. A non-zero exit, a timeout or an abort stops the whole group.
 */
export function runInvocation(invocation: Invocation): Promise<number> {
  const env: NodeJS.ProcessEnv = { ML_GUARDRAILS_SIDE: invocation.side };
  for (const [name, value] of Object.entries(process.env)) if (!SECRET_NAME.test(name)) env[name] = value;
  env.ML_GUARDRAILS_SIDE = invocation.side;
  invocation.signal.throwIfAborted();
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
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const untilDeadline = Math.max(0, invocation.deadline - Date.now());
    const timer =
      untilDeadline < invocation.timeoutMs
        ? setTimeout(() => stop('time limit'), untilDeadline)
        : setTimeout(() => stop('timeout'), invocation.timeoutMs);
    const onAbort = () => stop('aborted');
    invocation.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      invocation.signal.removeEventListener('abort', onAbort);
      reject(new InputError(`could not start the benchmark command: ${error.message}`));
    });
    child.on('close', (code) => {
      const elapsed = performance.now() - start;
      clearTimeout(timer);
      invocation.signal.removeEventListener('abort', onAbort);
      if (stopped === 'aborted') return reject(invocation.signal.reason ?? new Error('aborted'));
      if (stopped === 'time limit') return reject(new TimeLimitReached());
      if (stopped === 'timeout')
        return reject(
          new InputError(`the benchmark command timed out after ${Math.round(invocation.timeoutMs / 1000)} s on the ${invocation.side}`, {
            hint: 'raise run_timeout or make one invocation shorter',
          }),
        );
      if (code !== 0) {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        return reject(
          new InputError(`the benchmark command failed on the ${invocation.side} with exit code ${code}${tail === '' ? '' : `: ${tail}`}`),
        );
      }
      resolve(elapsed);
    });
  });
}
