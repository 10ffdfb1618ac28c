// The App under test, started exactly as `npm start` starts it (scripts/start-app.sh, a child
// process configured by environment variables), against a GitHub stand-in; plus helpers that
// send signed deliveries and wait until the App has finished what they started.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { type Standin, type StandinRepoOptions, startStandin, type WebhookOptions } from '../../standin/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.90, max_drop: 0.01 }
`;

/** A small opted-in repository: a metrics rule and its metrics on main. */
export function metricsRepo(name: string, extra = ''): StandinRepoOptions {
  return {
    owner: 'acme',
    name,
    files: { '.github/ml-guardrails.yml': RULES + extra, 'metrics/eval.json': '{"accuracy": 0.93}\n' },
    collaborators: { 'rita-reviewer': 'write', 'otto-outsider': 'read' },
  };
}

export interface RunningAppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the App logged so far (JSON lines). */
  output: () => string;
  exited: Promise<number | null>;
}

export interface AppWorld {
  gh: Standin;
  app: RunningAppProcess;
  /** The App's temporary folder (TMPDIR): clones must not outlive their evaluation. */
  tmp: string;
  deliver: (event: string, opts?: Omit<WebhookOptions, 'targetUrl'>) => ReturnType<Standin['sendWebhook']>;
  /** Waits until the App has no evaluation queued or running. */
  idle: () => Promise<HealthBody>;
  health: () => Promise<HealthBody>;
}

export interface HealthBody {
  status: string;
  evaluations: { queued: number; running: number; completed: number; failed: number; superseded: number };
}

/** Starts the App as `npm start` does: scripts/start-app.sh with the environment docs/app.md lists. */
export async function startAppProcess(gh: Standin, tmp: string, env: Record<string, string> = {}): Promise<RunningAppProcess> {
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
      ML_GUARDRAILS_WRITE_SPACING_MS: '0',
      ML_GUARDRAILS_MAX_API_WAIT_MS: '1500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
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

/** Starts the stand-in and the App; returns the world and registers their teardown. */
export async function startAppWorld(
  repos: StandinRepoOptions[] = [metricsRepo('models')],
  env: Record<string, string> = {},
): Promise<AppWorld> {
  const gh = await startStandin({ repos });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'app-world-'));
  const app = await startAppProcess(gh, tmp, env);
  const health = async (): Promise<HealthBody> => (await fetch(`${app.url}/healthz`)).json() as Promise<HealthBody>;
  const world: AppWorld = {
    gh,
    app,
    tmp,
    health,
    deliver: (event, opts = {}) => gh.sendWebhook(event, { ...opts, targetUrl: `${app.url}/api/github/webhooks` }),
    idle: async () => {
      for (;;) {
        const body = await health();
        if (body.evaluations.queued === 0 && body.evaluations.running === 0) return body;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  cleanups.push(async () => {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGKILL');
      await app.exited;
    }
    await gh.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  return world;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Polls until `condition` holds (a state the App reaches, never a duration). */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

/** The App's clones left in its TMPDIR (should be none once idle). */
export function leftoverClones(world: AppWorld): string[] {
  return readdirSync(world.tmp).filter((name) => name.startsWith('ml-guardrails-app-'));
}
