import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { startAppWorld } from './app-world.js';

const RULES = `version: 1
rules:
  - id: ci-metrics
    kind: metrics
    file: metrics/eval.json
    baseline: notes
    metrics:
      accuracy: { max_drop: 0.01 }
`;

describe('the App reads results kept as git notes', () => {
  it('judges a pull request against the note on its merge-base, fetched with the commits', async () => {
    const w = await startAppWorld([
      { owner: 'acme', name: 'models', files: { '.github/ml-guardrails.yml': RULES, 'README.md': '# models\n' } },
    ]);
    const repo = w.gh.state.repos.find((r) => r.name === 'models')!;
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', repo.gitDir, ...args], { encoding: 'utf8' }).trim();
    const main = git('rev-parse', 'refs/heads/main');
    // What the Action stores on the default branch after measuring it in CI.
    const note = JSON.stringify({ 'ci-metrics': { version: 1, metrics: { accuracy: 0.93 } } });
    git('-c', 'user.name=ci', '-c', 'user.email=ci@example.com', 'notes', '--ref', 'refs/notes/ml-guardrails', 'add', '-m', note, main);
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });

    await w.deliver('pull_request.opened', { repo: 'models' });
    await w.idle();
    expect(w.gh.state.checkRuns.find((r) => r.headSha === head)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const comment = w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!.body;
    expect(comment).toContain('accuracy dropped by 0.08 (0.93 → 0.85)');
    w.gh.assertNoViolations();
  });
});
