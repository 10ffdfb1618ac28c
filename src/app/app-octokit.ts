import Bottleneck from 'bottleneck/light.js';
import { ProbotOctokit } from 'probot';
import { VERSION } from '../version.js';

export interface AppOctokitLimits {
  /** Longest wait one call may spend on rate limits before it fails with GitHub's message. */
  maxWaitMs: number;
  /** Spacing between writes (GitHub asks for about a second); comments get three times that. */
  writeSpacingMs: number;
  /** One HTTP attempt that takes longer is abandoned and retried. */
  requestTimeoutMs: number;
}

const RETRIES = 3;

/**
 * Probot's Octokit with the same bounded behaviour as the Action's client (src/github/octokit.ts):
 * 5xx and dropped connections are retried three times; a rate limit is waited out only while the
 * wait fits `maxWaitMs`, so a webhook's evaluation never hangs on a 60-second Retry-After.
 * A function default, because Probot merges its own throttle options over plain defaults.
 */
export function createAppOctokit(limits: AppOctokitLimits): typeof ProbotOctokit {
  const spent = new WeakMap<object, number>();
  const mayWait = (retryAfter: number, request: object, retryCount: number): boolean => {
    const waited = spent.get(request) ?? 0;
    if (retryCount >= RETRIES || waited + retryAfter * 1000 > limits.maxWaitMs) return false;
    spent.set(request, waited + retryAfter * 1000);
    return true;
  };
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs });
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: limits.writeSpacingMs * 3 });
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    userAgent: `ml-guardrails-app/${VERSION}`,
    request: { ...(options.request as object | undefined), fetch: fetchWithTimeout(limits.requestTimeoutMs) },
    retry: { retries: RETRIES, retryAfterBaseValue: Math.min(1000, Math.max(10, Math.floor(limits.maxWaitMs / 14))) },
    throttle: {
      ...(options.throttle as object | undefined),
      write,
      notifications,
      onRateLimit: (after: number, request: object, _octokit: unknown, count: number) => mayWait(after, request, count),
      onSecondaryRateLimit: (after: number, request: object, _octokit: unknown, count: number) => mayWait(after, request, count),
    },
  })) as typeof ProbotOctokit;
}

function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}
