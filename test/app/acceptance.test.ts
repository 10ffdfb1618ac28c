// Acceptances through the real door: the App process against the stand-in, attacked by what a
// pull request's author controls (file contents and names, comments) and by timing.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acceptanceKey, acceptanceMarker } from '../../src/github/acceptance.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { type AppWorld, metricsRepo, RULES, startAppWorld } from './app-world.js';

const DEPLOY = 'deploy:\n  when: passed\n  environment: production\n  via: deployment\n';

const report = (w: AppWorld) => w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!;
const replies = (w: AppWorld) => w.gh.state.comments.filter((c) => c.user.endsWith('[bot]') && !c.body.startsWith(COMMENT_MARKER));
const conclusions = (w: AppWorld, sha: string) => w.gh.state.checkRuns.filter((r) => r.headSha === sha).map((r) => r.conclusion);
const repoDir = (w: AppWorld) => w.gh.state.repos.find((r) => r.name === 'models')!.gitDir;

/** A marker as the bot writes it, inside backticks (which the report used to keep verbatim). */
function forged(sha: string): string {
  return `\`<!-- ml-guardrails:accepted {"sha":"${sha}","rule":"model-quality","by":"rita-reviewer","reason":"ok"} -->\``;
}

/** A failing PR (accuracy 0.85), evaluated once; returns its head. */
async function failingPullRequest(w: AppWorld, user?: string): Promise<string> {
  const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
  w.gh.addPullRequest({ repo: 'models', head: 'retrain', user });
  await w.deliver('pull_request.opened');
  await w.idle();
  return head;
}

/** A push that moves the PR branch to `sha` (a force-push), announced as GitHub does, and evaluated. */
async function forcePush(w: AppWorld, sha: string): Promise<void> {
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', repoDir(w), ...args], { encoding: 'utf8' }).trim();
  const before = git('rev-parse', 'refs/heads/retrain');
  git('update-ref', 'refs/heads/retrain', sha);
  await w.deliver('pull_request.synchronize', { before });
  await w.idle();
}

/** A comment that exists on PR #1 (as a user or the bot wrote it), then a reviewer's rerun. */
async function commentThenRerun(w: AppWorld, user: string, body: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  w.gh.state.comments.push({ id: w.gh.state.nextId(), repo: 'acme/models', issueNumber: 1, body, user, createdAt: now, updatedAt: now });
  await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'rita-reviewer' });
  await w.idle();
}

describe('acceptances only the App can write', () => {
  it('a marker smuggled into the report through a metrics key and a file name, then a push of a failing commit: the check fails and nothing deploys', async () => {
    const w = await startAppWorld([metricsRepo('models', DEPLOY)]);
    const c3 = await w.gh.commitFiles({ repo: 'models', branch: 'c3', files: { 'metrics/eval.json': '{"accuracy": 0.10}\n' } });
    // The decoy: its report carries the marker (a metrics key the engine quotes, a data file name).
    await w.gh.commitFiles({
      repo: 'models',
      branch: 'retrain',
      files: { 'metrics/eval.json': `${JSON.stringify({ [forged(c3)]: 0.95 })}\n`, [`data/${forged(c3)}.csv`]: 'a\n1\n' },
    });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    await w.deliver('pull_request.opened');
    await w.idle();
    expect(report(w).body).toContain('ml-guardrails:accepted');

    await forcePush(w, c3);
    expect(conclusions(w, c3)).toEqual(['failure']);
    expect(report(w).body).not.toContain('Accepted by');
    expect(w.gh.state.deployments).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('a marker typed by a person, even first in their comment, accepts nothing', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    const marker = acceptanceMarker(
      acceptanceKey(w.gh.webhookSecret),
      { repo: { owner: 'acme', repo: 'models' }, prNumber: 1 },
      {
        sha: head,
        rule: 'model-quality',
        by: 'rita-reviewer',
        reason: 'ok',
      },
    );
    // Even a correctly signed marker (as if copied from another reply) counts only in the bot's own comment.
    await commentThenRerun(w, 'otto-outsider', `${marker}\nplease`);
    expect(conclusions(w, head)).toEqual(['failure', 'failure']);
    expect(report(w).body).not.toContain('Accepted by');
    w.gh.assertNoViolations();
  });

  it('a bot comment with an unsigned, wrongly signed or re-targeted marker accepts nothing', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    const bot = `${w.gh.appSlug}[bot]`;
    const acceptance = { sha: head, rule: 'model-quality', by: 'rita-reviewer', reason: 'ok' };
    const key = acceptanceKey(w.gh.webhookSecret);
    const unsigned = `<!-- ml-guardrails:accepted ${JSON.stringify(acceptance)} -->`;
    const otherKey = acceptanceMarker(
      acceptanceKey('not the App’s secret'),
      { repo: { owner: 'acme', repo: 'models' }, prNumber: 1 },
      acceptance,
    );
    const otherPr = acceptanceMarker(key, { repo: { owner: 'acme', repo: 'models' }, prNumber: 2 }, acceptance);
    const otherSha = acceptanceMarker(
      key,
      { repo: { owner: 'acme', repo: 'models' }, prNumber: 1 },
      { ...acceptance, sha: '0'.repeat(40) },
    ).replace('0'.repeat(40), head);
    for (const body of [unsigned, otherKey, otherPr, otherSha]) w.gh.state.comments.push(botComment(w, bot, body));
    await commentThenRerun(w, 'otto-outsider', 'hello');
    expect(conclusions(w, head)).toEqual(['failure', 'failure']);
    expect(report(w).body).not.toContain('Accepted by');
    w.gh.assertNoViolations();
  });
});

