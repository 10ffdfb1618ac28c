// The App under test, started exactly as `npm start` starts it (scripts/start-app.sh, a child
// process configured by environment variables), against a GitHub stand-in; plus helpers that
// send signed deliveries and wait until the App has finished what they started.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { Standin, StandinRepoOptions, StartStandinOptions, WebhookOptions } from '../../standin/index.js';
import { startTestStandin } from '../support/standin.js';
import { type HealthBody, type RunningAppProcess, startAppProcess, stopAppProcess, waitUntilIdle } from './app-process.js';
import { metricsRepo } from './fixtures.js';

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

/**
 * Starts the stand-in and the App; returns the world, and stops both when the test finishes.
 * `standin` changes what GitHub grants, e.g. the permissions of an operator who trimmed app.yml's.
 */
export async function startAppWorld(
  repos: StandinRepoOptions[] = [metricsRepo('models')],
  env: Record<string, string> = {},
  standin: Omit<StartStandinOptions, 'repos'> = {},
): Promise<AppWorld> {
  const gh = await startTestStandin({ ...standin, repos });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'app-world-'));
  const app = await startAppProcess(gh, tmp, env, { processGroup: true });
  const health = async (): Promise<HealthBody> => (await fetch(`${app.url}/healthz`)).json() as Promise<HealthBody>;
  const world: AppWorld = {
    gh,
    app,
    tmp,
    health,
    deliver: (event, opts = {}) => gh.sendWebhook(event, { ...opts, targetUrl: `${app.url}/api/github/webhooks` }),
    idle: () => waitUntilIdle(app.url),
  };
  // Registered by the test that started them, not by a module-level hook: this module is
  // imported once per worker, which may run several test files.
  onTestFinished(async () => {
    await stopAppProcess(app);
    await gh.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  return world;
}

/** Polls until `condition` holds (a state the App reaches, never a duration). */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

/** The App's clones left in its TMPDIR (should be none once idle). */
export function leftoverClones(world: AppWorld): string[] {
  return readdirSync(world.tmp).filter((name) => name.startsWith('ml-guardrails-app-'));
}

export { metricsRepo, RULES } from './fixtures.js';
