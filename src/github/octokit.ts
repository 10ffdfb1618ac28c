import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck/light.js';
import { VERSION } from '../version.js';

/** How long the client may wait out failures, per API call. */
export interface ApiLimits {
  /** Total time one call may spend waiting for retries and rate limits before it gives up. */
  maxWaitMs: number;
  /** One HTTP attempt that takes longer than this is abandoned (and retried while time is left). */
  requestTimeoutMs: number;
  /** GitHub asks integrations to space content-creating requests about a second apart. */
  writeSpacingMs: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = { maxWaitMs: 120_000, requestTimeoutMs: 30_000, writeSpacingMs: 1000 };

/**
 * What the publishing functions use of a client: the REST methods and pagination. The Action
 * passes the client below; the App can pass its own (Probot's) Octokit.
 */
export type GitHubClient = Pick<Octokit, 'rest' | 'paginate'>;

/** Warnings about waits go to the door's log (core.warning in the Action, the logger in the App). */
export type WarnLog = (message: string) => void;

const GuardrailsOctokit = Octokit.plugin(retry, throttling);

const RETRIES = 3;
// plugin-retry waits base * n² before retry n: 1 + 4 + 9 = 14 bases for three retries.
const RETRY_WAIT_UNITS = 14;

export interface ClientOptions {
  token: string;
  baseUrl: string;
  limits?: Partial<ApiLimits>;
  warn?: WarnLog;
}

/**
 * Octokit with retries for 5xx and dropped connections and with GitHub's rate-limit handling,
 * every wait bounded: rate limits are waited out only while the wait fits the remaining
 * budget, so a step never hangs; past the budget the call fails with GitHub's message.
 */
export function createGitHubClient(options: ClientOptions): InstanceType<typeof GuardrailsOctokit> {
  const limits = { ...DEFAULT_API_LIMITS, ...options.limits };
  const warn = options.warn ?? (() => {});
  const budgetFor = new WeakMap<object, { spentMs: number }>();
  const mayWait = (retryAfterSeconds: number, request: object, retryCount: number, what: string): boolean => {
    const budget = budgetFor.get(request) ?? { spentMs: 0 };
    budgetFor.set(request, budget);
    const waitMs = retryAfterSeconds * 1000;
    if (retryCount >= RETRIES || budget.spentMs + waitMs > limits.maxWaitMs) {
      warn(`GitHub ${what}: not waiting ${retryAfterSeconds}s more (limit ${Math.round(limits.maxWaitMs / 1000)}s per call)`);
      return false;
    }
    budget.spentMs += waitMs;
    warn(`GitHub ${what}: waiting ${retryAfterSeconds}s before retrying`);
    return true;
  };
  const client = new GuardrailsOctokit({
    auth: options.token,
    baseUrl: options.baseUrl,
    userAgent: `ml-guardrails/${VERSION}`,
    request: { fetch: fetchWithTimeout(limits.requestTimeoutMs) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: { retries: RETRIES, retryAfterBaseValue: Math.min(1000, Math.floor(limits.maxWaitMs / RETRY_WAIT_UNITS)) },
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs }),
      // Requests that notify people (a new comment) are spaced three times as far, as plugin-throttling does.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs * 3 }),
      onRateLimit: (after, request, _octokit, count) => mayWait(after, request, count, 'rate limit exhausted'),
      onSecondaryRateLimit: (after, request, _octokit, count) => mayWait(after, request, count, 'secondary rate limit'),
    },
  });
  // plugin-retry counts retries on `options.request`, which Octokit shares between calls: without
  // a fresh copy per call, every failed call would make the next one's back-off longer.
  client.hook.before('request', (options) => {
    options.request = { ...options.request, retryCount: 0 };
  });
  return client;
}

/** Abandons one HTTP attempt after `ms`, so a connection that never answers cannot hang the step. */
function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}
