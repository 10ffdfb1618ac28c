import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { acceptanceKey } from '../github/acceptance.js';
import { redactSecrets } from '../github/api-error.js';
import { VERSION } from '../version.js';
import { guardrailsApp } from './app.js';
import { createAppOctokit } from './app-octokit.js';
import { EvaluationQueue } from './evaluation-queue.js';
import type { AppSettings } from './settings.js';
import { UnverifiedBytes } from './webhook-intake.js';
import { receiveWebhook } from './webhook-route.js';

export const WEBHOOK_PATH = '/api/github/webhooks';
export const HEALTH_PATH = '/healthz';
/** Deliveries remembered for redelivery detection (GitHub keeps the delivery id on redelivery). */
const SEEN_DELIVERIES = 10_000;

export interface RunningApp {
  url: string;
  port: number;
  /** Stops taking webhooks, lets evaluations finish (bounded by drainMs), then closes. */
  shutdown(): Promise<void>;
  probot: Probot;
}

/** The App's HTTP server: Probot's webhook middleware, a health endpoint, and bounded evaluations. */
export async function startAppServer(settings: AppSettings): Promise<RunningApp> {
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    baseUrl: settings.baseUrl,
    logLevel: settings.logLevel === 'silent' ? 'fatal' : settings.logLevel,
    logFormat: 'json',
    logLevelInString: true,
    Octokit: createAppOctokit({ maxWaitMs: settings.maxApiWaitMs, writeSpacingMs: settings.writeSpacingMs, requestTimeoutMs: 30_000 }),
  });
  await probot.ready();
  const log = probot.log.child({ name: 'ml-guardrails' });
  const queue = new EvaluationQueue(settings.concurrency, (job, error) =>
    log.error({ key: job.key }, `evaluation failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`),
  );
  const seen = new Set<string>();
  const markSeen = (id: string): boolean => {
    if (seen.has(id)) {
      log.info({ delivery: id }, 'redelivered webhook: already handled');
      return false;
    }
    seen.add(id);
    if (seen.size > SEEN_DELIVERIES) seen.delete(seen.values().next().value as string);
    return true;
  };
  let botLogin: Promise<string> | undefined;
  const readBotLogin = (): Promise<string> => {
    botLogin ??= probot
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug ?? 'ml-guardrails'}[bot]`);
    botLogin.catch(() => {
      botLogin = undefined;
    });
    return botLogin;
  };

  await probot.load(
    guardrailsApp({
      queue,
      botLogin: readBotLogin,
      seen: markSeen,
      lfsMaxBytes: settings.lfsMaxMiB * 1024 * 1024,
      extendsAllow: settings.extendsAllow,
      acceptanceKey: acceptanceKey(settings.webhookSecret),
    }),
    {
      cwd: process.cwd(),
      addHandler: () => {
        throw new Error('the App serves no routes of its own');
      },
    },
  );
  const unverified = new UnverifiedBytes();
  let draining = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === HEALTH_PATH) {
      res.writeHead(draining ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: draining ? 'draining' : 'ok', version: VERSION, evaluations: queue.stats }));
      return;
    }
    if (draining) {
      // GitHub retries nothing by itself, but a load balancer sends the next delivery to another instance.
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
      res.end('shutting down\n');
      return;
    }
    if ((req.url ?? '').split('?')[0]!.replace(/\/+$/, '') === WEBHOOK_PATH) {
      receiveWebhook(req, res, { secret: settings.webhookSecret, probot, log, unverified }).catch((error: unknown) => {
        log.error(`webhook intake failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  // GitHub gives up on a delivery after 10 s: a slower upload only holds the intake's byte budget.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(settings.port, settings.host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;
  log.info(
    { port, baseUrl: settings.baseUrl, concurrency: settings.concurrency },
    `ml-guardrails App ${VERSION} listening on ${url}${WEBHOOK_PATH}`,
  );

  return {
    url,
    port,
    probot,
    async shutdown() {
      draining = true;
      log.info({ evaluations: queue.stats }, `shutting down: finishing evaluations (at most ${settings.drainMs} ms)`);
      await queue.drain(settings.drainMs);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log.info({ evaluations: queue.stats }, 'stopped');
    },
  };
}
