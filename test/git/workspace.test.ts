import { readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Repository } from '../../src/git/repository.js';
import type { Workspace } from '../../src/git/workspace.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
const workspaces: Workspace[] = [];
afterEach(async () => {
  for (const w of workspaces.splice(0)) await w.dispose();
  for (const f of fixtures.splice(0)) f.cleanup();
});

async function setup() {
  const fx = GitFixture.init();
  fixtures.push(fx);
  const sha = fx.commit('first', {
    'metrics/eval.json': { accuracy: 0.9 },
    'metrics/slices/a.json': { accuracy: 0.8 },
    'data/train.csv': 'id,age\n1,30\n',
    'README.md': 'hello\n',
  });
  const repo = await Repository.open(fx.dir);
  return { fx, repo, sha };
}

describe.each(['working tree', 'commit'] as const)('%s workspace', (kind) => {
  async function open() {
    const { fx, repo, sha } = await setup();
    const ws = kind === 'commit' ? repo.commitWorkspace(sha) : await repo.workingTree();
    workspaces.push(ws);
    return { fx, ws, sha };
  }

  it('reads files and reports absent ones as null', async () => {
    const { ws, sha } = await open();
    expect(ws.sha).toBe(sha);
    expect(JSON.parse((await ws.readText('metrics/eval.json'))!)).toEqual({ accuracy: 0.9 });
    expect(await ws.readText('metrics/missing.json')).toBeNull();
    expect(await ws.exists('metrics')).toBe(true);
    expect(await ws.isDirectory('metrics')).toBe(true);
    expect(await ws.isDirectory('README.md')).toBe(false);
  });

  it('lists files by path, folder and glob', async () => {
    const { ws } = await open();
    expect(await ws.listFiles('README.md')).toEqual(['README.md']);
    expect(await ws.listFiles('metrics')).toEqual(['metrics/eval.json', 'metrics/slices/a.json']);
    expect(await ws.listFiles('metrics/**/*.json')).toEqual(['metrics/eval.json', 'metrics/slices/a.json']);
    expect(await ws.listFiles('*.csv')).toEqual([]);
    expect(await ws.listFiles('nothing/here')).toEqual([]);
  });

  it('gives a local file with the content for tools that need a path', async () => {
    const { ws } = await open();
    const local = await ws.localPath('data/train.csv');
    expect(local).not.toBeNull();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(local!, 'utf8')).toBe('id,age\n1,30\n');
    expect(await ws.localPath('data/none.csv')).toBeNull();
  });

  it('refuses paths that escape the repository', async () => {
    const { ws } = await open();
    await expect(ws.readText('../outside.json')).rejects.toThrow(InputError);
    await expect(ws.readText('/etc/passwd')).rejects.toThrow(/absolute/);
    await expect(ws.listFiles('../**/*.json')).rejects.toThrow(/outside the repository/);
  });
});

describe('symbolic links', () => {
  it('are followed inside the repository and refused when they point outside', async () => {
    const { fx, repo } = await setup();
    symlinkSync('eval.json', path.join(fx.dir, 'metrics/latest.json'));
    symlinkSync('/etc/passwd', path.join(fx.dir, 'metrics/escape.json'));
    const sha = fx.commit('links');
    for (const ws of [await repo.workingTree(), repo.commitWorkspace(sha)]) {
      workspaces.push(ws);
      expect(JSON.parse((await ws.readText('metrics/latest.json'))!)).toEqual({ accuracy: 0.9 });
      await expect(ws.readText('metrics/escape.json')).rejects.toThrow(/points outside the repository/);
    }
  });
});

describe('commit workspace', () => {
  it('reads each side of history independently of the working tree', async () => {
    const { fx, repo, sha } = await setup();
    fx.commit('second', { 'metrics/eval.json': { accuracy: 0.7 } });
    fx.write({ 'metrics/eval.json': { accuracy: 0.5 } });
    const first = repo.commitWorkspace(sha);
    const tree = await repo.workingTree();
    workspaces.push(first, tree);
    expect(JSON.parse((await first.readText('metrics/eval.json'))!)).toEqual({ accuracy: 0.9 });
    expect(JSON.parse((await tree.readText('metrics/eval.json'))!)).toEqual({ accuracy: 0.5 });
  });

  it('gives the working-tree file itself when it holds the blob, and an extracted copy otherwise', async () => {
    const { fx, repo, sha } = await setup();
    fx.write({ '.gitattributes': 'crlf.csv eol=crlf\n', 'crlf.csv': 'a,b\r\n1,2\r\n', 'lf.csv': 'a,b\n1,2\n' });
    const second = fx.commit('attributes');
    fx.write({ 'data/train.csv': 'id,age\n1,31\n' }); // changed after the commit, same size
    const first = repo.commitWorkspace(sha);
    const latest = repo.commitWorkspace(second);
    workspaces.push(first, latest);
    // Unchanged: read in place, nothing copied.
    expect(await latest.localPath('README.md')).toBe(path.join(fx.dir, 'README.md'));
    expect(await latest.localPath('lf.csv')).toBe(path.join(fx.dir, 'lf.csv'));
    // Changed on disk: the commit's bytes, extracted.
    const train = (await first.localPath('data/train.csv'))!;
    expect(train).not.toBe(path.join(fx.dir, 'data/train.csv'));
    expect(readFileSync(train, 'utf8')).toBe('id,age\n1,30\n');
    // Checked out with CRLF, stored with LF: the disk is not the blob, so the blob is extracted.
    const crlf = (await latest.localPath('crlf.csv'))!;
    expect(crlf).not.toBe(path.join(fx.dir, 'crlf.csv'));
    expect(readFileSync(crlf, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('asks git, not a hash, whether a file past 64 MiB is unchanged, and still reads it in place', async () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    fx.git('config', 'core.compression', '0'); // the test is about the comparison, not zlib
    const big = Buffer.alloc(64 * 1024 * 1024 + 1, 'a,b\n');
    const sha = fx.commit('big', { 'data/big.csv': big, '.gitattributes': 'data/other.csv filter=upper\n', 'data/other.csv': big });
    const ws = (await Repository.open(fx.dir)).commitWorkspace(sha);
    workspaces.push(ws);
    expect(await ws.localPath('data/big.csv')).toBe(path.join(fx.dir, 'data/big.csv'));
    // The same bytes, but a filter could convert them on checkout: extracted rather than trusted.
    const other = (await ws.localPath('data/other.csv'))!;
    expect(other).not.toBe(path.join(fx.dir, 'data/other.csv'));
    expect(statSync(other).size).toBe(big.length);
  });

  it('reads many blobs through one batch process, in order', async () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    const files: Record<string, object> = {};
    for (let i = 0; i < 200; i++) files[`m/${i}.json`] = { value: i };
    const sha = fx.commit('many', files);
    const ws = (await Repository.open(fx.dir)).commitWorkspace(sha);
    workspaces.push(ws);
    const values = await Promise.all(Array.from({ length: 200 }, async (_, i) => JSON.parse((await ws.readText(`m/${i}.json`))!).value));
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});

describe('Repository.open', () => {
  it('says clearly when the folder is not a git repository', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-nogit-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    await expect(Repository.open(dir)).rejects.toThrow(/is not inside a git repository/);
    await expect(Repository.open(path.join(dir, 'missing'))).rejects.toThrow(/is not a folder/);
  });
});
