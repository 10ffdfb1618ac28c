// A self-hosted runner behind a proxy: the Action's client is @actions/github's, which routes
// through the runner's http(s)_proxy with no code of ours. The API is given a name only the proxy
// can reach, so a request that bypassed the proxy would fail to resolve it.
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useActionWorld } from './action-fixture.js';

const world = useActionWorld();
const API_HOST = 'api.ghe-behind-proxy.test';

interface RecordingProxy {
  url: string;
  /** "CONNECT host:port" for tunnels, "METHOD absolute-url" for plain forwarded requests. */
  seen: string[];
  close(): Promise<void>;
}

/** A tiny HTTP proxy that sends every request for API_HOST to the stand-in, and records it. */
async function startRecordingProxy(standinPort: number): Promise<RecordingProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const upstream = httpRequest(
      { host: '127.0.0.1', port: standinPort, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    seen.push(`CONNECT ${req.url}`);
    const upstream = connect(standinPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('the Action on a runner behind a proxy', () => {
  it('sends its API requests through the runner’s http_proxy, to the GITHUB_API_URL it is given', async () => {
    const w = world();
    const standinPort = Number(new URL(w.gh.apiUrl).port);
    proxy = await startRecordingProxy(standinPort);
    const apiUrl = `http://${API_HOST}:${standinPort}`;
    const result = await w.run('pull_request.opened', {
      // The bundle as a runner runs it: @actions/github reads the proxy settings when it loads.
      bundle: true,
      // git talks to the stand-in directly (its clone URL is loopback), as no_proxy lets it.
      env: { GITHUB_API_URL: apiUrl, http_proxy: proxy.url, no_proxy: '127.0.0.1' },
    });
    expect(result.stderr).not.toContain('ENOTFOUND');
    expect(w.gh.state.checkRuns).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'failure' })]);
    expect(w.gh.state.comments).toHaveLength(1);
    expect(proxy.seen.length).toBeGreaterThan(0);
    for (const line of proxy.seen) expect(line).toMatch(new RegExp(`^(CONNECT ${API_HOST}:${standinPort}|\\w+ ${apiUrl}/)`));
  });
});
