import { afterEach, expect, it } from 'vitest';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

// A metric that fails both its floor and its drop carries its history on both findings: the
// comment draws the chart once.
it('draws a failing metric’s history chart once, even when two of its checks fail', async () => {
  const git = GitFixture.init();
  fixtures.push(git);
  const rules =
    'version: 1\nrules:\n  - id: quality\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      accuracy: { min: 0.9, max_drop: 0.01 }\n';
  git.commit('rules', { '.github/ml-guardrails.yml': rules, 'metrics/eval.json': { accuracy: 0.93 } });
  git.commit('retrain', { 'metrics/eval.json': { accuracy: 0.94 } });
  git.checkout('pr', true);
  git.commit('worse', { 'metrics/eval.json': { accuracy: 0.5 } });
  const run = await cliHere(['check', '--base', 'main', '--format', 'markdown'], git.dir);
  expect(run.status, run.stderr).toBe(1);
  expect(run.stdout).toMatch(/accuracy.*\n.*accuracy/s); // both checks fail and are listed
  expect(run.stdout.match(/title "accuracy on the default branch, then this pull request"/g)).toHaveLength(1);
  expect(run.stdout.match(/```mermaid/g)).toHaveLength(1);
});
