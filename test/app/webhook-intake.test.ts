import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type AppWorld, startAppWorld, waitFor } from './app-world.js';

const MiB = 1024 * 1024;

/** The App process's resident memory, in bytes, as the kernel counts it. */
function rssOf(w: AppWorld): number {
  const status = readFileSync(`/proc/${w.app.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * POSTs `size` bytes of `fill` to the App's webhook path, in 1 MiB writes; with `chunked` no
 * Content-Length is sent; with `gate` the last byte waits for it. The App may answer and close
 * before the body is through: that answer counts.
 */
function post(w: AppWorld, o: { size: number; fill: string; headers: Record<string, string>; chunked?: boolean; gate?: Gate }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const chunk = Buffer.alloc(MiB, o.fill);
    const headers = { 'content-type': 'application/json', ...o.headers, ...(o.chunked ? {} : { 'content-length': String(o.size) }) };
    let answered = false;
    const req = request(`${w.app.url}/api/github/webhooks`, { method: 'POST', headers }, (res) => {
      answered = true;
      o.gate?.arrive();
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString('utf8');
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        // Answered before the whole body was sent (refused): nothing more to send.
        req.destroy();
      });
    });
    // A connection the App closed mid-body is the expected end of a refused upload.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    let sent = 0;
    const last = o.gate === undefined ? o.size : o.size - 1;
    const pump = () => {
      while (sent < last && !req.destroyed && !answered) {
        const part = chunk.subarray(0, Math.min(MiB, last - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      if (req.destroyed || answered) return;
      if (o.gate === undefined) return void req.end();
      o.gate.arrive();
      void o.gate.open.then(() => req.end(chunk.subarray(0, 1)));
    };
    pump();
  });
}

/** Opens once `count` uploads have either sent all but their last byte or been answered. */
interface Gate {
  arrive(): void;
  open: Promise<void>;
}
function gateFor(count: number): Gate {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    arrive: () => {
      arrived += 1;
      if (arrived === count) open();
    },
    open: opened,
  };
}

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const deliveryHeaders = (id: string, signature?: string) => ({
  'x-github-event': 'pull_request',
  'x-github-delivery': id,
  ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
});

describe('the App’s webhook intake (npm start + stand-in)', () => {
  it('refuses bodies over 25 MB with 413 without holding them: three at once, and one without a length', async () => {
    const w = await startAppWorld();
    const before = rssOf(w);
    const plausible = `sha256=${'a'.repeat(64)}`;
    const declared = await Promise.all(
      [1, 2, 3].map((n) => post(w, { size: 30 * MiB, fill: 'x', headers: deliveryHeaders(`big-${n}`, plausible) })),
    );
    expect(declared.map((r) => r.status)).toEqual([413, 413, 413]);
    const streamed = await post(w, { size: 30 * MiB, fill: 'y', headers: deliveryHeaders('big-chunked', plausible), chunked: true });
    expect(streamed.status).toBe(413);
    // Generous: the three declared ones are never read, the streamed one at most 25 MB.
    // Bounded, not exact: beside busy processes the heap grows a little more before a collection
    // (the old intake held every body whole: +635 MiB for three).
    expect(rssOf(w) - before).toBeLessThan(128 * MiB);
    expect((await w.health()).status).toBe('ok');
    expect(w.gh.log).toEqual([]);
  });

  it('bodies received at once cannot add up past 100 MB: of eight 20 MiB uploads held open, the ones past it get 503', async () => {
    const w = await startAppWorld();
    const plausible = `sha256=${'b'.repeat(64)}`;
    // Every upload stays open, one byte short, until each is either that far or refused.
    const gate = gateFor(8);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        post(w, { size: 20 * MiB, fill: 'z', headers: deliveryHeaders(`many-${n}`, plausible), chunked: true, gate }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 503 || s === 401)).toBe(true);
    expect((await w.health()).status).toBe('ok');
    expect(w.gh.log).toEqual([]);
  });

  it('answers 401 to an unsigned or wrongly signed 1 MiB body and never logs it', async () => {
    const w = await startAppWorld();
    const canary = { size: MiB, fill: 'PAYLOAD-CANARY-' };
    const unsigned = await post(w, { ...canary, headers: deliveryHeaders('unsigned-1') });
    const forged = await post(w, { ...canary, headers: deliveryHeaders('forged-1', sign('not-the-secret', canary.fill)) });
    expect([unsigned.status, forged.status]).toEqual([401, 401]);
    await waitFor(() => w.app.output().split('webhook rejected').length === 3);
    expect(w.app.output()).not.toContain('PAYLOAD-CANARY');
    expect(w.gh.log).toEqual([]);
  });

  it('answers 400 to a signed pull_request event without a pull request, names the field, and logs no stack', async () => {
    const w = await startAppWorld();
    await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const hollow = await w.deliver('pull_request.opened', {
      patch: (p) => {
        delete p.pull_request;
      },
    });
    expect(hollow.status).toBe(400);
    expect(hollow.responseBody).toContain('`pull_request`');
    await waitFor(() => w.app.output().includes('webhook rejected: pull_request payload'));
    expect(w.app.output()).not.toMatch(/TypeError|\n\s+at /);

    // The same App still takes a well-formed, correctly signed delivery.
    const good = await w.deliver('pull_request.opened');
    expect(good.status).toBe(200);
    await w.idle();
    expect(w.gh.state.checkRuns).toHaveLength(1);
    expect(w.gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    w.gh.assertNoViolations();
  });
});
