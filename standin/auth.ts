// Authentication as GitHub does it: RS256 app JWTs for /app endpoints, `ghs_` tokens scoped
// to repositories and permissions for everything else, and GitHub's status codes and
// messages when either is wrong.
import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import type { Permissions, RepoRecord } from './state.js';

export interface RateBucket {
  limit: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
  resource: string;
}

export interface TokenGrant {
  token: string;
  kind: 'installation' | 'workflow';
  /** Full names (owner/name) the token may use, or every repository of the installation. */
  repositories: string[] | 'all';
  permissions: Permissions;
  expiresAt: number;
  actor: string;
  rate: RateBucket;
}

export type AuthResult = { ok: true; actor: string; rate: RateBucket; grant?: TokenGrant } | { ok: false; status: number; message: string };

export function newRateBucket(limit: number, resource = 'core'): RateBucket {
  return { limit, used: 0, reset: Math.floor(Date.now() / 1000) + 3600, resource };
}

/** GitHub's installation and Actions tokens: `ghs_` and 36 alphanumerics. */
export function generateToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `ghs_${[...randomBytes(36)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const NOT_DECODED = 'A JSON web token could not be decoded';

/** Verifies an app JWT the way GitHub documents it: RS256, `iss` = app id, exp at most 10 min ahead. */
export function verifyAppJwt(
  jwt: string,
  publicKey: KeyObject,
  appId: number,
  clientId: string,
  nowMs = Date.now(),
): { ok: true } | { ok: false; message: string } {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return { ok: false, message: NOT_DECODED };
  const header = decodePart(h);
  const claims = decodePart(p);
  if (!header || !claims || header.alg !== 'RS256') return { ok: false, message: NOT_DECODED };
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))) return { ok: false, message: NOT_DECODED };
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) {
    return {
      ok: false,
      message: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  }
  if (claims.exp > now + 600) return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  if (typeof claims.iat !== 'number' || claims.iat > now + 60) {
    return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued" };
  }
  // GitHub accepts the numeric app id or the app's client id as issuer.
  if (String(claims.iss) !== String(appId) && claims.iss !== clientId)
    return { ok: false, message: "'Issuer' claim ('iss') must be an Integer" };
  return { ok: true };
}

export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(privateKeyPem);
}

/** `[permission, level]` pairs of which any one suffices; `jwt` means app authentication. */
type Requirement = 'jwt' | [string, 'read' | 'write'][];

const REQUIREMENTS: Record<string, Requirement> = {
  'apps/get-authenticated': 'jwt',
  'apps/list-installations': 'jwt',
  'apps/get-installation': 'jwt',
  'apps/create-installation-access-token': 'jwt',
  'apps/get-repo-installation': 'jwt',
  'repos/get': [['metadata', 'read']],
  'pulls/get': [['pull_requests', 'read']],
  'pulls/list-files': [['pull_requests', 'read']],
  'checks/create': [['checks', 'write']],
  'checks/update': [['checks', 'write']],
  'checks/get': [['checks', 'read']],
  'checks/list-for-ref': [['checks', 'read']],
  'checks/list-suites-for-ref': [['checks', 'read']],
  'checks/rerequest-suite': [['checks', 'write']],
  'issues/list-comments': [
    ['issues', 'read'],
    ['pull_requests', 'read'],
  ],
  'issues/create-comment': [
    ['issues', 'write'],
    ['pull_requests', 'write'],
  ],
  'issues/update-comment': [
    ['issues', 'write'],
    ['pull_requests', 'write'],
  ],
  'issues/delete-comment': [
    ['issues', 'write'],
    ['pull_requests', 'write'],
  ],
  'repos/get-collaborator-permission-level': [['metadata', 'read']],
  'repos/get-content': [['contents', 'read']],
  'repos/get-commit': [['contents', 'read']],
  'repos/compare-commits-with-basehead': [['contents', 'read']],
  'repos/create-commit-status': [['statuses', 'write']],
  'repos/create-deployment': [['deployments', 'write']],
  'repos/list-deployments': [['deployments', 'read']],
  'repos/create-deployment-status': [['deployments', 'write']],
  'repos/list-deployment-statuses': [['deployments', 'read']],
  'actions/create-workflow-dispatch': [['actions', 'write']],
  'repos/create-dispatch-event': [['contents', 'write']],
  'git/upload-pack': [['contents', 'read']],
  'git/receive-pack': [['contents', 'write']],
};

export function requiresJwt(operationId: string): boolean {
  return REQUIREMENTS[operationId] === 'jwt';
}

export function isWriteOperation(operationId: string): boolean {
  const req = REQUIREMENTS[operationId];
  return Array.isArray(req) && req.every(([, level]) => level === 'write');
}

function grants(permissions: Permissions, [name, level]: [string, 'read' | 'write']): boolean {
  const held = permissions[name];
  // metadata:read comes with every installation and every Actions token.
  if (name === 'metadata') return true;
  return held === 'write' || (held === 'read' && level === 'read');
}

/** Decides whether a token may run an operation on a repository (undefined: no such repository). */
export function authorizeToken(grant: TokenGrant, operationId: string, repo: RepoRecord | undefined): AuthResult {
  if (!repo) return { ok: false, status: 404, message: 'Not Found' };
  const inScope =
    repo.installed && (grant.repositories === 'all' || grant.repositories.some((r) => r.toLowerCase() === repo.fullName.toLowerCase()));
  const write = isWriteOperation(operationId);
  if (!inScope) {
    // Out of scope, a private repository does not exist for the token; a public one is read-only.
    if (repo.private) return { ok: false, status: 404, message: 'Not Found' };
    if (write) return { ok: false, status: 403, message: 'Resource not accessible by integration' };
    return { ok: true, actor: grant.actor, rate: grant.rate, grant };
  }
  const req = REQUIREMENTS[operationId];
  if (Array.isArray(req) && !req.some((r) => grants(grant.permissions, r))) {
    return { ok: false, status: 403, message: 'Resource not accessible by integration' };
  }
  return { ok: true, actor: grant.actor, rate: grant.rate, grant };
}

export type Credentials = { kind: 'none' } | { kind: 'jwt'; value: string } | { kind: 'token'; value: string };

/** Reads `Authorization: token X`, `Bearer X` or HTTP Basic (`x-access-token:X`, as git sends it). */
export function readCredentials(header: string | undefined): Credentials {
  if (!header) return { kind: 'none' };
  const [scheme = '', value = ''] = header.trim().split(/\s+/, 2);
  const lower = scheme.toLowerCase();
  if (lower === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return password ? { kind: 'token', value: password } : { kind: 'none' };
  }
  if (lower !== 'token' && lower !== 'bearer') return { kind: 'token', value: header };
  return value.split('.').length === 3 && value.startsWith('eyJ') ? { kind: 'jwt', value } : { kind: 'token', value };
}
