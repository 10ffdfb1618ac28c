import { ProbotOctokit } from 'probot';
import { apiPolicyOptions, fetchWithTimeout, freshRetryCount, type WarnLog } from '../github/api-policy.js';
import { VERSION } from '../version.js';

export interface AppOctokitLimits {
  /** Longest wait one call may spend on rate limits before it fails with GitHub's message. */
  maxWaitMs: number;
  /** Spacing between writes (GitHub asks for about a second); comments get three times that. */
  writeSpacingMs: number;
  /** One HTTP attempt that takes longer is abandoned and retried. */
  requestTimeoutMs: number;
}

/**
 * Probot's Octokit (which already has the retry and throttling plugins) with the same bounded
 * policy as the Action's client (src/github/api-policy.ts), a fresh retry count per call included. The spacing groups are made once
 * here, so every installation's client shares them. A function default, because Probot merges
 * its own throttle options over plain defaults.
 */
export function createAppOctokit(limits: AppOctokitLimits, warn?: WarnLog): typeof ProbotOctokit {
  const policy = apiPolicyOptions(limits, warn);
  return ProbotOctokit.plugin(freshRetryCount).defaults((options: Record<string, unknown>) => {
    const request = options.request as { fetch?: typeof fetch } | undefined;
    return {
      ...options,
      userAgent: `ml-guardrails-app/${VERSION}`,
      request: { ...request, fetch: fetchWithTimeout(limits.requestTimeoutMs, request?.fetch) },
      retry: policy.retry,
      throttle: { ...(options.throttle as object | undefined), ...policy.throttle },
    };
  }) as typeof ProbotOctokit;
}
