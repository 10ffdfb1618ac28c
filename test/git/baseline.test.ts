import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError } from '../../src/errors.js';
import { resolveBaseline } from '../../src/git/baseline.js';
import { Repository } from '../../src/git/repository.js';
import { GitFixture } from '../support/git-fixture.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** main: A — C ; feature: A — B. The merge-base of feature is A, not main's tip C. */
function history() {
  const fx = GitFixture.init();
  cleanup.push(fx.dir);
  const a = fx.commit('A', { 'm.json': { v: 1 } });
  fx.checkout('feature', true);
  const b = fx.commit('B', { 'm.json': { v: 2 } });
  fx.checkout('main');
  const c = fx.commit('C', { 'm.json': { v: 3 } });
  fx.checkout('feature');
  return { fx, a, b, c };
}

describe('resolveBaseline', () => {
  it('defaults to the merge-base with the default branch and says so', async () => {
    const { fx, a, b } = history();
    const info = await resolveBaseline(await Repository.open(fx.dir), { headSha: b });
    expect(info).toMatchObject({ sha: a, method: 'merge-base' });
    expect(info.description).toContain('merge-base of main (the default branch)');
  });

  it('takes the merge-base with --base, overriding the rule file', async () => {
    const { fx, b, c } = history();
    const repo = await Repository.open(fx.dir);
    fx.checkout('main');
    fx.checkout('other', true);
    const d = fx.commit('D');
    const info = await resolveBaseline(repo, { headSha: d, base: 'main', configRef: 'feature' });
    expect(info.sha).toBe(c);
    expect(info.description).toContain('--base');
    expect(b).not.toBe(c);
  });

  it('uses a ref from the rule file as it is', async () => {
    const { fx, b, c } = history();
    const info = await resolveBaseline(await Repository.open(fx.dir), { headSha: b, configRef: 'main' });
    expect(info).toMatchObject({ sha: c, method: 'ref' });
    expect(info.description).toContain('baseline.ref "main"');
  });

  it("takes the merge-base with the door's target, labelled as the door says", async () => {
    const { fx, a, b, c } = history();
    const info = await resolveBaseline(await Repository.open(fx.dir), {
      headSha: b,
      target: c,
      targetLabel: "main at c (the pull request's base)",
    });
    expect(info).toMatchObject({ sha: a, method: 'merge-base' });
    expect(info.description).toContain("merge-base of main at c (the pull request's base) and");
  });

  it("lets the rule file's baseline.ref outrank the door's target (the PR's base), not --base", async () => {
    const { fx, b, c } = history();
    const repo = await Repository.open(fx.dir);
    const byRef = await resolveBaseline(repo, { headSha: b, target: c, configRef: 'main' });
    expect(byRef).toMatchObject({ sha: c, method: 'ref', description: 'baseline.ref "main" from the rule file' });
    const byBase = await resolveBaseline(repo, { headSha: b, base: c, target: c, configRef: 'main' });
    expect(byBase).toMatchObject({ method: 'merge-base' });
  });

  it('rejects a base ref that does not exist with a GitError naming it', async () => {
    const { fx, b } = history();
    const repo = await Repository.open(fx.dir);
    await expect(resolveBaseline(repo, { headSha: b, base: 'no-such-branch' })).rejects.toThrow(GitError);
    await expect(resolveBaseline(repo, { headSha: b, base: 'no-such-branch' })).rejects.toThrow(/"no-such-branch" does not exist/);
    await expect(resolveBaseline(repo, { headSha: b, configRef: 'v9' })).rejects.toThrow(/baseline ref "v9"/);
    await expect(resolveBaseline(repo, { headSha: b, base: '--output=/tmp/x' })).rejects.toThrow(GitError);
  });

  it('reports no baseline, with the reason, for unrelated histories and empty repositories', async () => {
    const { fx } = history();
    fx.git('checkout', '-q', '--orphan', 'island');
    const lone = fx.commit('unrelated', { 'x.txt': 'x' });
    const info = await resolveBaseline(await Repository.open(fx.dir), { headSha: lone });
    expect(info).toMatchObject({ sha: null, method: 'none' });
    expect(info.description).toContain('share no history');
    const empty = await resolveBaseline(await Repository.open(fx.dir), { headSha: null });
    expect(empty.method).toBe('none');
  });

  it('deepens a shallow CI clone until the merge-base is found', async () => {
    const { fx, a } = history();
    // Several commits on feature so that a depth-1 clone does not contain the merge-base.
    for (let i = 0; i < 5; i++) fx.commit(`B${i}`, { 'n.txt': String(i) });
    const clone = mkdtempSync(path.join(os.tmpdir(), 'mlg-shallow-'));
    cleanup.push(clone);
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${fx.dir}`, clone]);
    const repo = await Repository.open(clone);
    expect(await repo.isShallow()).toBe(true);
    const head = (await repo.resolveCommit('HEAD'))!;
    const info = await resolveBaseline(repo, { headSha: head, base: 'main' });
    expect(info).toMatchObject({ sha: a, method: 'merge-base' });
  });
});
