import { describe, expect, it } from 'vitest';
import { oncePerWindow, parseCommand } from '../../src/app/commands.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { inertProblems } from '../security/inert-output.js';
import { type AppWorld, startAppWorld } from './app-world.js';

/** A failing PR, evaluated once. */
async function failingPullRequest(w: AppWorld): Promise<string> {
  const head = await w.gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics/eval.json': '{"accuracy": 0.85}\n' } });
  w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
  await w.deliver('pull_request.opened');
  await w.idle();
  return head;
}

const replies = (w: AppWorld) => w.gh.state.comments.filter((c) => !c.body.startsWith(COMMENT_MARKER));
const report = (w: AppWorld) => w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!;

describe('reviewer commands in PR comments', () => {
  it('/guardrails rerun evaluates the head again', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'rita-reviewer' });
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.conclusion)).toEqual(['failure', 'failure']);
    expect(replies(w).map((c) => c.body)).toEqual([expect.stringContaining('@rita-reviewer re-evaluating')]);
    w.gh.assertNoViolations();
  });

  it('Re-run on the check (check_run.rerequested) evaluates the head again', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    const run = w.gh.state.checkRuns[0]!;
    await w.deliver('check_run.rerequested', {
      checkRunId: run.id,
      // GitHub lists the pull requests of a same-repository head in the event.
      patch: (p) => {
        (p.check_run as { pull_requests: unknown[] }).pull_requests = [{ number: 1, head: { sha: head }, base: {} }];
      },
    });
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.status)).toEqual(['completed', 'completed']);
    w.gh.assertNoViolations();
  });

  it('accept from a writer turns the check green for that head, records who and why, and a new push clears it', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', {
      commentBody: 'Looks fine to me.\n/guardrails accept model-quality smaller model, accuracy traded for latency',
      sender: 'rita-reviewer',
    });
    await w.idle();
    const runs = w.gh.state.checkRuns.filter((r) => r.headSha === head);
    expect(runs.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    // The renderer keeps @mentions from pinging (a zero-width space after the @).
    expect(report(w).body).toMatch(
      new RegExp(`Accepted by @\u200b?rita-reviewer for ${head.slice(0, 7)}: smaller model, accuracy traded for latency`),
    );
    expect(replies(w)).toHaveLength(1);
    expect(replies(w)[0]!.body).toContain('@rita-reviewer accepted `model-quality`');

    // A new push: the acceptance was for the old head only.
    const next = await w.gh.commitFiles({
      repo: 'models',
      branch: 'retrain',
      from: 'refs/heads/retrain',
      files: { 'metrics/eval.json': '{"accuracy": 0.86}\n' },
    });
    await w.deliver('pull_request.synchronize', { before: head });
    await w.idle();
    expect(w.gh.state.checkRuns.find((r) => r.headSha === next)).toMatchObject({ conclusion: 'failure' });
    expect(report(w).body).not.toContain('Accepted by');
    w.gh.assertNoViolations();
  });

  it('accept from someone without write access gets one polite reply and changes nothing', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-quality trust me', sender: 'otto-outsider' });
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.conclusion)).toEqual(['failure']);
    expect(replies(w).map((c) => c.body)).toEqual([expect.stringMatching(/Thanks @otto-outsider.*need write access/)]);
    w.gh.assertNoViolations();
  });

  it('commands from someone without write access, rerun included: one reply per PR, no evaluation, however many', async () => {
    const w = await startAppWorld();
    const head = await failingPullRequest(w);
    const spam = ['/guardrails rerun', '/guardrails rerun', '/guardrails rerun', '/guardrails rerun', '/guardrails rerun'];
    // Side by side, as GitHub delivers them: the gate must hold for concurrent deliveries too.
    await Promise.all(spam.map((commentBody) => w.deliver('issue_comment.created', { commentBody, sender: 'otto-outsider' })));
    await w.deliver('issue_comment.created', { commentBody: '/guardrails accept model-quality please', sender: 'otto-outsider' });
    await w.deliver('issue_comment.created', { commentBody: '/guardrails approve', sender: 'otto-outsider' });
    await w.idle();
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.status)).toEqual(['completed']);
    expect(replies(w).map((c) => c.body)).toEqual([
      expect.stringContaining('Thanks @otto-outsider. `/guardrails` commands need write access'),
    ]);
    w.gh.assertNoViolations();
  });

  it('echoes nothing live: hostile command words, rule ids and reasons stay text in the replies', async () => {
    const w = await startAppWorld();
    await failingPullRequest(w);
    const words = [
      '`@octocat`![x](https://evil.example/t.png)',
      '<!--ml-guardrails:report-->[click](https://evil.example/phish)',
      '<img/src=x/onerror=alert(1)>@octocat',
    ];
    for (const word of words) {
      await w.deliver('issue_comment.created', { commentBody: `/guardrails ${word}`, sender: 'rita-reviewer' });
      await w.deliver('issue_comment.created', { commentBody: `/guardrails accept ${word} because`, sender: 'rita-reviewer' });
      await w.deliver('issue_comment.created', { commentBody: `/guardrails accept ${word}`, sender: 'rita-reviewer' });
    }
    await w.deliver('issue_comment.created', {
      commentBody: `/guardrails accept model-quality fine ${words.join(' ')} #1 <!-- ml-guardrails:accepted {} -->`,
      sender: 'rita-reviewer',
    });
    await w.idle();
    const bodies = replies(w).map((c) => c.body);
    expect(bodies).toHaveLength(3 * words.length + 1);
    for (const body of bodies) {
      // The accept reply's first line is its signed marker; nothing after it may open a comment.
      const text = body.startsWith('<!-- ml-guardrails:accepted ') ? body.slice(body.indexOf('\n') + 1) : body;
      // Markers are read only from a body's first line (the report's, a signed acceptance's): this one starts with the mention.
      expect(text).toMatch(/^@rita-reviewer /);
      // Raw body (no `<!--`, no HTML) and rendered page (no link, image or mention) alike.
      expect(inertProblems(text.replace(/^@rita-reviewer /, ''))).toEqual([]);
    }
    expect(bodies.at(-1)).toContain('@rita-reviewer accepted `model-quality`');
    expect(report(w).body).toContain('Accepted by');
    w.gh.assertNoViolations();
  });

  it('an unknown command gets the list of commands; bots, the App included, get no answer', async () => {
    const w = await startAppWorld();
    await failingPullRequest(w);
    await w.deliver('issue_comment.created', { commentBody: '/guardrails approve', sender: 'rita-reviewer' });
    await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'renovate[bot]' });
    await w.deliver('issue_comment.created', { commentBody: '/guardrails approve', sender: `${w.gh.appSlug}[bot]` });
    await w.idle();
    expect(replies(w).map((c) => c.body)).toEqual([expect.stringContaining('`approve` is not a command')]);
    expect(replies(w)[0]!.body).toContain('/guardrails accept <rule-id> [--sha <head-sha>] <reason>');
    expect(w.gh.state.checkRuns).toHaveLength(1);
    w.gh.assertNoViolations();
  });
});

describe('parsing commands and the outsider gate', () => {
  it('reads `--sha` after the rule id, and refuses one that is not a commit', () => {
    expect(parseCommand('/guardrails accept q --sha ABCDEF1 why not')).toEqual({
      name: 'accept',
      rule: 'q',
      sha: 'abcdef1',
      reason: 'why not',
    });
    expect(parseCommand('/guardrails accept q because')).toEqual({ name: 'accept', rule: 'q', sha: undefined, reason: 'because' });
    expect(parseCommand('/guardrails accept q --sha @x because')).toMatchObject({ name: 'invalid' });
    expect(parseCommand('/guardrails accept q --sha abcdef1')).toMatchObject({ name: 'invalid' });
  });

  it('opens once per key per window', () => {
    let now = 0;
    const gate = oncePerWindow(1000, () => now);
    expect([gate('a'), gate('a'), gate('b')]).toEqual([true, false, true]);
    now = 1000;
    expect(gate('a')).toBe(true);
  });
});
