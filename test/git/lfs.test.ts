import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LfsBatchClient, parseLfsPointer } from '../../src/git/lfs.js';

const sha = (content: string) => createHash('sha256').update(content).digest('hex');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An LFS server that answers the batch call, then serves `body` for every object. */
async function server(body: string, batchStatus = 200): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const srv: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    if (req.url?.endsWith('/objects/batch')) {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const { objects } = JSON.parse(raw) as { objects: { oid: string; size: number }[] };
        res.writeHead(batchStatus, { 'content-type': 'application/vnd.git-lfs+json' });
        res.end(
          JSON.stringify(
            batchStatus === 200
              ? { objects: objects.map((o) => ({ ...o, actions: { download: { href: `http://${req.headers.host}/blob/${o.oid}` } } })) }
              : { message: 'LFS is disabled for this repository' },
          ),
        );
      });
      return;
    }
    res.writeHead(200);
    res.end(body);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => srv.close());
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/o/r.git/info/lfs`, requests };
}

function client(endpoint: string, maxBytes = 1 << 20) {
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'lfs-store-'));
  cleanups.push(() => rmSync(storeDir, { recursive: true, force: true }));
  const lfs = new LfsBatchClient({ endpoint, authorization: 'basic c2VjcmV0', storeDir, maxBytes, signal: new AbortController().signal });
  return { lfs, storeDir };
}

describe('Git LFS pointers and the batch client', () => {
  it('parses a pointer, and nothing that only looks like one', () => {
    const oid = sha('x');
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 1\n`)).toEqual({ oid, size: 1 });
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid.slice(1)}\nsize 1\n`)).toBeNull();
    expect(parseLfsPointer(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\n`)).toBeNull();
    expect(parseLfsPointer('age,label\n1,0\n')).toBeNull();
  });

  it('downloads once, verified, sending the token only to the batch endpoint', async () => {
    const content = 'age,label\n31,1\n';
    const s = await server(content);
    const { lfs } = client(s.url);
    const pointer = { oid: sha(content), size: content.length };
    const [a, b] = await Promise.all([lfs.fetch(pointer, 'data/a.csv'), lfs.fetch(pointer, 'data/b.csv')]);
    expect(a).toBe(b);
    expect(readFileSync(a, 'utf8')).toBe(content);
    expect(s.requests).toEqual([`POST /o/r.git/info/lfs/objects/batch basic c2VjcmV0`, `GET /blob/${pointer.oid} -`]);
  });

  it('rejects content that does not match its pointer, and keeps no partial file', async () => {
    const s = await server('age,label\n999,1\n');
    const { lfs, storeDir } = client(s.url);
    const pointer = { oid: sha('age,label\n31,1\n'), size: 'age,label\n999,1\n'.length };
    await expect(lfs.fetch(pointer, 'data/train.csv')).rejects.toThrow(/the Git LFS object for data\/train\.csv did not match its pointer/);
    // More bytes than the pointer names are cut off, not trusted to stop.
    const longer = await server('x'.repeat(5000));
    await expect(client(longer.url).lfs.fetch({ oid: sha('x'), size: 1 }, 'data/x.csv')).rejects.toThrow(/more than the 1 bytes/);
    expect(readdirSync(storeDir, { recursive: true }).filter((f) => String(f).endsWith('.part'))).toEqual([]);
  });

  it('names the file and the status when the server refuses, without the token', async () => {
    const s = await server('', 403);
    const { lfs } = client(s.url);
    const error = await lfs.fetch({ oid: sha('y'), size: 1 }, 'data/train.csv').catch((e: Error) => e);
    expect(String(error)).toContain(
      'data/train.csv is in Git LFS and its server refused the download (403: LFS is disabled for this repository)',
    );
    expect(String(error)).not.toContain('c2VjcmV0');
  });
});
