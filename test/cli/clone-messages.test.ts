import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const RULES =
  'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.5, max_drop: 0.01 }\n';
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

/** An upstream repository with main and a PR branch two commits ahead, and a scratch folder. */
function upstream(): { origin: GitFixture; scratch: string } {
  const origin = GitFixture.init();
  origin.commit('rules', { '.github/ml-guardrails.yml': RULES, 'm.json': { accuracy: 0.9 } });
  origin.checkout('pr', true);
  origin.commit('one', { 'm.json': { accuracy: 0.91 } });
  origin.commit('two', { 'm.json': { accuracy: 0.8 } });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlg-clone-'));
  cleanup.push(() => {
    origin.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });
  return { origin, scratch };
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const check = (repo: string, ...args: string[]) => cliHere(['check', '--repo', repo, ...args], repo);

describe('what the CLI does to a clone, it says', () => {
  it('fetching a base branch and deepening a shallow clone are said on stderr, into its own refs', async () => {
    const { origin, scratch } = upstream();
    const clone = path.join(scratch, 'clone');
    git(scratch, 'clone', '-q', '--depth', '1', '--single-branch', '--branch', 'pr', `file://${origin.dir}`, clone);
    const result = await check(clone, '--base', 'main');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'ml-guardrails: fetching main from origin into refs/ml-guardrails/fetched/main (it is not in this clone)',
    );
    expect(result.stderr).toContain('ml-guardrails: shallow clone: fetching 50 more commits from origin to find the merge-base');
    // Nothing of the user's moved: no new branch, no remote-tracking ref for main.
    expect(git(clone, 'for-each-ref', '--format=%(refname)')).not.toMatch(/refs\/(heads|remotes\/origin)\/main/);
  });

  it('a shallow clone whose remote cannot be reached says so, instead of "does not exist"', async () => {
    const { origin, scratch } = upstream();
    const clone = path.join(scratch, 'clone');
    git(scratch, 'clone', '-q', '--depth', '1', '--single-branch', '--branch', 'pr', `file://${origin.dir}`, clone);
    git(clone, 'remote', 'set-url', 'origin', `file://${path.join(scratch, 'gone')}`);
    const result = await check(clone, '--base', 'main');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'base ref "main" does not exist in this repository (this clone is shallow and fetching it from origin failed',
    );
    expect(result.stderr).toContain('git fetch --unshallow');
  });
});

describe('without a default branch', () => {
  it('says which check was not run and how to name a base, in one sentence', async () => {
    const fixture = GitFixture.init();
    cleanup.push(() => fixture.cleanup());
    fixture.git('checkout', '-q', '-b', 'trunk');
    fixture.commit('only', { '.github/ml-guardrails.yml': RULES, 'm.json': { accuracy: 0.9 } });
    const result = await check(fixture.dir, '--format', 'json', '--draft-rules');
    const messages = JSON.parse(result.stdout).rules[0].findings.map((f: { message: string }) => f.message);
    expect(messages).toContain(
      'no baseline for accuracy: no default branch was found (no origin/HEAD, main or master; --base names one), so max_drop is not checked',
    );
  });
});
