import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { appManifestPermissions } from '../../standin/app-permissions.js';
import type { Permissions } from '../../standin/index.js';
import { type AppWorld, metricsRepo, startAppWorld } from './app-world.js';

// Every deploy mode through the App process, against a stand-in that grants exactly app.yml's
// permissions (or fewer: an operator who trimmed them), so each call meets GitHub's refusal.
type Via = 'deployment' | 'workflow_dispatch' | 'repository_dispatch';
type When = 'passed' | 'merged';

const WORKFLOW = 'on:\n  workflow_dispatch:\n    inputs: { environment: {}, sha: {}, deployment_id: {} }\njobs: {}\n';

function deploySection(when: When, via: Via): string {
  const extra =
    via === 'workflow_dispatch' ? '  workflow: deploy.yml\n' : via === 'repository_dispatch' ? '  event_type: ship-model\n' : '';
  return `deploy:\n  when: ${when}\n  environment: staging\n  via: ${via}\n${extra}`;
}

/** The opted-in repository with a deploy: section on main (and the deploy workflow, unless `workflow` is false). */
async function deployWorld(when: When, via: Via, opts: { permissions?: Permissions; workflow?: boolean } = {}): Promise<AppWorld> {
  const repo = metricsRepo('models', deploySection(when, via));
  if (via === 'workflow_dispatch' && opts.workflow !== false) repo.files = { ...repo.files, '.github/workflows/deploy.yml': WORKFLOW };
  return startAppWorld([repo], {}, opts.permissions ? { permissions: opts.permissions } : {});
}

/** A green pull request (when: passed), opened and evaluated; returns its head. */
async function greenPullRequest(w: AppWorld): Promise<string> {
  const head = await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
  w.gh.addPullRequest({ repo: 'models', head: 'better' });
  await w.deliver('pull_request.opened');
  await w.idle();
  return head;
}

/** A green merge landing on main (when: merged), announced as GitHub does: a check suite on the default branch. */
async function greenMerge(w: AppWorld): Promise<string> {
  const previous = await w.gh.commitFiles({ repo: 'models', branch: 'main', files: { 'notes.md': 'x\n' } });
  const merged = await w.gh.commitFiles({ repo: 'models', branch: 'main', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
  await w.deliver('check_suite.requested', {
    patch: (p) => {
      p.check_suite = {
        ...(p.check_suite as object),
        head_sha: merged,
        head_branch: 'main',
        before: previous,
        after: merged,
        pull_requests: [],
      };
    },
  });
  await w.idle();
  return merged;
}

const evaluate = (w: AppWorld, when: When) => (when === 'passed' ? greenPullRequest(w) : greenMerge(w));
const runsOn = (w: AppWorld, sha: string) => w.gh.state.checkRuns.filter((r) => r.headSha === sha);
const reportComment = (w: AppWorld) => w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER));

describe('deploys from the App with the permissions app.yml declares', () => {
  const modes: [When, Via][] = [
    ['passed', 'deployment'],
    ['passed', 'workflow_dispatch'],
    ['passed', 'repository_dispatch'],
    ['merged', 'deployment'],
    ['merged', 'workflow_dispatch'],
    ['merged', 'repository_dispatch'],
  ];
  it.each(modes)('when: %s, via: %s deploys once, and the check run stays green', async (when, via) => {
    const w = await deployWorld(when, via);
    const sha = await evaluate(w, when);

    expect(runsOn(w, sha)).toEqual([expect.objectContaining({ status: 'completed', conclusion: 'success' })]);
    expect(runsOn(w, sha)[0]!.output.summary).not.toContain('deployment to');
    expect(w.gh.state.deployments).toEqual([expect.objectContaining({ sha, environment: 'staging' })]);
    const states = w.gh.state.deployments[0]!.statuses.map((s) => s.state);
    if (via === 'deployment') {
      expect(states).toEqual(['success']);
      expect(w.gh.state.dispatches).toEqual([]);
    } else {
      expect(states).toEqual(['in_progress']);
      expect(w.gh.state.dispatches).toEqual([
        via === 'workflow_dispatch'
          ? expect.objectContaining({
              kind: 'workflow_dispatch',
              workflowId: 'deploy.yml',
              ref: 'main',
              inputs: expect.objectContaining({ sha }),
            })
          : expect.objectContaining({
              kind: 'repository_dispatch',
              eventType: 'ship-model',
              clientPayload: expect.objectContaining({ sha }),
            }),
      ]);
    }
    const refusals = w.gh.log.filter((e) => e.status === 403);
    expect(refusals).toEqual([]);
    w.gh.assertNoViolations();
  });
});

