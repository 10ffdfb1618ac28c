// The App started exactly as `npm start` starts it (scripts/start-app.sh, a child process
// configured by environment variables) against a GitHub stand-in: used by the e2e tests, the
// demo and the bench.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Standin } from '../../standin/index.js';
import { FIXTURE_CACHE_ENV } from '../support/fixture-cache.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HealthBody {
  status: string;
  evaluations: { queued: number; running: number; completed: number; failed: number; superseded: number; coalesced: number };
}

export interface RunningAppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the App logged so far (JSON lines). */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the App as `npm start` does: scripts/start-app.sh with the environment docs/app.md lists. */
export async function startAppProcess(
  gh: Standin,
  tmp: string,
  env: Record<string, string> = {},
  options: { processGroup?: boolean } = {},
): Promise<RunningAppProcess> {
  const child = spawn('bash', [path.join(ROOT, 'scripts', 'start-app.sh')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TMPDIR: tmp,
      APP_ID: String(gh.appId),
      PRIVATE_KEY: gh.privateKey,
      WEBHOOK_SECRET: gh.webhookSecret,
      PORT: '0',
      HOST: '127.0.0.1',
      GITHUB_API_URL: gh.apiUrl,
      LOG_LEVEL: 'debug',
      // The compiled lib/ (the suite's set-up has just built it), as in the Dockerfile: the same
      // script and code, without compiling TypeScript at every start.
      NODE_ENV: 'production',
      ML_GUARDRAILS_WRITE_SPACING_MS: '0',
      ML_GUARDRAILS_MAX_API_WAIT_MS: '1500',
      // One compile cache for every App the run starts (each has a TMPDIR of its own).
      ...(process.env[FIXTURE_CACHE_ENV] ? { NODE_COMPILE_CACHE: path.join(process.env[FIXTURE_CACHE_ENV], 'app-compile-cache') } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Tests give it a process group of its own, so that stopping the App also stops the git it
    // started (stopAppProcess). The demo and the bench do not: Ctrl-C at the terminal must reach it.
    detached: options.processGroup ?? false,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the App exited (${code}) before listening:\n${output}`)));
  });
  return { url, child, output: () => output, exited };
}

/** Waits until the App has no evaluation queued or running (polling its health endpoint). */
export async function waitUntilIdle(url: string): Promise<HealthBody> {
  for (;;) {
    const body = (await (await fetch(`${url}/healthz`)).json()) as HealthBody;
    if (body.evaluations.queued === 0 && body.evaluations.running === 0) return body;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Kills the App and, when it was started with `processGroup`, every process it started (a
 * clone's `git fetch` keeps running when only its parent is killed, and would go on using the
 * machine after the test).
 */
export async function stopAppProcess(app: RunningAppProcess): Promise<void> {
  const running = app.child.exitCode === null && app.child.signalCode === null;
  if (app.child.pid !== undefined) {
    try {
      process.kill(-app.child.pid, 'SIGKILL'); // the group: started with processGroup
    } catch {
      if (running) app.child.kill('SIGKILL'); // no group of its own, or the group is gone
    }
  }
  if (running) await app.exited;
}
