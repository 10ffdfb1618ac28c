import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, upsertStickyComment } from '../../src/github/sticky-comment.js';
import { OWNER, REPO, useStandin } from '../standin/fixture.js';
import { testClient } from './client.js';

const standin = useStandin();
const repo = { owner: OWNER, repo: REPO };

describe('the sticky PR comment', () => {
  it('creates once, then edits; a person quoting the marker is left alone', async () => {
    const gh = standin();
    const pr = gh.addPullRequest({ repo: REPO, head: 'main' });
    const client = testClient(gh);
    // A person pasting the marker (the stand-in has no user tokens: write the record directly).
    const now = new Date().toISOString();
    gh.state.comments.push({
      id: gh.state.nextId(),
      repo: `${OWNER}/${REPO}`,
      issueNumber: pr.number,
      body: `${COMMENT_MARKER}\nquoted by hand`,
      user: 'octocat',
      createdAt: now,
      updatedAt: now,
    });
    expect(await upsertStickyComment(client, repo, pr.number, 'first')).toMatchObject({ action: 'created', removedDuplicates: 0 });
    expect(await upsertStickyComment(client, repo, pr.number, 'second')).toMatchObject({ action: 'updated', removedDuplicates: 0 });
    const bot = gh.state.comments.filter((c) => c.user === 'github-actions[bot]');
    expect(bot.map((c) => c.body)).toEqual([`${COMMENT_MARKER}\nsecond`]);
    expect(gh.state.comments).toHaveLength(2);
  });

  it('converges on one comment when two writers race, whoever lists first', async () => {
    const gh = standin();
    const pr = gh.addPullRequest({ repo: REPO, head: 'main' });
    // Both writers reach the create before either is answered: both listed and found nothing.
    gh.faults.inject('issues/create-comment', { kind: 'barrier', count: 2 }, { times: 2 });
    const results = await Promise.all([
      upsertStickyComment(testClient(gh), repo, pr.number, 'A'),
      upsertStickyComment(testClient(gh), repo, pr.number, 'B'),
    ]);
    expect(gh.state.comments).toHaveLength(1);
    const survivor = gh.state.comments[0]!;
    expect(results.every((r) => r.commentId === survivor.id)).toBe(true);
    expect(['A', 'B'].map((b) => `${COMMENT_MARKER}\n${b}`)).toContain(survivor.body);
  });

  it('cleans up duplicates an earlier race left behind', async () => {
    const gh = standin();
    const pr = gh.addPullRequest({ repo: REPO, head: 'main' });
    const client = testClient(gh);
    for (const body of ['old', 'older duplicate'])
      await client.rest.issues.createComment({ ...repo, issue_number: pr.number, body: `${COMMENT_MARKER}\n${body}` });
    const result = await upsertStickyComment(client, repo, pr.number, 'new');
    expect(result).toMatchObject({ action: 'updated', removedDuplicates: 1 });
    expect(gh.state.comments.map((c) => c.body)).toEqual([`${COMMENT_MARKER}\nnew`]);
  });
});