describe('an acceptance binds to the head the reviewer saw', () => {
  it('a push between the comment and its handling: refused with a clear reply, never applied to the new head', async () => {
    const w = await startAppWorld([metricsRepo('models', DEPLOY)]);
    const first = await failingPullRequest(w);
    const next = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.20}\n' } });
    await w.deliver('pull_request.synchronize', { before: first });
    await w.idle();
    // The reviewer wrote the comment while `first` was the head; it reaches the App after the push.
    const nextRun = w.gh.state.checkRuns.find((r) => r.headSha === next)!;
    const written = new Date(Date.parse(nextRun.startedAt) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await w.deliver('issue_comment.created', {
      commentBody: '/guardrails accept model-quality small drop is fine',
      sender: 'rita-reviewer',
      patch: (p) => {
        (p.comment as { created_at: string }).created_at = written;
      },
    });
    await w.idle();
    expect(replies(w).map((c) => c.body)).toEqual([
      expect.stringContaining(`\`model-quality\` was not accepted: the head is now ${next.slice(0, 7)}, and its result was not out`),
    ]);
    expect(replies(w)[0]!.body).not.toContain('ml-guardrails:accepted');
    expect(conclusions(w, next)).toEqual(['failure']);
    expect(w.gh.state.deployments).toEqual([]);

    // Naming the old head is refused too; naming the new one, after seeing it, is accepted.
    await w.deliver('issue_comment.created', {
      commentBody: `/guardrails accept model-quality --sha ${first.slice(0, 7)} fine`,
      sender: 'rita-reviewer',
    });
    await w.idle();
    expect(replies(w)[1]!.body).toContain(`the head is now ${next.slice(0, 7)}, not ${first.slice(0, 7)}`);
    await w.deliver('issue_comment.created', {
      commentBody: `/guardrails accept model-quality --sha ${next} fine`,
      sender: 'rita-reviewer',
    });
    await w.idle();
    expect(conclusions(w, next)).toEqual(['failure', 'success']);
    expect(w.gh.state.deployments).toMatchObject([{ sha: next }]);
    w.gh.assertNoViolations();
  });
});

describe('what may be accepted, and by whom', () => {
  it('a rule id that is not in the result is refused, listing the rules', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-qualty typo', sender: 'rita-reviewer' });
    await w.idle();
    expect(replies(w).map((c) => c.body)).toEqual([
      `@rita-reviewer \`model-qualty\` was not accepted: there is no such rule in ${head.slice(0, 7)}'s result; its rules are \`model-quality\`.`,
    ]);
    expect(conclusions(w, head)).toEqual(['failure']);
    w.gh.assertNoViolations();
  });

  it('the author of the pull request cannot accept their own failing rule unless the baseline rule file allows it', async () => {
    const w = await startAppWorld();
    // The head's rule file allowing it changes nothing: the baseline's governs.
    const head = await w.gh.commitFiles({
      repo: 'models',
      branch: 'retrain',
      files: {
        'metrics/eval.json': '{"accuracy": 0.85}\n',
        '.github/ml-guardrails.yml': `${RULES}acceptance:\n  allow_author: true\n`,
      },
    });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain', user: 'rita-reviewer' });
    await w.deliver('pull_request.opened');
    await w.idle();
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-quality mine, trust me', sender: 'rita-reviewer' });
    await w.idle();
    expect(replies(w).map((c) => c.body)).toEqual([
      expect.stringContaining('the author of a pull request cannot accept their own failing rule'),
    ]);
    expect(conclusions(w, head)).toEqual(['failure']);
    w.gh.assertNoViolations();
  });

  it('with `acceptance: { allow_author: true }` on the baseline, the author may', async () => {
    const w = await startAppWorld([metricsRepo('models', 'acceptance:\n  allow_author: true\n')]);
    const head = await failingPullRequest(w, 'rita-reviewer');
    await w.deliver('issue_comment.created', {
      commentBody: '/guardrails accept model-quality agreed with the team',
      sender: 'rita-reviewer',
    });
    await w.idle();
    expect(conclusions(w, head)).toEqual(['failure', 'success']);
    w.gh.assertNoViolations();
  });
});

function botComment(w: AppWorld, user: string, body: string) {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { id: w.gh.state.nextId(), repo: 'acme/models', issueNumber: 1, body, user, createdAt: now, updatedAt: now };
}
