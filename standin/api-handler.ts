// One REST request, in GitHub's order: route, authentication, injected faults, rate limit,
// parameter and body validation, handler, response validation, log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthResult, authorizeToken, isWriteOperation, readCredentials, requiresJwt, verifyAppJwt } from './auth.js';
import type { StandinCore } from './core.js';
import { renderFault } from './faults.js';
import { HttpError, readRawBody } from './http-kit.js';
import { getOperationSpec, type OperationSpec, type SchemaIssue, validateParams, validateRequestBody } from './openapi-validator.js';
import { errorBody, newRequestId, type Outgoing, writeResponse } from './respond.js';
import type { RouteDef } from './route-types.js';
import { type CompiledTemplate, compileTemplate, matchTemplate } from './router.js';
import { SERVED_OPERATIONS } from './served-operations.js';

export interface CompiledRoute extends RouteDef {
  compiled: CompiledTemplate;
  spec: OperationSpec;
}

/** Refuses any route the OpenAPI subset does not describe, so the contract is always checked. */
export function compileRoutes(routes: RouteDef[]): CompiledRoute[] {
  return routes.map((route) => {
    const spec = getOperationSpec(route.method, route.path);
    const served = SERVED_OPERATIONS.some((op) => op.method === route.method && op.path === route.path);
    if (!spec || !served)
      throw new Error(
        `${route.method.toUpperCase()} ${route.path} is not in the OpenAPI subset; add it to served-operations.ts and run npm run standin:openapi`,
      );
    return { ...route, compiled: compileTemplate(route.path), spec };
  });
}

const REST_DOCS = 'https://docs.github.com/rest';

async function authenticate(
  core: StandinCore,
  req: IncomingMessage,
  operationId: string,
  params: Record<string, string>,
): Promise<AuthResult & { who: string }> {
  const creds = readCredentials(req.headers.authorization);
  const repo = params.owner && params.repo ? core.state.findRepo(params.owner, params.repo) : undefined;
  const who = (r: AuthResult, label: string) => ({ ...r, who: label });
  if (creds.kind === 'jwt' || requiresJwt(operationId)) {
    if (creds.kind === 'none') return who({ ok: false, status: 401, message: 'Requires authentication' }, 'app');
    if (creds.kind !== 'jwt') return who({ ok: false, status: 401, message: 'A JSON web token could not be decoded' }, 'app');
    const verdict = verifyAppJwt(creds.value, await core.publicKey, core.objects.appId, core.clientId);
    if (!verdict.ok) return who({ ok: false, status: 401, message: verdict.message }, 'app');
    // A valid app JWT only works on app endpoints (and looking up a repository's installation).
    if (!requiresJwt(operationId)) return who({ ok: false, status: 403, message: 'Resource not accessible by integration' }, 'app');
    if (params.owner && !repo) return who({ ok: false, status: 404, message: 'Not Found' }, 'app');
    return who({ ok: true, actor: `${core.objects.appSlug}[bot]`, rate: core.jwtRate }, `app ID ${core.objects.appId}`);
  }
  if (creds.kind === 'none') {
    if (!repo || repo.private) return who({ ok: false, status: 404, message: 'Not Found' }, '127.0.0.1');
    if (isWriteOperation(operationId)) return who({ ok: false, status: 401, message: 'Requires authentication' }, '127.0.0.1');
    return who({ ok: true, actor: 'anonymous', rate: core.anonymousRate }, '127.0.0.1');
  }
  const grant = core.tokens.get(creds.value);
  if (!grant || grant.expiresAt <= Date.now()) return who({ ok: false, status: 401, message: 'Bad credentials' }, 'token');
  return who(authorizeToken(grant, operationId, repo), `installation ID ${core.objects.installationId}`);
}

function invalid(issues: SchemaIssue[]): string {
  return `Invalid request.\n\n${issues.map((i) => i.githubMessage).join('\n')}`;
}

