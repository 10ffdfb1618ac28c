// The state shared by the server, the route handlers and the public API of one stand-in.
import type { KeyObject } from 'node:crypto';
import { generateToken, newRateBucket, type RateBucket, type TokenGrant } from './auth.js';
import type { FaultInjector } from './faults.js';
import type { ObjectContext } from './objects-core.js';
import type { SchemaIssue } from './openapi-validator.js';
import type { Permissions, RepoRecord, StandinState } from './state.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  operationId?: string;
  startedAt: number;
  durationMs: number;
  fault?: string;
}

export interface Violation {
  kind: 'request' | 'response' | 'route';
  method: string;
  path: string;
  operationId?: string;
  status: number;
  issues: SchemaIssue[];
  message: string;
}

export interface StandinCore {
  state: StandinState;
  objects: ObjectContext;
  tokens: Map<string, TokenGrant>;
  publicKey: Promise<KeyObject>;
  clientId: string;
  reposRoot: string;
  faults: FaultInjector;
  log: RequestLogEntry[];
  violations: Violation[];
  /** Anonymous callers share one bucket, as they would share an IP. */
  anonymousRate: RateBucket;
  jwtRate: RateBucket;
}

export interface TokenOptions {
  /** owner/name or bare names of repositories; default: every installed repository. */
  repositories?: string[];
  permissions?: Permissions;
  /** Lifetime in seconds; GitHub issues one hour. */
  expiresIn?: number;
}

export function fullNames(core: StandinCore, repositories: string[]): string[] {
  return repositories.map((r) => {
    if (r.includes('/')) return r;
    const found = core.state.repos.find((repo) => repo.name.toLowerCase() === r.toLowerCase());
    return found ? found.fullName : `${core.objects.appOwner}/${r}`;
  });
}

export function issueToken(core: StandinCore, kind: TokenGrant['kind'], actor: string, opts: TokenOptions, rateLimit: number): TokenGrant {
  const grant: TokenGrant = {
    token: generateToken(),
    kind,
    repositories: opts.repositories ? fullNames(core, opts.repositories) : 'all',
    permissions: opts.permissions ?? (core.objects.appPermissions as Permissions),
    expiresAt: Date.now() + (opts.expiresIn ?? 3600) * 1000,
    actor,
    rate: newRateBucket(rateLimit),
  };
  core.tokens.set(grant.token, grant);
  return grant;
}

export function installedRepos(core: StandinCore): RepoRecord[] {
  return core.state.repos.filter((r) => r.installed);
}
