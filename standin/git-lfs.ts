// The Git LFS server GitHub runs beside each repository: the batch API
// (POST /owner/repo.git/info/lfs/objects/batch) and basic transfers of the objects, behind the
// same token check as git. Objects are kept in the bare repository's lfs/objects/, as git-lfs
// keeps them locally, so the real `git lfs push` uploads here and the App downloads from here.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StandinCore } from './core.js';
import { authorizeGit, logWhenFinished } from './git-http.js';
import type { RepoRecord } from './state.js';

const LFS_PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/info\/lfs\/objects\/(batch|[0-9a-f]{64})$/;
const LFS_JSON = 'application/vnd.git-lfs+json';

export function matchLfsPath(pathname: string): { owner: string; name: string; rest: string } | undefined {
  const m = LFS_PATH.exec(pathname);
  return m ? { owner: m[1] ?? '', name: m[2] ?? '', rest: m[3] ?? '' } : undefined;
}

/** Where the object `oid` of a repository lives on disk. */
export function lfsObjectPath(repo: RepoRecord, oid: string): string {
  return join(repo.gitDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
}

type LfsOperation = 'lfs/batch' | 'lfs/download' | 'lfs/upload';

export function handleLfsRequest(core: StandinCore, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const match = matchLfsPath(url.pathname)!;
  const operationId: LfsOperation = match.rest === 'batch' ? 'lfs/batch' : req.method === 'PUT' ? 'lfs/upload' : 'lfs/download';
  logWhenFinished(core, req, res, url, operationId);
  const fault = core.faults.take({ method: req.method ?? 'GET', path: url.pathname, operationId });
  if (fault?.kind === 'status') {
    req.resume();
    json(res, fault.status, { message: fault.message ?? 'Server Error' });
    return;
  }
  serve(core, req, res, url, match, operationId).catch((error: unknown) => {
    if (!res.headersSent) json(res, 500, { message: `stand-in LFS error: ${(error as Error).message}` });
    else res.destroy();
  });
}

async function serve(
  core: StandinCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  match: { owner: string; name: string; rest: string },
  operationId: LfsOperation,
): Promise<void> {
  const repo = core.state.findRepo(match.owner, match.name);
  if (operationId === 'lfs/batch') {
    const body = JSON.parse(await readBody(req)) as { operation?: string; objects?: { oid?: string; size?: number }[] };
    const upload = body.operation === 'upload';
    if (authorizeGit(core, req, res, match.owner, match.name, upload) === undefined) return;
    if (!repo) return json(res, 404, { message: 'Repository not found.' });
    const href = (oid: string) => `${url.origin}/${repo.owner}/${repo.name}.git/info/lfs/objects/${oid}`;
    // The object links carry the caller's own credentials, as GitHub's signed links carry theirs.
    const header = req.headers.authorization ? { Authorization: req.headers.authorization } : undefined;
    const objects = await Promise.all(
      (body.objects ?? []).map(async ({ oid = '', size = 0 }) => {
        const stored = /^[0-9a-f]{64}$/.test(oid) ? await stat(lfsObjectPath(repo, oid)).catch(() => null) : null;
        if (upload) {
          return stored?.size === size ? { oid, size } : { oid, size, actions: { upload: { href: href(oid), header, expires_in: 3600 } } };
        }
        if (stored === null || stored.size !== size) return { oid, size, error: { code: 404, message: 'Object does not exist' } };
        return { oid, size, authenticated: true, actions: { download: { href: href(oid), header, expires_in: 3600 } } };
      }),
    );
    return json(res, 200, { transfer: 'basic', objects, hash_algo: 'sha256' });
  }
  const oid = match.rest;
  if (authorizeGit(core, req, res, match.owner, match.name, operationId === 'lfs/upload') === undefined) return;
  if (!repo) return json(res, 404, { message: 'Repository not found.' });
  const file = lfsObjectPath(repo, oid);
  if (operationId === 'lfs/download') {
    const stored = await stat(file).catch(() => null);
    if (stored === null) return json(res, 404, { message: 'Object does not exist' });
    // Sent in one write, not streamed: the client has every byte once content-length is met, and
    // a streamed response ends (and is logged) only after one more read of the file, which a busy
    // machine delayed past the moment a test read the log. Objects here are test data.
    const bytes = await readFile(file);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    res.end(bytes);
    return;
  }
  // Upload: kept only when the content hashes to the oid it is stored under.
  await mkdir(join(file, '..'), { recursive: true });
  const partial = `${file}.${randomUUID()}.part`;
  const hash = createHash('sha256');
  req.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(req, createWriteStream(partial));
  if (hash.digest('hex') !== oid) {
    await rm(partial, { force: true });
    return json(res, 422, { message: 'content does not match the object id' });
  }
  await rename(partial, file);
  res.writeHead(200);
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': LFS_JSON });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
