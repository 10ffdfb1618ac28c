import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { startAppWorld } from './app-world.js';

// A team that compares every pull request with what is deployed, not with where it branched.
const RULES = `version: 1
baseline:
  ref: production
rules:
  - id: model-quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { max_drop: 0.01 }
`;

describe("the App follows the rule file's baseline.ref", () => {
  it('fetches the named ref (absent from its clone) with the installation token and compares with it', async () => {
    const w = await startAppWorld([
      {
        owner: 'acme',
        name: 'models',
        private: true,
        files: { '.github/ml-guardrails.yml': RULES, 'metrics/eval.json': '{"accuracy": 0.95}\n' },
      },
    ]);
    const repo = w.gh.state.repos.find((r) => r.name === 'models')!;
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', repo.gitDir, ...args], { encoding: 'utf8' }).trim();
    // The deployed model is tagged; main has drifted since, and the PR branches from main.
    git('tag', 'production', 'refs/heads/main');
    await w.gh.commitFiles({ repo: 'models', branch: 'main', files: { 'metrics/eval.json': '{"accuracy": 0.86}\n' } });
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.87}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });

    await w.deliver('pull_request.opened', { repo: 'models' });
    await w.idle();
    // Against the merge-base (0.86) the PR would pass; against production (0.95) it fails.
    expect(w.gh.state.checkRuns.find((r) => r.headSha === head)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const comment = w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!.body;
    expect(comment).toContain('accuracy dropped by 0.08 (0.95 → 0.87)');
    expect(comment).toContain('baseline.ref "production" from the rule file');
    // The clone was private: every git request carried the installation token, none was refused.
    const gitRequests = w.gh.log.filter((entry) => entry.operationId === 'git/upload-pack');
    expect(gitRequests.length).toBeGreaterThan(0);
    expect(gitRequests.filter((entry) => entry.status >= 400)).toEqual([]);
    w.gh.assertNoViolations();
  });
});
