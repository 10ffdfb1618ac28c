// How both doors' clients treat GitHub's failures and limits: retries, rate-limit waits within a
// budget, write spacing and a per-attempt timeout. Door-neutral: the Action applies it to
// @actions/github's client, the App to Probot's; neither door's package is imported here.
import Bottleneck from 'bottleneck/light.js';

/** How long a client may wait out failures, per API call. */
export interface ApiLimits {
  /** Total time one call may spend waiting for retries and rate limits before it gives up. */
  maxWaitMs: number;
  /** One HTTP attempt that takes longer than this is abandoned (and retried while time is left). */
  requestTimeoutMs: number;
  /** GitHub asks integrations to space content-creating requests about a second apart. */
  writeSpacingMs: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = { maxWaitMs: 120_000, requestTimeoutMs: 30_000, writeSpacingMs: 1000 };

/** Warnings about waits go to the door's log (core.warning in the Action, the logger in the App). */
export type WarnLog = (message: string) => void;

const RETRIES = 3;
// plugin-retry waits base * n² before retry n: 1 + 4 + 9 = 14 bases for three retries.
const RETRY_WAIT_UNITS = 14;

type RateLimitHandler = (retryAfterSeconds: number, request: object, octokit: unknown, retryCount: number) => boolean;

/** The `retry` and `throttle` options for @octokit/plugin-retry and @octokit/plugin-throttling. */
export interface ApiPolicyOptions {
  retry: { retries: number; retryAfterBaseValue: number };
  throttle: {
    write: Bottleneck.Group;
    notifications: Bottleneck.Group;
    onRateLimit: RateLimitHandler;
    onSecondaryRateLimit: RateLimitHandler;
  };
}

/**
 * 5xx and dropped connections are retried three times; a rate limit is waited out only while the
 * wait fits `maxWaitMs` for that call, so a step or a webhook's evaluation never hangs on a long
 * Retry-After: past the budget the call fails with GitHub's message. The spacing groups are
 * shared by every client built with these options (one App serves many installations).
 */
export function apiPolicyOptions(limits: ApiLimits, warn: WarnLog = () => {}): ApiPolicyOptions {
  const spentFor = new WeakMap<object, number>();
  const mayWait =
    (what: string): RateLimitHandler =>
    (retryAfterSeconds, request, _octokit, retryCount) => {
      const spentMs = spentFor.get(request) ?? 0;
      const waitMs = retryAfterSeconds * 1000;
      if (retryCount >= RETRIES || spentMs + waitMs > limits.maxWaitMs) {
        warn(`GitHub ${what}: not waiting ${retryAfterSeconds}s more (limit ${Math.round(limits.maxWaitMs / 1000)}s per call)`);
        return false;
      }
      spentFor.set(request, spentMs + waitMs);
      warn(`GitHub ${what}: waiting ${retryAfterSeconds}s before retrying`);
      return true;
    };
  return {
    retry: { retries: RETRIES, retryAfterBaseValue: Math.min(1000, Math.max(10, Math.floor(limits.maxWaitMs / RETRY_WAIT_UNITS))) },
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs }),
      // Requests that notify people (a new comment) are spaced three times as far, as plugin-throttling does.
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs * 3 }),
      onRateLimit: mayWait('rate limit exhausted'),
      onSecondaryRateLimit: mayWait('secondary rate limit'),
    },
  };
}

/**
 * Abandons one HTTP attempt after `ms`, so a connection that never answers cannot hang the call.
 * It wraps the door's fetch rather than replacing it: the Action's is proxy-aware.
 */
export function fetchWithTimeout(ms: number, inner: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return inner(input, { ...init, signal });
  };
}

interface RequestHooks {
  hook: { before(name: 'request', hook: (options: { request?: object }) => void): void };
}

/**
 * An Octokit plugin: plugin-retry counts retries on `options.request`, which Octokit shares between
 * calls; without a fresh count per call, every failed call would make the next one's back-off longer.
 */
export function freshRetryCount(octokit: RequestHooks): void {
  octokit.hook.before('request', (options) => {
    options.request = { ...options.request, retryCount: 0 };
  });
}
