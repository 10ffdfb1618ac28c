import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { withFetchedCommits } from '../../src/app/fetch-commits.js';
import { runGit } from '../../src/git/run-git.js';
import type { Standin } from '../../standin/index.js';
import { startTestStandin } from '../support/standin.js';

let gh: Standin | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

it('fetches head and base without blobs of other commits, never writes the token, and removes the folder', async () => {
  gh = await startTestStandin({ repos: [{ owner: 'acme', name: 'models', files: { 'a.txt': 'v1\n', 'big.bin': 'x'.repeat(5000) } }] });
  await gh.commitFiles({ repo: 'models', branch: 'main', from: 'refs/heads/main', files: { 'big.bin': 'y'.repeat(5000) } });
  const base = await gh.commitFiles({ repo: 'models', branch: 'main', from: 'refs/heads/main', files: { 'big.bin': null } });
  const head = await gh.commitFiles({ repo: 'models', branch: 'pr', files: { 'a.txt': 'v2\n' } });
  const token = gh.createInstallationToken();
  let folder = '';
  const seen = await withFetchedCommits(
    { cloneUrl: `${gh.url}/acme/models.git`, token, shas: [head, base], signal: new AbortController().signal },
    async (dir) => {
      folder = dir;
      const gitFiles = readdirSync(path.join(dir, '.git'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(path.join(e.parentPath, e.name)).toString('latin1'));
      const missing = await runGit(dir, ['rev-list', '--objects', '--missing=print', '--all', head, base]);
      return {
        tokenOnDisk: gitFiles.some((text) => text.includes(token)),
        config: readFileSync(path.join(dir, '.git', 'config'), 'utf8'),
        headFile: await runGit(dir, ['show', `${head}:a.txt`]),
        // The first two versions of big.bin belong to older commits only: never fetched.
        missingBlobs: missing.split('\n').filter((l) => l.startsWith('?')).length,
      };
    },
  );
  expect(seen.tokenOnDisk).toBe(false);
  expect(seen.config).toContain(`url = ${gh.url}/acme/models.git`);
  expect(seen.headFile).toBe('v2\n');
  expect(seen.missingBlobs).toBe(2);
  expect(existsSync(folder)).toBe(false);
  gh.assertNoViolations();
});

it('removes the folder when the fetch fails, and stops when aborted', async () => {
  gh = await startTestStandin({ repos: [{ owner: 'acme', name: 'models', files: { 'a.txt': 'v1\n' } }] });
  const controller = new AbortController();
  controller.abort(new Error('superseded'));
  const sha = '0'.repeat(40);
  await expect(
    withFetchedCommits(
      { cloneUrl: `${gh.url}/acme/models.git`, token: gh.createInstallationToken(), shas: [sha], signal: controller.signal },
      async () => 1,
    ),
  ).rejects.toThrow('superseded');
  await expect(
    withFetchedCommits(
      { cloneUrl: `${gh.url}/acme/nope.git`, token: gh.createInstallationToken(), shas: [sha], signal: new AbortController().signal },
      async () => 1,
    ),
  ).rejects.toThrow(/git fetch failed/);
});
