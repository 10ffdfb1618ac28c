import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Probot } from 'probot';
import { redactSecrets } from '../github/api-error.js';
import { describeBadPayload } from './payload-shape.js';
import { MAX_WEBHOOK_BYTES, readVerifiedDelivery, type UnverifiedBytes } from './webhook-intake.js';

type WebhookEvent = Parameters<Probot['webhooks']['receive']>[0];

/** GitHub gives up on a delivery after 10 s; the handlers only queue work, so this is rarely reached. */
const STILL_PROCESSING_MS = 9000;

interface RouteLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * POST /api/github/webhooks: the signature is checked while the body streams in (capped at
 * GitHub's 25 MB), the payload's shape before any handler runs; only then does Probot see it.
 */
export async function receiveWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { secret: string; probot: Probot; log: RouteLog; unverified: UnverifiedBytes; maxBytes?: number },
): Promise<void> {
  if (req.method !== 'POST') return answer(res, 405, { error: 'webhooks are POSTed' });
  const delivery = await readVerifiedDelivery(req, deps.secret, deps.unverified, deps.maxBytes);
  if (!delivery.ok) {
    // Nothing from the request is logged: it is not known to come from GitHub.
    deps.log.warn({ status: delivery.status }, `webhook rejected: ${delivery.reason}`);
    answer(res, delivery.status, { error: delivery.reason });
    return discardRest(req, 2 * (deps.maxBytes ?? MAX_WEBHOOK_BYTES));
  }
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.body);
  } catch {
    return answer(res, 400, { error: 'the body is not JSON' });
  }
  const bad = describeBadPayload(delivery.name, payload);
  if (bad !== undefined) {
    deps.log.warn({ delivery: delivery.id }, `webhook rejected: ${bad}`);
    return answer(res, 400, { error: bad });
  }

  const timer = setTimeout(() => answer(res, 202, { status: 'still processing' }), STILL_PROCESSING_MS);
  try {
    await deps.probot.webhooks.receive({ id: delivery.id, name: delivery.name, payload } as WebhookEvent);
    answer(res, 200, { status: 'ok' });
  } catch (error) {
    // Probot's error handler has logged each handler's error; this says which delivery it was.
    deps.log.error(
      { delivery: delivery.id },
      `webhook handler failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`,
    );
    answer(res, 500, { error: 'the App could not handle this delivery' });
  } finally {
    clearTimeout(timer);
  }
}

/** Answers once. */
function answer(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * Drops what the sender still sends, so that it reads the answer instead of a reset connection;
 * past `maxBytes` more (twice GitHub's cap), the connection is cut. Nothing dropped is kept.
 */
function discardRest(req: IncomingMessage, maxBytes: number): void {
  if (req.complete) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > maxBytes) req.socket.destroy();
  });
  req.resume();
}
