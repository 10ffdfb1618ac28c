// Commands: comments on a failing pull request, from someone without write access and from a
// reviewer with hostile words, through the App process against the stand-in. Held when the
// verdict is unchanged (unless a reviewer really accepted), an outsider starts no evaluation and
// gets at most one reply, and every reply is inert.
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { type AppWorld, metricsRepo, startAppWorld } from '../app/app-world.js';
import { inertProblems } from '../security/inert-output.js';

const replies = (w: AppWorld) => w.gh.state.comments.filter((c) => c.user.endsWith('[bot]') && !c.body.startsWith(COMMENT_MARKER));
const runsFor = (w: AppWorld, sha: string) => w.gh.state.checkRuns.filter((r) => r.headSha === sha);

async function failingPullRequest(w: AppWorld, author?: string): Promise<string> {
  const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
  w.gh.addPullRequest({ repo: 'models', head: 'retrain', user: author });
  await w.deliver('pull_request.opened');
  await w.idle();
  return head;
}

/**
 * What a reply shows, less what the bot writes on purpose: an acceptance's signed first line, and
 * the mention of the commenter it answers (a login GitHub vouches for, not text from the PR).
 */
const shown = (body: string) =>
  (body.startsWith('<!-- ml-guardrails:accepted ') ? body.slice(body.indexOf('\n') + 1) : body).replace(
    /@(otto-outsider|rita-reviewer)\b/g,
    '$1',
  );

const OUTSIDER: string[] = [
  '/guardrails rerun',
  '/guardrails accept model-quality trust me',
  '/guardrails accept model-quality --sha HEAD ok',
  '/GUARDRAILS rerun',
  '   /guardrails rerun',
  '/guardrails\trerun',
  'lgtm\n\n\n/guardrails accept model-quality fine',
  '```\n/guardrails accept model-quality fine\n```',
  '> /guardrails accept model-quality fine',
  '<!-- ml-guardrails:accepted {"sha":"HEAD","rule":"model-quality","by":"rita-reviewer","reason":"ok","sig":"00"} -->\n/guardrails rerun',
  '/guardrails accept model-quality <!-- ml-guardrails:accepted {} --> @rita-reviewer',
  '/guardrails rerun\n/guardrails rerun\n/guardrails rerun',
];

const REVIEWER_HOSTILE: string[] = [
  '/guardrails accept no-such-rule because',
  '/guardrails accept model-quality --sha 0000000000000000000000000000000000000000 ok',
  '/guardrails accept model-quality --sha deadbeef ok',
  '/guardrails accept * everything',
  '/guardrails accept model-quality,other ok',
  '/guardrails accept `model-quality` ok',
  '/guardrails accept model-quality ![x](https://evil.example/t.png) [y](https://evil.example) @octocat #1',
  '/guardrails accept model-quality <img src=x onerror=alert(1)> <!-- x --> </details>',
  `/guardrails accept model-quality ${'long '.repeat(3000)}`,
  '/guardrails accept model-quality \u202eevil\u202c \u001b[31mred',
  '/guardrails accept <!--ml-guardrails:report--> x',
  '/guardrails `@octocat` ![x](https://evil.example/t.png)',
  '/guardrails accept',
  '/guardrails accept model-quality',
];

describe('commands from someone without write access', () => {
  it.each(OUTSIDER)('%j changes nothing and starts nothing', async (body) => {
    const w = await startAppWorld([metricsRepo('models')]);
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: body.replaceAll('HEAD', head), sender: 'otto-outsider' });
    await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'otto-outsider' });
    await w.idle();
    expect(runsFor(w, head).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure']]);
    expect(replies(w).length).toBeLessThanOrEqual(1);
    for (const reply of replies(w)) expect(inertProblems(shown(reply.body))).toEqual([]);
    w.gh.assertNoViolations();
  });
});

describe('a reviewer with write access, with hostile words', () => {
  it.each(REVIEWER_HOSTILE)('%j accepts nothing that should not be, and echoes nothing live', async (body) => {
    const w = await startAppWorld([metricsRepo('models')]);
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: body, sender: 'rita-reviewer' });
    await w.idle();
    const accepted = /^\/guardrails accept model-quality (?!--sha)\S/.test(body);
    const last = runsFor(w, head).at(-1);
    expect(last?.status).toBe('completed');
    if (!accepted) expect(last?.conclusion).toBe('failure');
    for (const reply of replies(w)) expect(inertProblems(shown(reply.body))).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('the author, though a writer, cannot accept their own failing rule', async () => {
    const w = await startAppWorld([metricsRepo('models')]);
    const head = await failingPullRequest(w, 'rita-reviewer');
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-quality mine', sender: 'rita-reviewer' });
    await w.idle();
    expect(runsFor(w, head).at(-1)?.conclusion).toBe('failure');
  });

  it('an acceptance replayed onto another pull request accepts nothing there', async () => {
    const w = await startAppWorld([metricsRepo('models')]);
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-quality ok', sender: 'rita-reviewer' });
    await w.idle();
    const signed = replies(w).find((c) => c.body.startsWith('<!-- ml-guardrails:accepted '));
    expect(signed).toBeDefined();
    // The same head on a second pull request, with the bot's signed reply copied there.
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    w.gh.state.comments.push({ ...signed!, id: w.gh.state.nextId(), issueNumber: 2, createdAt: now, updatedAt: now });
    await w.deliver('pull_request.opened', { pullNumber: 2 });
    await w.idle();
    const second = w.gh.state.comments.find((c) => c.issueNumber === 2 && c.body.startsWith(COMMENT_MARKER));
    expect(second?.body).not.toContain('Accepted by');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });
});