export async function handleApiRequest(
  core: StandinCore,
  routes: CompiledRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const started = performance.now();
  const startedAt = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  let params: Record<string, string> | undefined;
  const route = routes.find((r) => r.method === method.toLowerCase() && (params = matchTemplate(r.compiled, path)) !== undefined);
  const operationId = route?.spec.operationId;
  const docs = route?.spec.documentationUrl ?? REST_DOCS;
  const requestId = newRequestId();
  let rate = core.anonymousRate;
  let faultName: string | undefined;
  const finish = (out: Outgoing) => {
    writeResponse(core, res, out, { method, path, template: route?.path, operationId, requestId, rate });
    core.log.push({
      method,
      path,
      query: url.search,
      status: out.status,
      operationId,
      startedAt,
      durationMs: performance.now() - started,
      fault: faultName,
    });
  };
  const record = (kind: 'request' | 'route', status: number, message: string, issues: SchemaIssue[] = []) =>
    core.violations.push({ kind, method, path: `${path}${url.search}`, operationId, status, issues, message });

  const fault = core.faults.take({ method, path, template: route?.path, operationId });
  faultName = fault?.kind;
  if (fault?.kind === 'drop-connection') {
    core.log.push({
      method,
      path,
      query: url.search,
      status: 0,
      operationId,
      startedAt,
      durationMs: performance.now() - started,
      fault: faultName,
    });
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'delay') await sleep(fault.ms);
  if (fault?.kind === 'barrier') await core.faults.waitAtBarrier(fault);
  if (!route || !params) {
    await readRawBody(req).catch(() => undefined);
    record('route', 404, `no GitHub REST operation ${method} ${path} (or the stand-in does not serve it)`);
    return finish({ status: 404, body: errorBody(404, 'Not Found', REST_DOCS) });
  }

  const auth = await authenticate(core, req, route.spec.operationId, params);
  if (auth.ok) rate = auth.rate;
  const rendered = fault ? renderFault(fault, auth.who, docs) : undefined;
  if (rendered) return finish(rendered);
  if (!auth.ok) return finish({ status: auth.status, body: errorBody(auth.status, auth.message, auth.status === 404 ? docs : REST_DOCS) });
  rate.used += 1;
  if (rate.used > rate.limit) {
    return finish({
      status: 403,
      body: errorBody(
        403,
        `API rate limit exceeded for ${auth.who}.`,
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      ),
    });
  }

  const pathValues: Record<string, unknown> = { ...params };
  const pathIssues = validateParams(method, route.path, 'path', pathValues);
  if (pathIssues.length > 0) {
    record('request', 404, `path parameters of ${operationId} do not match the schema`, pathIssues);
    return finish({ status: 404, body: errorBody(404, 'Not Found', docs) });
  }
  const query: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const queryIssues = validateParams(method, route.path, 'query', query);
  if (queryIssues.length > 0) {
    record('request', 422, `query parameters of ${operationId} do not match the schema`, queryIssues);
    return finish({ status: 422, body: errorBody(422, invalid(queryIssues), docs) });
  }
  let body: Record<string, unknown> = {};
  if (route.spec.hasBody) {
    const raw = (await readRawBody(req)).toString('utf8');
    try {
      body = raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      record('request', 400, `request body of ${operationId} is not JSON`);
      return finish({ status: 400, body: errorBody(400, 'Problems parsing JSON', docs) });
    }
    const bodyIssues = validateRequestBody(method, route.path, body);
    if (bodyIssues.length > 0) {
      record('request', 422, `request body of ${operationId} does not match the schema`, bodyIssues);
      return finish({ status: 422, body: errorBody(422, invalid(bodyIssues), docs) });
    }
  } else {
    await readRawBody(req).catch(() => undefined);
  }

  const repo = params.owner && params.repo ? core.state.findRepo(params.owner, params.repo) : undefined;
  try {
    const out = await route.handler({
      core,
      params: pathValues,
      query,
      body,
      repo,
      actor: auth.actor,
      grant: auth.grant,
      url,
      headers: req.headers,
    });
    finish(out);
  } catch (error) {
    if (error instanceof HttpError)
      return finish({ status: error.status, body: errorBody(error.status, error.message, docs, error.extra) });
    const message = error instanceof Error ? error.message : String(error);
    core.violations.push({
      kind: 'response',
      method,
      path,
      operationId,
      status: 500,
      issues: [],
      message: `stand-in handler crashed: ${message}`,
    });
    finish({ status: 500, body: errorBody(500, 'Server Error', docs) });
  }
}
