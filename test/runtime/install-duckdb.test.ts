import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbPinsFromLock, renderDuckdbPins } from '../../scripts/duckdb-pins-source.js';
import { InputError } from '../../src/errors.js';
import type { DuckdbPins, PinnedPackage } from '../../src/runtime/duckdb-pin-types.js';
import { DUCKDB_PINS } from '../../src/runtime/duckdb-pins.js';
import { currentPlatformKey, installDuckdb, loadDuckdbFrom } from '../../src/runtime/install-duckdb.js';

const root = path.resolve(import.meta.dirname, '../..');
const platformKey = currentPlatformKey();
const tarballs = new Map<string, Buffer>();
const requests: string[] = [];
let server: Server;
let registry: string;
let tmp: string;
let pins: DuckdbPins;

/** A registry tarball for an installed package, as `npm pack` would lay it out. */
async function packInstalled(name: string): Promise<PinnedPackage> {
  const stream = createTar({ gzip: { level: 1 }, cwd: path.join(root, 'node_modules', '@duckdb'), portable: true }, [name.split('/')[1]!]);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  const body = Buffer.concat(chunks);
  const urlPath = `/${name}/-/${name.split('/')[1]}-test.tgz`;
  tarballs.set(urlPath, body);
  return {
    name,
    version: 'test',
    resolved: `https://registry.npmjs.org${urlPath}`,
    integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
  };
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mlg-duckdb-install-'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = tarballs.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pins = {
    version: 'test',
    common: [await packInstalled('@duckdb/node-api'), await packInstalled('@duckdb/node-bindings')],
    platforms: { [platformKey]: await packInstalled(`@duckdb/node-bindings-${platformKey}`) },
  };
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
});

describe('installDuckdb', () => {
  it('downloads the pinned packages, checks their integrity, and the result runs SQL', async () => {
    const dir = await installDuckdb({ cacheDir: path.join(tmp, 'cache'), pins, registry });
    expect(dir).toBe(path.join(tmp, 'cache', 'test', platformKey));
    expect(requests).toHaveLength(3);
    const duckdb = loadDuckdbFrom(dir);
    const connection = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.runAndReadAll('SELECT 6 * 7 AS answer');
    expect(reader.getRowObjects()).toEqual([{ answer: 42 }]);
    connection.closeSync();
  });

  it('reuses a finished install without downloading again', async () => {
    const before = requests.length;
    await installDuckdb({ cacheDir: path.join(tmp, 'cache'), pins, registry });
    expect(requests.length).toBe(before);
  });

  it('refuses a tarball whose integrity does not match and installs nothing', async () => {
    const tampered: DuckdbPins = {
      ...pins,
      common: [{ ...pins.common[0]!, integrity: `sha512-${Buffer.alloc(64).toString('base64')}` }, pins.common[1]!],
    };
    await expect(installDuckdb({ cacheDir: path.join(tmp, 'tampered'), pins: tampered, registry })).rejects.toThrow(
      /failed its integrity check/,
    );
    expect(existsSync(path.join(tmp, 'tampered', 'test', platformKey))).toBe(false);
  });

  it('says which platforms exist when this one has no prebuilt package', async () => {
    const error = await installDuckdb({ cacheDir: tmp, pins, registry, platformKey: 'plan9-mips' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).toOneLine()).toContain(
      `DuckDB publishes no prebuilt package for plan9-mips (install @duckdb/node-api yourself; prebuilt platforms: ${platformKey})`,
    );
  });

  it('names the registry it could not reach', async () => {
    await expect(installDuckdb({ cacheDir: path.join(tmp, 'offline'), pins, registry: 'http://127.0.0.1:9' })).rejects.toThrow(
      /could not download @duckdb\/node-api@test from http:\/\/127\.0\.0\.1:9/,
    );
  });
});

describe('src/runtime/duckdb-pins.ts', () => {
  it('matches package-lock.json (run `npm run pin:duckdb` after upgrading DuckDB)', () => {
    const fromLock = duckdbPinsFromLock(path.join(root, 'package-lock.json'));
    expect(readFileSync(path.join(root, 'src/runtime/duckdb-pins.ts'), 'utf8')).toBe(renderDuckdbPins(fromLock));
    expect(DUCKDB_PINS.version).toBe(
      JSON.parse(readFileSync(path.join(root, 'node_modules/@duckdb/node-api/package.json'), 'utf8')).version,
    );
    for (const key of ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64', 'win32-x64'])
      expect(DUCKDB_PINS.platforms[key]).toBeDefined();
  });
});
