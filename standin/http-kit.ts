// Small HTTP helpers shared by the route handlers: GitHub-shaped errors and pagination.
import type { IncomingMessage } from 'node:http';

/** Thrown by handlers to answer with GitHub's error body for that status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

export async function readRawBody(req: IncomingMessage, limit = 32 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'Payload Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface Page<T> {
  items: T[];
  link?: string;
}

/**
 * Slices `items` by `per_page` (default 30, at most 100) and `page`, and writes the Link
 * header GitHub sends, which Octokit's paginate() follows via rel="next".
 */
export function paginate<T>(items: T[], query: Record<string, unknown>, selfUrl: URL): Page<T> {
  const perPage = Math.min(Math.max(Number(query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const at = (n: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < last) rels.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${at(1)}>; rel="first"`);
  return rels.length > 0 ? { items: slice, link: rels.join(', ') } : { items: slice };
}

export function linkHeaders(page: Page<unknown>): Record<string, string> {
  return page.link ? { link: page.link } : {};
}
