// The Action's GitHub client: @actions/github's, which routes through the runner's proxy
// (https_proxy, no_proxy) and defaults to GITHUB_API_URL (GitHub Enterprise Server), with the
// project's retry, rate-limit and timeout policy on top.
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import {
  type ApiLimits,
  apiPolicyOptions,
  DEFAULT_API_LIMITS,
  fetchWithTimeout,
  freshRetryCount,
  type WarnLog,
} from '../github/api-policy.js';
import type { GitHubClient } from '../github/octokit.js';
import { VERSION } from '../version.js';

export interface ActionClientOptions {
  token: string;
  /** The API's URL; by default @actions/github's, from GITHUB_API_URL. */
  baseUrl?: string | undefined;
  limits?: Partial<ApiLimits> | undefined;
  warn?: WarnLog | undefined;
}

export function createActionClient(options: ActionClientOptions): GitHubClient {
  const limits = { ...DEFAULT_API_LIMITS, ...options.limits };
  // Octokit merges options shallowly: `request` replaces @actions/github's own, so its proxy-aware
  // fetch (and agent) are carried over here and wrapped, never dropped.
  const proxyFetch = (defaults.request?.fetch as typeof fetch | undefined) ?? fetch;
  return getOctokit(
    options.token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      userAgent: `ml-guardrails/${VERSION}`,
      request: { ...defaults.request, fetch: fetchWithTimeout(limits.requestTimeoutMs, proxyFetch) },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      ...apiPolicyOptions(limits, options.warn),
    },
    retry,
    throttling,
    freshRetryCount,
  );
}

/** Internal knob for tests: "maxWaitMs=1500,requestTimeoutMs=2000,writeSpacingMs=0". */
export function readApiLimits(text: string | undefined): Partial<ApiLimits> | undefined {
  if (!text) return undefined;
  const limits: Partial<ApiLimits> = {};
  for (const pair of text.split(',')) {
    const [key = '', value = ''] = pair.split('=').map((s) => s.trim());
    if ((key === 'maxWaitMs' || key === 'requestTimeoutMs' || key === 'writeSpacingMs') && /^\d+$/.test(value)) limits[key] = Number(value);
  }
  return limits;
}
