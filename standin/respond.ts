// Writes responses with the headers every GitHub REST answer carries, after checking the body
// against the documented schema for that status: a response that breaks the contract is a
// stand-in bug and is recorded as a violation like a bad request would be.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RateBucket } from './auth.js';
import type { StandinCore } from './core.js';
import { validateResponseBody } from './openapi-validator.js';

export interface Outgoing {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function newRequestId(): string {
  const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(4)}:${hex(4)}`;
}

export function rateHeaders(rate: RateBucket): Record<string, string> {
  return {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(Math.max(rate.limit - rate.used, 0)),
    'x-ratelimit-reset': String(rate.reset),
    'x-ratelimit-used': String(rate.used),
    'x-ratelimit-resource': rate.resource,
  };
}

export function errorBody(status: number, message: string, documentationUrl: string, extra: Record<string, unknown> = {}) {
  return { message, documentation_url: documentationUrl, status: String(status), ...extra };
}

export function writeResponse(
  core: StandinCore,
  res: ServerResponse,
  out: Outgoing,
  meta: { method: string; path: string; template?: string; operationId?: string; requestId: string; rate: RateBucket },
): void {
  if (meta.template && out.body !== undefined) {
    const issues = validateResponseBody(meta.method, meta.template, out.status, out.body);
    if (issues === undefined && out.status < 400) {
      core.violations.push({
        kind: 'response',
        method: meta.method,
        path: meta.path,
        operationId: meta.operationId,
        status: out.status,
        issues: [],
        message: `stand-in answered ${out.status}, which ${meta.operationId} does not document`,
      });
    } else if (issues && issues.length > 0) {
      core.violations.push({
        kind: 'response',
        method: meta.method,
        path: meta.path,
        operationId: meta.operationId,
        status: out.status,
        issues,
        message: `stand-in response does not match the ${out.status} schema of ${meta.operationId}`,
      });
    }
  }
  const payload = out.body === undefined ? '' : JSON.stringify(out.body);
  const headers: Record<string, string> = {
    'x-github-request-id': meta.requestId,
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    ...rateHeaders(meta.rate),
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...out.headers,
  };
  res.writeHead(out.status, headers);
  res.end(payload);
}
