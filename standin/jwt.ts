// Signs app JWTs the way @octokit/auth-app does, for tests that call /app endpoints directly
// or want a deliberately broken token (expired, too long-lived, wrong issuer).
import { sign } from 'node:crypto';

export interface AppJwtOptions {
  /** Seconds since epoch; default 30 s ago, as auth-app backdates for clock drift. */
  iat?: number;
  /** Seconds since epoch; default iat + 10 minutes. */
  exp?: number;
  iss?: number | string;
}

export function signAppJwt(privateKeyPem: string, appId: number, opts: AppJwtOptions = {}): string {
  const iat = opts.iat ?? Math.floor(Date.now() / 1000) - 30;
  const claims = { iat, exp: opts.exp ?? iat + 600, iss: opts.iss ?? appId };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const data = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${data}.${sign('RSA-SHA256', Buffer.from(data), privateKeyPem).toString('base64url')}`;
}
