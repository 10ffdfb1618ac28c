// Faults injected on demand, per route, for the next N requests or until cleared. The bodies
// and headers copy what GitHub sends, because clients (plugin-throttling, plugin-retry)
// recognise rate limits by exactly those.
import { compileTemplate } from './router.js';

export type Fault =
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'secondary-rate-limit'; retryAfter?: number }
  | { kind: 'too-many-requests'; retryAfter?: number }
  | { kind: 'rate-limit-exhausted'; resetInSeconds?: number }
  | { kind: 'delay'; ms: number }
  /**
   * Holds each matching request until `count` of them have arrived (or `timeoutMs` passed), then
   * lets them all through together: a race made certain instead of likely.
   */
  | { kind: 'barrier'; count: number; timeoutMs?: number }
  | { kind: 'drop-connection' };

export interface FaultRequest {
  method: string;
  path: string;
  /** The matched path template, e.g. /repos/{owner}/{repo}/check-runs; undefined when unrouted. */
  template?: string;
  operationId?: string;
}

/**
 * `"POST /repos/{owner}/{repo}/check-runs"` (a template or a concrete path), an operationId
 * such as `"checks/create"`, `"*"` for everything, or a predicate.
 */
export type RouteMatcher = string | ((request: FaultRequest) => boolean);

interface Injection {
  matcher: RouteMatcher;
  fault: Fault;
  remaining: number;
  hits: number;
}

function matches(matcher: RouteMatcher, req: FaultRequest): boolean {
  if (typeof matcher === 'function') return matcher(req);
  if (matcher === '*') return true;
  const space = matcher.indexOf(' ');
  if (space < 0) return matcher === req.operationId;
  const method = matcher.slice(0, space).toUpperCase();
  const path = matcher.slice(space + 1);
  if (method !== '*' && method !== req.method.toUpperCase()) return false;
  return path === req.template || compileTemplate(path).regexp.test(req.path);
}

export class FaultInjector {
  private injections: Injection[] = [];
  private readonly barriers = new Map<Fault, { waiting: (() => void)[]; opened: boolean }>();

  /** For a `barrier` fault: resolves when `count` requests wait at it (or after its timeout). */
  waitAtBarrier(fault: Extract<Fault, { kind: 'barrier' }>): Promise<void> {
    let barrier = this.barriers.get(fault);
    if (barrier === undefined) {
      barrier = { waiting: [], opened: false };
      this.barriers.set(fault, barrier);
    }
    const state = barrier;
    if (state.opened) return Promise.resolve();
    return new Promise((resolve) => {
      state.waiting.push(resolve);
      const open = () => {
        state.opened = true;
        for (const release of state.waiting.splice(0)) release();
      };
      if (state.waiting.length >= fault.count) open();
      else setTimeout(open, fault.timeoutMs ?? 10_000).unref();
    });
  }

  /** Injects `fault` for the next `times` matching requests (default: every one until cleared). */
  inject(route: RouteMatcher, fault: Fault, opts: { times?: number } = {}): { readonly hits: number; remove(): void } {
    const injection: Injection = { matcher: route, fault, remaining: opts.times ?? Number.POSITIVE_INFINITY, hits: 0 };
    this.injections.push(injection);
    return {
      get hits() {
        return injection.hits;
      },
      remove: () => {
        this.injections = this.injections.filter((i) => i !== injection);
      },
    };
  }

  clear(): void {
    this.injections = [];
  }

  /** Takes the first matching fault, consuming one of its uses. */
  take(req: FaultRequest): Fault | undefined {
    const found = this.injections.find((i) => i.remaining > 0 && matches(i.matcher, req));
    if (!found) return undefined;
    found.remaining -= 1;
    found.hits += 1;
    if (found.remaining <= 0) this.injections = this.injections.filter((i) => i !== found);
    return found.fault;
  }
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The response a status-type fault produces; delay and drop are handled by the server. */
export function renderFault(fault: Fault, who: string, docsUrl: string): FaultResponse | undefined {
  switch (fault.kind) {
    case 'status':
      return {
        status: fault.status,
        headers: {},
        body: { message: fault.message ?? defaultMessage(fault.status), documentation_url: docsUrl, status: String(fault.status) },
      };
    case 'secondary-rate-limit':
      return {
        status: 403,
        headers: { 'retry-after': String(fault.retryAfter ?? 60) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
      };
    case 'too-many-requests':
      return {
        status: 429,
        headers: { 'retry-after': String(fault.retryAfter ?? 60) },
        body: {
          message: 'Too Many Requests',
          documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
          status: '429',
        },
      };
    case 'rate-limit-exhausted':
      return {
        status: 403,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 60)),
        },
        body: {
          message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID.`,
          documentation_url: 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
          status: '403',
        },
      };
    default:
      return undefined;
  }
}

function defaultMessage(status: number): string {
  if (status === 502) return 'Server Error';
  if (status === 503) return 'Service Unavailable';
  return status >= 500 ? 'Server Error' : 'Error';
}
