// The contract between the server and the route handlers.
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenGrant } from './auth.js';
import type { StandinCore } from './core.js';
import type { HttpMethod } from './served-operations.js';
import type { RepoRecord } from './state.js';

export interface RouteContext {
  core: StandinCore;
  /** Path parameters after validation (integers coerced). */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** The repository named by {owner}/{repo}, when the path has them and it exists. */
  repo: RepoRecord | undefined;
  /** Login that the request acts as, e.g. `my-app[bot]`. */
  actor: string;
  grant?: TokenGrant;
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (c: RouteContext) => Promise<RouteResult> | RouteResult;

export interface RouteDef {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
}

/** A handler that needs {owner}/{repo} gets it non-optional; the server 404s before otherwise. */
export function requireRepo(c: RouteContext): RepoRecord {
  if (!c.repo) throw new Error('route handler needs a repository but the server resolved none');
  return c.repo;
}
