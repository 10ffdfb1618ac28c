import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { OWNER, REPO, useStandin } from './fixture.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('stand-in faults', () => {
  const standin = useStandin();
  const repoUrl = () => `${standin().apiUrl}/repos/${OWNER}/${REPO}`;
  const auth = () => ({ authorization: `token ${standin().createInstallationToken()}` });

  it('answers 500, 502 and 503 for the next requests only, then recovers', async () => {
    const gh = standin();
    gh.faults.inject('GET /repos/{owner}/{repo}', { kind: 'status', status: 502 }, { times: 1 });
    gh.faults.inject('repos/get', { kind: 'status', status: 503 }, { times: 1 });
    gh.faults.inject(`GET /repos/${OWNER}/${REPO}`, { kind: 'status', status: 500 }, { times: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fetch(repoUrl(), { headers: auth() })).status);
    expect(statuses).toEqual([502, 503, 500, 200]);
    expect(gh.log.map((e) => e.fault)).toEqual(['status', 'status', 'status', undefined]);
  });

  it('lets plugin-retry recover from a transient 500', async () => {
    const gh = standin();
    gh.faults.inject('repos/get', { kind: 'status', status: 500 }, { times: 2 });
    const RetryingOctokit = Octokit.plugin(retry);
    const octokit = new RetryingOctokit({
      auth: gh.createInstallationToken(),
      baseUrl: gh.apiUrl,
      log: quiet,
      retry: { retryAfterBaseValue: 1 },
    });
    expect((await octokit.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    expect(gh.log.filter((e) => e.operationId === 'repos/get').map((e) => e.status)).toEqual([500, 500, 200]);
  });

  it('signals a secondary rate limit with retry-after, as plugin-throttling expects', async () => {
    const gh = standin();
    gh.faults.inject('*', { kind: 'secondary-rate-limit', retryAfter: 7 }, { times: 1 });
    const res = await fetch(repoUrl(), { headers: auth() });
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { message: string }).message).toMatch(/^You have exceeded a secondary rate limit/);

    gh.faults.inject('repos/get', { kind: 'secondary-rate-limit', retryAfter: 2 }, { times: 1 });
    const seen: number[] = [];
    const ThrottledOctokit = Octokit.plugin(throttling);
    const octokit = new ThrottledOctokit({
      auth: gh.createInstallationToken(),
      baseUrl: gh.apiUrl,
      log: quiet,
      // Retry-after is in seconds; a 1 ms base keeps the test fast while still honouring it.
      throttle: {
        retryAfterBaseValue: 1,
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return seen.length === 1;
        },
      },
    });
    expect((await octokit.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    expect(seen).toEqual([2]);
  });

  it('answers 429 and an exhausted primary rate limit with GitHub headers', async () => {
    const gh = standin();
    gh.faults.inject('repos/get', { kind: 'too-many-requests', retryAfter: 3 }, { times: 1 });
    const tooMany = await fetch(repoUrl(), { headers: auth() });
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers.get('retry-after')).toBe('3');

    gh.faults.inject('repos/get', { kind: 'rate-limit-exhausted', resetInSeconds: 120 }, { times: 1 });
    const exhausted = await fetch(repoUrl(), { headers: auth() });
    expect(exhausted.status).toBe(403);
    expect(exhausted.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(exhausted.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000 + 100);
    expect(((await exhausted.json()) as { message: string }).message).toMatch(/^API rate limit exceeded for installation ID \d+\./);
  });

  it('delays an answer and drops a connection on demand', async () => {
    const gh = standin();
    gh.faults.inject((req) => req.operationId === 'repos/get', { kind: 'delay', ms: 150 }, { times: 1 });
    const started = performance.now();
    expect((await fetch(repoUrl(), { headers: auth() })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    gh.faults.inject('repos/get', { kind: 'drop-connection' }, { times: 1 });
    await expect(fetch(repoUrl(), { headers: auth() })).rejects.toThrow(/fetch failed/);
    const octokit = new Octokit({ auth: gh.createInstallationToken(), baseUrl: gh.apiUrl, log: quiet });
    gh.faults.inject('repos/get', { kind: 'drop-connection' }, { times: 1 });
    await expect(octokit.repos.get({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 500, name: 'HttpError' });
    expect(gh.log.filter((e) => e.fault === 'drop-connection').map((e) => e.status)).toEqual([0, 0]);
  });

  it('sends realistic rate-limit and request-id headers on every response', async () => {
    const gh = standin();
    const first = await fetch(repoUrl(), { headers: auth() });
    expect(first.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{8}:[0-9A-F]{8}$/);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const anonymous = await fetch(repoUrl());
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('60');
    expect(gh.log.at(-1)).toMatchObject({ method: 'GET', path: `/repos/${OWNER}/${REPO}`, status: 404, operationId: 'repos/get' });
  });
});
