import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** GitHub caps a webhook payload at 25 MB; it sends nothing larger. */
export const MAX_WEBHOOK_BYTES = 25 * 1000 * 1000;

/** Bodies not yet verified, all requests together: many uploads at once cannot add up past it. */
export const MAX_UNVERIFIED_BYTES = 4 * MAX_WEBHOOK_BYTES;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/** The bytes held by bodies still being read, shared by the server's requests. */
export class UnverifiedBytes {
  private held = 0;
  constructor(private readonly max = MAX_UNVERIFIED_BYTES) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.max) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

/** A delivery whose body matched its signature: only these reach Probot. */
export interface VerifiedDelivery {
  ok: true;
  id: string;
  name: string;
  body: string;
}

/** Why a request was turned away; `reason` is ours alone, never text from the request. */
export interface RejectedDelivery {
  ok: false;
  status: number;
  reason: string;
}

/**
 * Reads a webhook request at most `maxBytes` far, hashing as it reads, and hands back the body
 * only when its X-Hub-Signature-256 matches: nothing unsigned is held whole, parsed or logged.
 */
export async function readVerifiedDelivery(
  req: IncomingMessage,
  secret: string,
  pool: UnverifiedBytes,
  maxBytes = MAX_WEBHOOK_BYTES,
): Promise<VerifiedDelivery | RejectedDelivery> {
  const claimed = SIGNATURE.exec(header(req, 'x-hub-signature-256') ?? '');
  if (claimed === null) return reject(401, 'missing or malformed X-Hub-Signature-256 header');
  const id = header(req, 'x-github-delivery');
  const name = header(req, 'x-github-event');
  if (id === undefined || name === undefined) return reject(400, 'missing X-GitHub-Delivery or X-GitHub-Event header');
  if (!/^\s*application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
    return reject(415, 'Content-Type must be application/json');
  }
  const length = Number(header(req, 'content-length') ?? Number.NaN);
  if (length > maxBytes) return reject(413, `body larger than ${maxBytes} bytes`);

  const hmac = createHmac('sha256', secret);
  const body = await readCapped(req, maxBytes, pool, (chunk) => hmac.update(chunk));
  if (body === 'too-large') return reject(413, `body larger than ${maxBytes} bytes`);
  if (body === 'busy') return reject(503, 'too many webhook bodies are being received at once; try again');
  if (body === 'aborted') return reject(400, 'the request ended before its body');
  const expected = Buffer.from(claimed[1]!, 'hex');
  if (!timingSafeEqual(hmac.digest(), expected)) return reject(401, 'signature does not match the body and the webhook secret');
  return { ok: true, id, name, body: Buffer.concat(body).toString('utf8') };
}

type Unread = 'too-large' | 'busy' | 'aborted';

/** The body's chunks, unless it grows past `maxBytes` or the pool: then reading stops, and the caller answers. */
function readCapped(
  req: IncomingMessage,
  maxBytes: number,
  pool: UnverifiedBytes,
  onChunk: (chunk: Buffer) => void,
): Promise<Buffer[] | Unread> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let read = 0;
    const settle = (outcome: Buffer[] | Unread) => {
      req.off('data', onData);
      pool.give(read);
      read = 0;
      resolve(outcome);
    };
    const stop = (outcome: Unread) => {
      req.pause();
      settle(outcome);
    };
    const onData = (chunk: Buffer) => {
      if (read + chunk.length > maxBytes) return stop('too-large');
      if (!pool.take(chunk.length)) return stop('busy');
      read += chunk.length;
      onChunk(chunk);
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle(chunks));
    req.once('error', () => stop('aborted'));
    req.once('close', () => {
      if (!req.complete) stop('aborted');
    });
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function reject(status: number, reason: string): RejectedDelivery {
  return { ok: false, status, reason };
}
