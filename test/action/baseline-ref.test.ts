import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO, useActionWorld } from './action-fixture.js';

const world = useActionWorld();

describe("the rule file's baseline.ref in a pull request", () => {
  it("outranks the pull request's base: the PR is compared with the ref the rules name", async () => {
    const w = world();
    const repo = w.gh.state.repos.find((r) => r.name === REPO)!;
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', repo.gitDir, ...args], { encoding: 'utf8' }).trim();
    // The team compares every PR with the deployed model: main's rule file names the tag.
    git('tag', 'production', w.sample.mergeBase);
    const rules = git('show', 'refs/heads/main:.github/ml-guardrails.yml');
    expect(rules).toContain('ref: merge-base');
    const main = await w.gh.commitFiles({
      repo: REPO,
      branch: 'main',
      files: { '.github/ml-guardrails.yml': rules.replace('ref: merge-base', 'ref: production') },
    });
    const head = await w.gh.commitFiles({ repo: REPO, branch: 'docs-only', files: { 'NOTES.md': 'a note\n' } });
    const pr = w.gh.addPullRequest({ repo: REPO, head: 'docs-only', base: 'main' });

    const result = await w.run('pull_request.opened', {
      ref: head,
      patch: (p) => {
        const pull = p.pull_request as { number: number; head: { sha: string; ref: string }; base: { sha: string; ref: string } };
        Object.assign(pull, { number: pr.number });
        Object.assign(pull.head, { sha: head, ref: 'docs-only' });
        Object.assign(pull.base, { sha: main, ref: 'main' });
      },
    });
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as {
      baseline: { sha: string; method: string; description: string };
    };
    expect(report.baseline).toMatchObject({
      sha: w.sample.mergeBase,
      method: 'ref',
      description: 'baseline.ref "production" from the rule file',
    });
    expect(result.summary).toContain(w.sample.mergeBase.slice(0, 7));
  });

  it('yields to the base input, which the user gave on purpose', async () => {
    const w = world();
    const result = await w.run('pull_request.opened', { inputs: { base: w.sample.mainTip } });
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as {
      baseline: { description: string };
    };
    expect(report.baseline.description).toContain(`${w.sample.mainTip} (the base input)`);
  });
});
