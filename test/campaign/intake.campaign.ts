// The App's front door: raw requests to the webhook path, and real deliveries out of order.
// Held when each bad request gets a 4xx without a crash, a log of its body or an evaluation, and
// when the pull request's current head always ends with its own verdict.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AppWorld, startAppWorld } from '../app/app-world.js';

const MARK = 'campaign-body-marker-7c1f';

async function raw(
  w: AppWorld,
  o: {
    body: string | Buffer;
    event?: string;
    sign?: 'ok' | 'wrong' | 'none' | 'sha1' | 'other-body';
    method?: string;
    headers?: Record<string, string>;
  },
) {
  const body = typeof o.body === 'string' ? Buffer.from(o.body) : o.body;
  const sig = (data: Buffer | string, algo = 'sha256') => `${algo}=${createHmac(algo, w.gh.webhookSecret).update(data).digest('hex')}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': o.event ?? 'pull_request',
    'x-github-delivery': crypto.randomUUID(),
    ...o.headers,
  };
  const sign = o.sign ?? 'ok';
  if (sign === 'ok') headers['x-hub-signature-256'] = sig(body);
  if (sign === 'wrong') headers['x-hub-signature-256'] = `sha256=${'0'.repeat(64)}`;
  if (sign === 'sha1') headers['x-hub-signature'] = sig(body, 'sha1');
  if (sign === 'other-body') headers['x-hub-signature-256'] = sig('{}');
  const method = o.method ?? 'POST';
  const response = await fetch(`${w.app.url}/api/github/webhooks`, { method, headers, body: method === 'GET' ? undefined : body });
  return response.status;
}

const pr = (fields: Record<string, unknown>) => JSON.stringify({ action: 'opened', marker: MARK, ...fields });
const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;

const REQUESTS: [string, Parameters<typeof raw>[1], number[]][] = [
  ['no signature', { body: pr({}), sign: 'none' }, [401]],
  ['a wrong signature', { body: pr({}), sign: 'wrong' }, [401]],
  ['only the sha1 signature', { body: pr({}), sign: 'sha1' }, [401]],
  ['the signature of another body', { body: pr({}), sign: 'other-body' }, [401]],
  ['an empty body, signed', { body: '' }, [400]],
  ['a body that is not JSON, signed', { body: `not json ${MARK}` }, [400]],
  ['a JSON list, signed', { body: `["${MARK}"]` }, [400]],
  ['pull_request without pull_request, signed', { body: pr({}) }, [400]],
  [
    'pull_request without a head, signed',
    { body: pr({ pull_request: { number: 1 }, repository: { name: 'models', owner: { login: 'acme' } } }) },
    [400],
  ],
  ['issue_comment without a comment, signed', { body: pr({ action: 'created', issue: { number: 1 } }), event: 'issue_comment' }, [400]],
  ['JSON nested 200,000 deep, signed', { body: deep }, [400, 413]],
  ['30 MB with its length, unsigned', { body: Buffer.alloc(30 * 1024 * 1024, 'a'), sign: 'none' }, [401, 413]],
  ['30 MB with its length, signed', { body: Buffer.alloc(30 * 1024 * 1024, 'a') }, [413]],
  ['a GET', { body: '', method: 'GET' }, [404, 405]],
  ['a PUT, signed', { body: pr({}), method: 'PUT' }, [404, 405]],
  ['an event the App does not handle, signed', { body: JSON.stringify({ action: 'created', marker: MARK }), event: 'star' }, [200, 202]],
];

describe('raw requests to the webhook path', () => {
  it.each(REQUESTS)('%s: refused as it should be; the App stays up and logs no body', async (_name, request, statuses) => {
    const w = await startAppWorld();
    expect(statuses).toContain(await raw(w, request));
    expect((await w.health()).status).toBe('ok');
    await w.idle();
    expect(w.gh.state.checkRuns).toEqual([]);
    expect(w.app.output()).not.toContain(MARK);
    expect(w.app.output()).not.toMatch(/"stack"|\n\s+at /);
  });

  it('a redelivery of the same delivery is one evaluation', async () => {
    const w = await startAppWorld();
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const first = await w.deliver('pull_request.opened');
    await w.idle();
    const again = await fetch(`${w.app.url}/api/github/webhooks`, {
      method: 'POST',
      headers: first.headers,
      body: JSON.stringify(first.payload),
    });
    expect(again.status).toBeLessThan(300);
    await w.idle();
    expect(w.gh.state.checkRuns).toHaveLength(1);
  });
});

const FAILING = { 'metrics/eval.json': '{"accuracy": 0.85}\n' };
const PASSING = { 'metrics/eval.json': '{"accuracy": 0.95}\n' };

/** Three heads on one pull request: h1 passes, h2 passes, h3 (the current one) fails. */
async function threeHeads(w: AppWorld) {
  const h1 = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: PASSING });
  w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
  const opened = await w.gh.webhookPayload('pull_request.opened');
  const h2 = await w.gh.commitFiles({
    repo: 'models',
    branch: 'retrain',
    from: 'refs/heads/retrain',
    files: { ...PASSING, 'notes.txt': 'x\n' },
  });
  const sync2 = await w.gh.webhookPayload('pull_request.synchronize', { before: h1 });
  const h3 = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', from: 'refs/heads/retrain', files: FAILING });
  const late = (payload: Record<string, unknown>) => (p: Record<string, unknown>) => {
    p.pull_request = payload.pull_request;
  };
  return { h1, h2, h3, lateOpened: late(opened), lateSync2: late(sync2) };
}

const ORDERS: [string, (w: AppWorld, t: Awaited<ReturnType<typeof threeHeads>>) => Promise<void>][] = [
  [
    'h3 then a late opened(h1)',
    async (w, t) => {
      await w.deliver('pull_request.synchronize', { before: t.h2 });
      await w.deliver('pull_request.opened', { patch: t.lateOpened });
    },
  ],
  [
    'h3, then late synchronize(h2) and opened(h1)',
    async (w, t) => {
      await w.deliver('pull_request.synchronize', { before: t.h2 });
      await w.deliver('pull_request.synchronize', { before: t.h1, patch: t.lateSync2 });
      await w.deliver('pull_request.opened', { patch: t.lateOpened });
    },
  ],
  [
    'all three at once, newest first',
    async (w, t) => {
      await Promise.all([
        w.deliver('pull_request.synchronize', { before: t.h2 }),
        w.deliver('pull_request.synchronize', { before: t.h1, patch: t.lateSync2 }),
        w.deliver('pull_request.opened', { patch: t.lateOpened }),
      ]);
    },
  ],
  [
    'a late reopened(h1) after h3',
    async (w, t) => {
      await w.deliver('pull_request.synchronize', { before: t.h2 });
      await w.idle();
      await w.deliver('pull_request.reopened', { patch: t.lateOpened });
    },
  ],
  [
    'a late ready_for_review(h1) after h3',
    async (w, t) => {
      await w.deliver('pull_request.synchronize', { before: t.h2 });
      await w.idle();
      await w.deliver('pull_request.ready_for_review', { patch: t.lateOpened });
    },
  ],
  [
    'only the old deliveries arrive (h3 never announced)',
    async (w, t) => {
      await w.deliver('pull_request.opened', { patch: t.lateOpened });
      await w.deliver('pull_request.synchronize', { before: t.h1, patch: t.lateSync2 });
    },
  ],
  [
    'h3 twice at once (a redelivery racing the first)',
    async (w, t) => {
      await Promise.all([w.deliver('pull_request.synchronize', { before: t.h2 }), w.deliver('pull_request.synchronize', { before: t.h2 })]);
    },
  ],
];

describe('deliveries out of order', () => {
  it.each(ORDERS)('%s: the current head ends failing, with one comment that is about it', async (_name, send) => {
    const w = await startAppWorld();
    const t = await threeHeads(w);
    await send(w, t);
    await w.idle();
    const current = w.gh.state.checkRuns.filter((r) => r.headSha === t.h3);
    expect(current.at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    for (const old of [t.h1, t.h2]) {
      for (const run of w.gh.state.checkRuns.filter((r) => r.headSha === old)) expect(run.conclusion).not.toBe('success');
    }
    expect(w.gh.state.comments).toHaveLength(1);
    expect(w.gh.state.comments[0]!.body).toContain('0.85');
    w.gh.assertNoViolations();
  });
});
