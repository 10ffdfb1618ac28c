import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.js';
import { formatBytes } from './file-size.js';

/**
 * Git LFS keeps large files out of git: the tree holds a small pointer (spec:
 * https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md) and the content lives on the LFS
 * server. A door that has no checkout with the data (the App) fetches an object only when a rule
 * reads the file, through the batch API
 * (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md), so a pull request touching one
 * 5 GB dataset costs nothing for the rules that never read it.
 */

export const LFS_POINTER_HEADER = 'version https://git-lfs.github.com/spec/v1';

export interface LfsPointer {
  /** sha256 of the content, hex. */
  oid: string;
  size: number;
}

/** The pointer in `text`, or null when it is not a well-formed Git LFS pointer. */
export function parseLfsPointer(text: string): LfsPointer | null {
  if (!text.startsWith(LFS_POINTER_HEADER)) return null;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d{1,15})$/m.exec(text)?.[1];
  return oid === undefined || size === undefined ? null : { oid, size: Number(size) };
}

/** Fetches LFS objects on demand; each call returns a local file holding the verified content. */
export interface LfsObjects {
  fetch(pointer: LfsPointer, repoPath: string): Promise<string>;
}

export interface LfsBatchClientOptions {
  /** The LFS endpoint: `<clone URL>/info/lfs` (https://github.com/o/r.git/info/lfs). */
  endpoint: string;
  /** The Authorization header for the endpoint (never for the object hosts it redirects to). */
  authorization: string;
  /** Where fetched objects are kept (removed with the door's temporary clone). */
  storeDir: string;
  /** Bytes one evaluation may download in all: a pull request must not make it unbounded. */
  maxBytes: number;
  signal: AbortSignal;
}

interface BatchObject {
  oid?: unknown;
  size?: unknown;
  error?: { code?: unknown; message?: unknown };
  actions?: { download?: { href?: unknown; header?: unknown } };
}

/** The batch API over HTTPS, with basic transfers, as git-lfs itself downloads. */
export class LfsBatchClient implements LfsObjects {
  private downloaded = 0;
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly options: LfsBatchClientOptions) {}

  fetch(pointer: LfsPointer, repoPath: string): Promise<string> {
    // The same object named twice (head and baseline, two globs) is downloaded once.
    let file = this.pending.get(pointer.oid);
    if (file === undefined) {
      file = this.download(pointer, repoPath);
      this.pending.set(pointer.oid, file);
    }
    return file;
  }

  private async download(pointer: LfsPointer, repoPath: string): Promise<string> {
    const target = path.join(this.options.storeDir, pointer.oid.slice(0, 2), pointer.oid.slice(2, 4), pointer.oid);
    if ((await stat(target).catch(() => null))?.size === pointer.size) return target;
    if (this.downloaded + pointer.size > this.options.maxBytes) {
      throw new InputError(
        `${repoPath} is a Git LFS object of ${formatBytes(pointer.size)}; fetching it would pass the ${formatBytes(this.options.maxBytes)} allowed per evaluation`,
        { file: repoPath, hint: 'the operator sets the ceiling (ML_GUARDRAILS_LFS_MAX_MIB for the App); or check this data in the Action' },
      );
    }
    this.downloaded += pointer.size;
    const action = await this.downloadAction(pointer, repoPath);
    const response = await this.request(action.href, { headers: action.header }, repoPath);
    if (!response.ok || response.body === null) {
      throw new InputError(`could not download the Git LFS object for ${repoPath}: the object store answered ${response.status}`, {
        file: repoPath,
      });
    }
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${randomUUID()}.part`;
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        // A server sending more than the pointer says is cut off, not trusted to stop.
        if (bytes > pointer.size) body.destroy(new Error(`more than the ${pointer.size} bytes the pointer names`));
      });
      await pipeline(body, createWriteStream(partial), { signal: this.options.signal });
      const oid = hash.digest('hex');
      if (bytes !== pointer.size || oid !== pointer.oid) {
        throw new Error(
          `got ${bytes} bytes with sha256 ${oid.slice(0, 12)}…, the pointer names ${pointer.size} bytes, ${pointer.oid.slice(0, 12)}…`,
        );
      }
      await rename(partial, target);
      return target;
    } catch (error) {
      await rm(partial, { force: true });
      if (this.options.signal.aborted) throw error;
      throw new InputError(`the Git LFS object for ${repoPath} did not match its pointer: ${(error as Error).message}`, { file: repoPath });
    }
  }

  private async downloadAction(pointer: LfsPointer, repoPath: string): Promise<{ href: string; header: Record<string, string> }> {
    const response = await this.request(
      `${this.options.endpoint.replace(/\/+$/, '')}/objects/batch`,
      {
        method: 'POST',
        headers: {
          accept: 'application/vnd.git-lfs+json',
          'content-type': 'application/vnd.git-lfs+json',
          authorization: this.options.authorization,
        },
        body: JSON.stringify({ operation: 'download', transfers: ['basic'], objects: [pointer], hash_algo: 'sha256' }),
      },
      repoPath,
    );
    const body = (await response.json().catch(() => null)) as { objects?: BatchObject[]; message?: unknown } | null;
    if (!response.ok) {
      const said = typeof body?.message === 'string' ? `: ${body.message.slice(0, 200)}` : '';
      throw new InputError(`${repoPath} is in Git LFS and its server refused the download (${response.status}${said})`, { file: repoPath });
    }
    const object = body?.objects?.find((o) => o.oid === pointer.oid);
    if (object?.error !== undefined) {
      const message = typeof object.error.message === 'string' ? object.error.message.slice(0, 200) : 'no message';
      throw new InputError(`${repoPath} is in Git LFS, and its server has no such object (${String(object.error.code)}: ${message})`, {
        file: repoPath,
        hint: 'the pointer was committed without `git lfs push`, or the object was removed',
      });
    }
    const href = object?.actions?.download?.href;
    if (typeof href !== 'string' || !/^https?:\/\//.test(href)) {
      throw new InputError(`${repoPath} is in Git LFS, and its server gave no download link for it`, { file: repoPath });
    }
    const header = object?.actions?.download?.header;
    const headers: Record<string, string> = {};
    if (header !== null && typeof header === 'object') {
      for (const [name, value] of Object.entries(header)) if (typeof value === 'string') headers[name] = value;
    }
    return { href, header: headers };
  }

  private async request(url: string, init: RequestInit, repoPath: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'follow', signal: this.options.signal });
    } catch (error) {
      if (this.options.signal.aborted) throw error;
      // The URL is printed without its query: signed object links carry credentials there.
      throw new InputError(`could not reach the Git LFS server for ${repoPath} (${new URL(url).origin}): ${(error as Error).message}`, {
        file: repoPath,
      });
    }
  }
}
