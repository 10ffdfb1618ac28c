import { expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { useActionWorld } from './action-fixture.js';

const world = useActionWorld();

// Two workflow runs for the same PR (a re-run and a push landing together) both find no
// comment and both create one; the loser must clean up so the PR shows exactly one.
it('two concurrent runs leave exactly one report comment', async () => {
  const w = world();
  // Hold each run's create until both have listed (found nothing) and asked to create: they race for certain.
  w.gh.faults.inject('issues/create-comment', { kind: 'barrier', count: 2 }, { times: 2 });
  const [a, b] = await Promise.all([w.run('pull_request.opened', { bundle: true }), w.run('pull_request.synchronize', { bundle: true })]);
  expect([a.code, b.code]).toEqual([1, 1]);
  expect(w.gh.log.filter((e) => e.operationId === 'issues/create-comment' && e.status === 201)).toHaveLength(2);
  expect(w.gh.state.comments).toHaveLength(1);
  expect(w.gh.state.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
  expect(w.gh.log.filter((e) => e.operationId === 'issues/delete-comment' && e.status === 204).length).toBeGreaterThanOrEqual(1);

  // A later run finds the survivor and edits it.
  const c = await w.run('pull_request.synchronize');
  expect(c.stdout).toMatch(/PR comment updated \(id \d+\)/);
  expect(w.gh.state.comments).toHaveLength(1);
});
