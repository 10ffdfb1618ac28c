import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from '../../../src/git/repository.js';
import { extractPrefix } from '../../../src/rules/data-contract/blob-prefix.js';
import { GitFixture } from '../../support/git-fixture.js';

/** The baseline's schema from the first bytes of its blob, not the whole multi-gigabyte file. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(files: Record<string, string>) {
  const fixture = GitFixture.init();
  fixture.commit('data', files);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mlg-prefix-test-'));
  cleanups.push(
    () => fixture.cleanup(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const repo = await Repository.open(fixture.dir);
  return { fixture, dir, commit: repo.commitWorkspace(fixture.sha()), tree: await repo.workingTree() };
}

describe('extractPrefix', () => {
  const line = 'id,name,score\n';
  const big = line + Array.from({ length: 40_000 }, (_, i) => `${i},name-${i},${i % 97}`).join('\n') + '\n';

  it('stops at the byte budget and cuts after the last whole line', async () => {
    const { dir, commit } = await setup({ 'd.csv': big });
    const file = await extractPrefix(commit, 'd.csv', dir, 64 * 1024);
    const text = readFileSync(file ?? '', 'utf8');
    expect(text.length).toBeLessThanOrEqual(64 * 1024 + 65_536);
    expect(text.length).toBeLessThan(big.length);
    expect(text.endsWith('\n')).toBe(true);
    expect(big.startsWith(text)).toBe(true);
  });

  it('a file smaller than the budget comes whole', async () => {
    const { dir, commit } = await setup({ 'd.csv': 'a,b\n1,2' });
    expect(readFileSync((await extractPrefix(commit, 'd.csv', dir, 1024)) ?? '', 'utf8')).toBe('a,b\n1,2');
  });

  it('a symbolic link, an absent file and the working tree are left to the caller', async () => {
    const { fixture, dir, commit, tree } = await setup({ 'd.csv': big });
    fixture.git('rm', '-q', 'd.csv');
    const { symlinkSync } = await import('node:fs');
    symlinkSync('e.csv', path.join(fixture.dir, 'd.csv'));
    fixture.commit('link', { 'e.csv': big });
    const repo = await Repository.open(fixture.dir);
    expect(await extractPrefix(repo.commitWorkspace(fixture.sha()), 'd.csv', dir, 1024)).toBeNull();
    expect(await extractPrefix(commit, 'absent.csv', dir, 1024)).toBeNull();
    expect(await extractPrefix(tree, 'e.csv', dir, 1024)).toBeNull();
  });
});
