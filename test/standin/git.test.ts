import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER, REPO, useStandin } from './fixture.js';

const run = promisify(execFile);
// No credential helper or terminal prompt may rescue a clone that the server refused.
const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (args: string[], cwd?: string) => run('git', args, { env, cwd });

describe('stand-in git over smart HTTP', () => {
  const standin = useStandin();
  const dirs: string[] = [];
  const scratch = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'standin-clone-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('clones with an installation token exactly as from github.com', async () => {
    const gh = standin();
    const dir = join(await scratch(), 'clone');
    await git(['clone', '--quiet', gh.cloneUrl(REPO, gh.createInstallationToken()), dir]);
    expect(await readFile(join(dir, 'data/train.csv'), 'utf8')).toBe('x,y\n1,2\n');
    expect(gh.log.some((e) => e.operationId === 'git/upload-pack' && e.status === 200)).toBe(true);
  });

  it('refuses a clone without a token or with a bad one', async () => {
    const gh = standin();
    const dir = await scratch();
    await expect(git(['clone', '--quiet', gh.cloneUrl(REPO), join(dir, 'a')])).rejects.toThrow(
      /could not read Username|Authentication failed|401/,
    );
    const bad = gh.cloneUrl(REPO, 'ghs_000000000000000000000000000000000000');
    await expect(git(['clone', '--quiet', bad, join(dir, 'b')])).rejects.toThrow(/Authentication failed|401/);
    const res = await fetch(`${gh.url}/${OWNER}/${REPO}.git/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="GitHub"');
  });

  it('accepts a push from a token with contents:write and serves the new commit over REST', async () => {
    const gh = standin();
    const dir = join(await scratch(), 'work');
    const token = gh.createInstallationToken({ permissions: { contents: 'write', pull_requests: 'read' } });
    await git(['clone', '--quiet', gh.cloneUrl(REPO, token), dir]);
    await git(['checkout', '--quiet', '-b', 'feature'], dir);
    await writeFile(join(dir, 'model.json'), '{"accuracy":0.9}\n');
    await git(['add', '.'], dir);
    await git(['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'Add model'], dir);
    await git(['push', '--quiet', 'origin', 'feature'], dir);
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature' });
    const files = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/pulls/${pr.number}/files`, {
      headers: { authorization: `token ${token}` },
    });
    expect(((await files.json()) as { filename: string }[]).map((f) => f.filename)).toEqual(['model.json']);
    // A read-only token may fetch but not push.
    const readOnly = gh.createWorkflowToken({ repo: REPO, readOnly: true });
    await git(['remote', 'set-url', 'origin', gh.cloneUrl(REPO, readOnly)], dir);
    await expect(git(['push', '--quiet', 'origin', 'feature:other'], dir)).rejects.toThrow(/403|denied/);
  });

  it("lists a pull request's files as GitHub does: status, counts, rename and patch for each", async () => {
    const gh = standin();
    await gh.commitFiles({ repo: REPO, branch: 'main', files: { link: 'was a file\n', 'old-name.txt': 'keep\nthese\nlines\n' } });
    const dir = join(await scratch(), 'work');
    const token = gh.createInstallationToken({ permissions: { contents: 'write', pull_requests: 'read' } });
    await git(['clone', '--quiet', gh.cloneUrl(REPO, token), dir]);
    await git(['checkout', '--quiet', '-b', 'feature'], dir);
    await writeFile(join(dir, 'data/train.csv'), 'x,y\n3,4\n');
    await writeFile(join(dir, 'a "quoted" name.txt'), 'odd\n');
    await git(['rm', '--quiet', 'README.md', 'link'], dir);
    await symlink('data/train.csv', join(dir, 'link'));
    await git(['mv', 'old-name.txt', 'new-name.txt'], dir);
    await writeFile(join(dir, 'notes.txt'), 'hello\n');
    await git(['add', '-A'], dir);
    await git(['-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', 'commit', '--quiet', '-m', 'Change'], dir);
    await git(['push', '--quiet', 'origin', 'feature'], dir);
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature' });
    const response = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/pulls/${pr.number}/files`, {
      headers: { authorization: `token ${token}` },
    });
    const files = (await response.json()) as {
      filename: string;
      status: string;
      additions: number;
      deletions: number;
      patch?: string;
      previous_filename?: string;
    }[];
    const byName = new Map(files.map((f) => [f.filename, f]));
    expect(files.map((f) => f.filename).sort()).toEqual([
      'README.md',
      'a "quoted" name.txt',
      'data/train.csv',
      'link',
      'new-name.txt',
      'notes.txt',
    ]);
    expect(byName.get('data/train.csv')).toMatchObject({
      status: 'modified',
      additions: 1,
      deletions: 1,
      patch: '@@ -1,2 +1,2 @@\n x,y\n-1,2\n+3,4',
    });
    expect(byName.get('README.md')).toMatchObject({ status: 'removed', deletions: 1, patch: '@@ -1 +0,0 @@\n-# models' });
    // A quoted path and a type change (git writes two sections for it) each get their own patch,
    // and the files after them still get theirs.
    expect(byName.get('a "quoted" name.txt')).toMatchObject({ status: 'added', patch: '@@ -0,0 +1 @@\n+odd' });
    expect(byName.get('link')).toMatchObject({ status: 'changed' });
    expect(byName.get('new-name.txt')).toMatchObject({ status: 'renamed', previous_filename: 'old-name.txt', additions: 0, deletions: 0 });
    expect(byName.get('new-name.txt')?.patch).toBeUndefined();
    expect(byName.get('notes.txt')).toMatchObject({ status: 'added', additions: 1, patch: '@@ -0,0 +1 @@\n+hello' });
  });

  it('commitFiles adds, replaces and deletes files on a branch, and rebases it on request', async () => {
    const gh = standin();
    const odd = 'data/a "quoted" name\\with\nnewline.csv';
    const first = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { [odd]: 'x\n', 'README.md': null } });
    const second = await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'data/train.csv': 'x,y\n3,4\n' } });
    const dir = join(await scratch(), 'clone');
    await git(['clone', '--quiet', '--branch', 'feature', gh.cloneUrl(REPO, gh.createInstallationToken()), dir]);
    const { stdout: log } = await git(['log', '--format=%H %P %an', 'feature'], dir);
    const main = (await git(['rev-parse', 'origin/main'], dir)).stdout.trim();
    expect(log.trim().split('\n')).toEqual([`${second} ${first} Standin Bot`, `${first} ${main} Standin Bot`, `${main}  Standin Bot`]);
    expect((await git(['ls-tree', '-r', '-z', '--name-only', 'feature'], dir)).stdout.split('\0').filter(Boolean).sort()).toEqual(
      ['data/train.csv', odd].sort(),
    );
    expect(await readFile(join(dir, odd), 'utf8')).toBe('x\n');
    expect(await readFile(join(dir, 'data/train.csv'), 'utf8')).toBe('x,y\n3,4\n');
    // A rebase puts the new commit on `from` even though the branch exists: a force-push.
    const rebased = await gh.commitFiles({ repo: REPO, branch: 'feature', files: {}, from: 'refs/heads/main', rebase: true });
    await git(['fetch', '--quiet', 'origin'], dir);
    expect((await git(['log', '--format=%H %P', '-1', 'origin/feature'], dir)).stdout.trim()).toBe(`${rebased} ${main}`);
  });
});
