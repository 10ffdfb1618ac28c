// Smart HTTP git, served by git's own `git http-backend` as a CGI child process, behind the
// same token check as the REST API: clients clone exactly as from github.com with
// http://x-access-token:TOKEN@host/owner/repo.git.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { authorizeToken, readCredentials } from './auth.js';
import type { StandinCore } from './core.js';

const GIT_PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+)$/;

export function matchGitPath(pathname: string): { owner: string; name: string; rest: string } | undefined {
  const m = GIT_PATH.exec(pathname);
  return m ? { owner: m[1] ?? '', name: m[2] ?? '', rest: m[3] ?? '' } : undefined;
}

let backend: string | undefined;
/** Where `git-http-backend` lives differs between distributions; ask git. */
function findBackend(): string {
  if (!backend) {
    const execPath = execFileSync('git', ['--exec-path']).toString().trim();
    backend = join(execPath, 'git-http-backend');
    if (!existsSync(backend)) throw new Error(`git-http-backend not found in ${execPath}`);
  }
  return backend;
}

function deny(res: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="GitHub"';
  res.writeHead(status, headers);
  res.end(`${message}\n`);
}

/** Decides access; returns the acting login or answers the request itself and returns undefined. */
export function authorizeGit(
  core: StandinCore,
  req: IncomingMessage,
  res: ServerResponse,
  owner: string,
  name: string,
  push: boolean,
): string | undefined {
  const repo = core.state.findRepo(owner, name);
  const creds = readCredentials(req.headers.authorization);
  if (creds.kind === 'none') {
    if (repo && !repo.private && !push) return 'anonymous';
    deny(res, 401, 'Authentication required');
    return undefined;
  }
  const grant = creds.kind === 'token' ? core.tokens.get(creds.value) : undefined;
  if (!grant || grant.expiresAt <= Date.now()) {
    deny(res, 401, 'Invalid username or token. Password authentication is not supported for Git operations.');
    return undefined;
  }
  const verdict = authorizeToken(grant, push ? 'git/receive-pack' : 'git/upload-pack', repo);
  if (verdict.ok) return verdict.actor;
  deny(
    res,
    verdict.status,
    verdict.status === 404 ? 'Repository not found.' : `Permission to ${owner}/${name}.git denied to ${grant.actor}.`,
  );
  return undefined;
}

/**
 * Faults apply to git as to the API (`git/upload-pack`, `git/receive-pack`): a `delay` holds the
 * request before git answers, as a slow or stuck server would, so clients' cancellation and
 * timeouts can be tested.
 */
export function handleGitRequest(core: StandinCore, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const push = url.pathname.endsWith('/git-receive-pack') || url.searchParams.get('service') === 'git-receive-pack';
  const fault = core.faults.take({
    method: req.method ?? 'GET',
    path: url.pathname,
    operationId: push ? 'git/receive-pack' : 'git/upload-pack',
  });
  if (fault?.kind === 'delay') {
    req.pause();
    setTimeout(() => serveGitRequest(core, req, res, url), fault.ms).unref();
    return;
  }
  serveGitRequest(core, req, res, url);
}

/** Records a git or LFS request in the stand-in's log once its response is sent. */
export function logWhenFinished(
  core: StandinCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  operationId: string,
  started = performance.now(),
): void {
  res.on('finish', () => {
    core.log.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status: res.statusCode,
      operationId,
      startedAt: Date.now(),
      durationMs: performance.now() - started,
    });
  });
}

function serveGitRequest(core: StandinCore, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const started = performance.now();
  const match = matchGitPath(url.pathname);
  if (!match) {
    deny(res, 404, 'Not Found');
    return;
  }
  const push = match.rest === 'git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
  const operationId = push ? 'git/receive-pack' : 'git/upload-pack';
  logWhenFinished(core, req, res, url, operationId, started);
  const actor = authorizeGit(core, req, res, match.owner, match.name, push);
  const repo = core.state.findRepo(match.owner, match.name);
  if (!actor || !repo) {
    if (actor) deny(res, 404, 'Repository not found.');
    req.resume();
    return;
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const child = spawn(findBackend(), [], {
    env: {
      PATH: process.env.PATH ?? '',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      // As on GitHub: partial clones (--filter=blob:none) and fetching a blob by id.
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'uploadpack.allowFilter',
      GIT_CONFIG_VALUE_0: 'true',
      GIT_CONFIG_KEY_1: 'uploadpack.allowAnySHA1InWant',
      GIT_CONFIG_VALUE_1: 'true',
      GIT_PROJECT_ROOT: core.reposRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo.owner}/${repo.name}.git/${match.rest}`,
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: header('content-type'),
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: header('content-length') } : {}),
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      // Protocol v2 is negotiated through this header; http-backend passes it on to upload-pack.
      HTTP_GIT_PROTOCOL: header('git-protocol'),
      GIT_PROTOCOL: header('git-protocol'),
      // http-backend enables receive-pack only for an authenticated REMOTE_USER.
      REMOTE_USER: actor,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  let buffered = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    buffered = Buffer.concat([buffered, chunk]);
    const end =
      buffered.indexOf('\r\n\r\n') >= 0
        ? buffered.indexOf('\r\n\r\n') + 4
        : buffered.indexOf('\n\n') >= 0
          ? buffered.indexOf('\n\n') + 2
          : -1;
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of buffered.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'status') status = Number.parseInt(value, 10) || 200;
      else headers[key] = value;
    }
    res.writeHead(status, headers);
    res.write(buffered.subarray(end));
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on('close', (code) => {
    if (!headersDone) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`git http-backend failed (${code}): ${stderr}`);
    } else {
      res.end();
    }
  });
  child.on('error', (error) => {
    if (!res.headersSent) deny(res, 500, error.message);
  });
}
