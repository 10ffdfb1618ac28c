import { spawn } from 'node:child_process';
import { InputError } from '../../errors.js';

export interface Invocation {
  command: string;
  cwd: string;
  /** `base` or `head`, passed on as ML_GUARDRAILS_SIDE so a script can tell (for logs). */
  side: 'base' | 'head';
  timeoutMs: number;
  signal: AbortSignal;
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
    let stopped: string | null = null;
    const stop = (why: string) => {
      stopped = why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stop(`timed out after ${Math.round(invocation.timeoutMs / 1000)} s`), invocation.timeoutMs);
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
      if (stopped !== null)
        return reject(
          new InputError(`the benchmark command ${stopped} on the ${invocation.side}`, {
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
