import { readFileSync } from 'node:fs';
import { parseExtendsAllow } from '../config/extends.js';
import { InputError } from '../errors.js';

/** Everything the App server reads from its environment, checked once at start-up. */
export interface AppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  /** REST API root: api.github.com, GHE_HOST's /api/v3, or GITHUB_API_URL (a stand-in, a proxy). */
  baseUrl: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Evaluations run at once by this instance; more wait in a queue. */
  concurrency: number;
  /** On SIGTERM, how long in-flight evaluations may finish before they are cancelled. */
  drainMs: number;
  /** GitHub asks integrations to space writes about a second apart; tests and the bench set 0. */
  writeSpacingMs: number;
  /** Longest wait for one API call's retries and rate limits. */
  maxApiWaitMs: number;
  /** Git LFS data one evaluation may download, in MiB: a pull request must not make it unbounded. */
  lfsMaxMiB: number;
  /** Repositories (`owner/name`) that rules a pull request wrote may extend, beyond the owner's `.github`. */
  extendsAllow: string[];
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

type Env = Record<string, string | undefined>;

/** Reads APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, GHE_HOST, LOG_LEVEL and the tuning knobs. */
export function readAppSettings(env: Env): AppSettings {
  const appId = Number(required(env, 'APP_ID', 'the App ID shown on the App settings page'));
  if (!Number.isInteger(appId) || appId <= 0) throw new InputError(`APP_ID must be a positive integer, got "${env.APP_ID}"`);
  const webhookSecret = required(env, 'WEBHOOK_SECRET', 'the webhook secret entered when the App was registered');
  return {
    appId,
    privateKey: readPrivateKey(env),
    webhookSecret,
    port: integer(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    baseUrl: apiBaseUrl(env),
    logLevel: logLevel(env.LOG_LEVEL),
    concurrency: integer(env, 'ML_GUARDRAILS_CONCURRENCY', 4, 1),
    drainMs: integer(env, 'ML_GUARDRAILS_DRAIN_MS', 25_000),
    writeSpacingMs: integer(env, 'ML_GUARDRAILS_WRITE_SPACING_MS', 1000),
    maxApiWaitMs: integer(env, 'ML_GUARDRAILS_MAX_API_WAIT_MS', 60_000),
    lfsMaxMiB: integer(env, 'ML_GUARDRAILS_LFS_MAX_MIB', 2048),
    extendsAllow: parseExtendsAllow(env.ML_GUARDRAILS_EXTENDS_ALLOW, 'ML_GUARDRAILS_EXTENDS_ALLOW'),
  };
}

function required(env: Env, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new InputError(`${name} is not set: give it ${what}`);
  return value;
}

function readPrivateKey(env: Env): string {
  if (env.PRIVATE_KEY?.trim()) {
    const key = env.PRIVATE_KEY.trim();
    // One-line environments (some hosts) take the key base64-encoded, as Probot allows.
    const pem = key.includes('-----BEGIN') ? key : Buffer.from(key, 'base64').toString('utf8');
    if (!pem.includes('-----BEGIN')) throw new InputError('PRIVATE_KEY is neither a PEM key nor a base64-encoded one');
    // Some hosts keep newlines as literal \n; PEM ends with one.
    return `${pem.replace(/\\n/g, '\n').trim()}\n`;
  }
  if (env.PRIVATE_KEY_PATH?.trim()) {
    try {
      return readFileSync(env.PRIVATE_KEY_PATH.trim(), 'utf8');
    } catch (error) {
      throw new InputError(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH}: ${(error as Error).message}`);
    }
  }
  throw new InputError('neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: give the .pem key downloaded from the App settings page');
}

function apiBaseUrl(env: Env): string {
  if (env.GITHUB_API_URL?.trim()) return env.GITHUB_API_URL.trim().replace(/\/+$/, '');
  if (env.GHE_HOST?.trim()) return `${env.GHE_PROTOCOL?.trim() || 'https'}://${env.GHE_HOST.trim()}/api/v3`;
  return 'https://api.github.com';
}

function logLevel(value: string | undefined): AppSettings['logLevel'] {
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  if (level === undefined) throw new InputError(`LOG_LEVEL "${value}" is not one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new InputError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}
