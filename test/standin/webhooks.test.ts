import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER, REPO, useStandin } from './fixture.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/** A tiny receiver that verifies signatures exactly as Probot does (@octokit/webhooks-methods). */
async function startReceiver(secret: () => string): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void verify(secret(), body, String(req.headers['x-hub-signature-256'])).then((verified) => {
        received.push({ headers: req.headers, body, verified });
        res.writeHead(verified ? 200 : 400).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/github/webhooks`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('stand-in webhooks', () => {
  const standin = useStandin();
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('delivers a signed pull_request.opened that the receiver verifies, fitted to the repository', async () => {
    const gh = standin();
    const receiver = await startReceiver(() => gh.webhookSecret);
    close = receiver.close;
    const sha = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'x.txt': 'x\n' } });
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature', title: 'Retrain' });
    const delivery = await gh.sendWebhook('pull_request.opened', { targetUrl: receiver.url });
    expect(delivery.status).toBe(200);
    const [got] = receiver.received;
    expect(got?.verified).toBe(true);
    expect(got?.headers).toMatchObject({
      'x-github-event': 'pull_request',
      'x-github-delivery': delivery.deliveryId,
      'x-github-hook-installation-target-type': 'integration',
      'x-github-hook-installation-target-id': String(gh.appId),
      'content-type': 'application/json',
    });
    expect(got?.headers['user-agent']).toMatch(/^GitHub-Hookshot\//);
    expect(got?.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    const payload = JSON.parse(got?.body ?? '{}') as {
      repository: { full_name: string };
      pull_request: { head: { sha: string }; base: { ref: string } };
    };
    expect(payload).toMatchObject({ action: 'opened', number: pr.number, installation: { id: gh.installationId } });
    expect(payload.repository.full_name).toBe(`${OWNER}/${REPO}`);
    expect(payload.pull_request.head).toMatchObject({ sha, ref: 'feature' });
    expect(payload.pull_request.base.ref).toBe('main');
  });

  it('fails verification when signed with another secret', async () => {
    const gh = standin();
    const receiver = await startReceiver(() => 'not-the-secret');
    close = receiver.close;
    await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'x.txt': 'x\n' } });
    gh.addPullRequest({ repo: REPO, head: 'feature' });
    expect((await gh.sendWebhook('pull_request.synchronize', { targetUrl: receiver.url })).status).toBe(400);
  });

  it('builds issue_comment, check_run and push payloads from the stand-in state', async () => {
    const gh = standin();
    const receiver = await startReceiver(() => gh.webhookSecret);
    close = receiver.close;
    const sha = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'x.txt': 'x\n' } });
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature' });
    const comment = await gh.sendWebhook('issue_comment.created', {
      targetUrl: receiver.url,
      commentBody: '/guardrails rerun',
      sender: 'alice',
    });
    expect(comment.payload).toMatchObject({
      issue: { number: pr.number },
      comment: { body: '/guardrails rerun', user: { login: 'alice' } },
    });
    const run = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${gh.createInstallationToken()}` },
      body: JSON.stringify({ name: 'guardrails', head_sha: sha, conclusion: 'failure', output: { title: 't', summary: 's' } }),
    });
    const runId = ((await run.json()) as { id: number }).id;
    const rerun = await gh.sendWebhook('check_run.rerequested', { targetUrl: receiver.url });
    expect(rerun.payload).toMatchObject({
      action: 'rerequested',
      check_run: { id: runId, head_sha: sha, check_suite: { head_branch: 'feature' } },
    });
    const push = await gh.sendWebhook('push', { targetUrl: receiver.url, ref: 'feature' });
    expect(push.payload).toMatchObject({ ref: 'refs/heads/feature', after: sha });
    expect(receiver.received.map((r) => [r.headers['x-github-event'], r.verified])).toEqual([
      ['issue_comment', true],
      ['check_run', true],
      ['push', true],
    ]);
  });
});
