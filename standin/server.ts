// The HTTP server on 127.0.0.1: git smart-HTTP paths go to git-http-backend, everything else
// is the REST API. One origin serves both, as GITHUB_SERVER_URL and GITHUB_API_URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CompiledRoute, handleApiRequest } from './api-handler.js';
import type { StandinCore } from './core.js';
import { handleGitRequest, matchGitPath } from './git-http.js';
import { handleLfsRequest, matchLfsPath } from './git-lfs.js';

export async function listen(core: StandinCore, routes: CompiledRoute[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (matchLfsPath(url.pathname)) return handleLfsRequest(core, req, res, url);
    if (matchGitPath(url.pathname)) return handleGitRequest(core, req, res, url);
    handleApiRequest(core, routes, req, res, url).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      core.violations.push({
        kind: 'response',
        method: req.method ?? 'GET',
        path: url.pathname,
        status: 500,
        issues: [],
        message: `stand-in crashed: ${message}`,
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Server Error' }));
    });
  });
  // Clients keep connections alive; close() must not wait for them.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