describe('a deploy GitHub refuses is said in the check run and the comment', () => {
  const trimmed: [Via, string, Permissions][] = [
    ['repository_dispatch', 'contents: write', { ...appManifestPermissions(), contents: 'read' }],
    ['workflow_dispatch', 'actions: write', { ...appManifestPermissions(), actions: 'read' }],
    ['deployment', 'deployments: write', { ...appManifestPermissions(), deployments: 'read' }],
  ];
  it.each(trimmed)('via: %s with an App that lacks %s: neutral, never green, nothing dispatched', async (via, permission, permissions) => {
    const w = await deployWorld('passed', via, { permissions });
    const head = await greenPullRequest(w);

    const [run] = runsOn(w, head);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(run!.output.title).toMatch(/; deployment refused$/);
    const sentence = `deployment to \`staging\` via \`${via}\` was refused by GitHub** (403: Resource not accessible by integration); the App needs \`${permission}\``;
    expect(run!.output.summary).toContain(sentence);
    expect(reportComment(w)!.body).toContain(sentence);
    expect(w.gh.state.dispatches).toEqual([]);
    // The record of a refused dispatch says so, and counts as nothing deployed.
    expect(w.gh.state.deployments.flatMap((d) => d.statuses.map((s) => s.state))).toEqual(via === 'deployment' ? [] : ['error']);

    // Evaluated again (a reviewer's rerun): refused again, still one comment, still nothing sent.
    await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'rita-reviewer' });
    await w.idle();
    expect(runsOn(w, head).map((r) => r.conclusion)).toEqual(['neutral', 'neutral']);
    expect(w.gh.state.comments.filter((c) => c.body.startsWith(COMMENT_MARKER))).toHaveLength(1);
    expect(w.gh.state.dispatches).toEqual([]);
    expect(w.app.output()).not.toMatch(/ghs_[A-Za-z0-9]{20,}/);
    w.gh.assertNoViolations();
  });

  it('a deploy workflow missing on main is refused (404); once the workflow lands, a rerun dispatches exactly once', async () => {
    const w = await deployWorld('passed', 'workflow_dispatch', { workflow: false });
    const head = await greenPullRequest(w);
    const [refused] = runsOn(w, head);
    expect(refused).toMatchObject({ conclusion: 'neutral' });
    expect(refused!.output.summary).toContain(
      'was refused by GitHub** (404: Not Found); `.github/workflows/deploy.yml` must exist on the default branch, and the App needs `actions: write`',
    );

    // The operator adds the workflow to main; a reviewer asks again, twice.
    await w.gh.commitFiles({ repo: 'models', branch: 'main', files: { '.github/workflows/deploy.yml': WORKFLOW } });
    for (const _ of [1, 2]) {
      await w.deliver('issue_comment.created', { commentBody: '/guardrails rerun', sender: 'rita-reviewer' });
      await w.idle();
    }
    expect(runsOn(w, head).map((r) => r.conclusion)).toEqual(['neutral', 'success', 'success']);
    expect(w.gh.state.dispatches).toEqual([
      expect.objectContaining({ kind: 'workflow_dispatch', inputs: expect.objectContaining({ sha: head }) }),
    ]);
    const [first, second] = w.gh.state.deployments;
    expect(first!.statuses.map((s) => s.state)).toEqual(['error']);
    expect(second!.statuses.map((s) => s.state)).toEqual(['in_progress']);
    expect(w.gh.state.deployments).toHaveLength(2);
    expect(reportComment(w)!.body).not.toContain('refused');
    w.gh.assertNoViolations();
  });
});
