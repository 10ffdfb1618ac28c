import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useActionWorld } from './action-fixture.js';

const world = useActionWorld();

describe('events other than a same-repository pull_request', () => {
  it('from a fork: evaluates, annotates, summarises and sets outputs, and says why it did not write', async () => {
    const w = world();
    const readOnly = w.gh.createWorkflowToken({ repo: 'acme/penguins', readOnly: true });
    const result = await w.run('pull_request.opened', {
      token: readOnly,
      patch: (p) => {
        const head = (p.pull_request as { head: { repo: { full_name: string } } }).head;
        head.repo.full_name = 'contributor/penguins';
      },
    });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'failed-rules': 'model-quality,training-data' });
    expect(result.summary).toContain('Merge blocked (2 failed, 1 warning, of 3 rules)');
    expect(result.stdout).toMatch(/::error title=model-quality.*file=metrics\/eval\.json,line=2/);
    expect(result.stdout).toContain('::warning::Did not create the check run: this pull request comes from a fork');
    expect(result.stdout).toContain('Did not comment on the pull request: this pull request comes from a fork');
    // One refused write, then none: it does not keep knocking.
    expect(w.gh.log.filter((e) => e.status === 403)).toHaveLength(1);
    expect(w.gh.state.checkRuns).toHaveLength(0);
    expect(w.gh.state.comments).toHaveLength(0);
    // The failure names the rules, not the fork: the PR is blocked by its guardrails.
    expect(result.stdout).toContain('::error::ML guardrails failed: model-quality');
  });

  it('pull_request_target: refuses when the PR head is checked out, and writes nothing', async () => {
    const w = world();
    const result = await w.run('pull_request.opened', { eventName: 'pull_request_target' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::refusing to run: under pull_request_target the workspace has the pull request's own commit/);
    expect(w.gh.log.filter((e) => e.path.startsWith('/repos/'))).toHaveLength(0);
  });

  it('pull_request_target: evaluates the trusted checkout and reports on the PR head', async () => {
    const w = world();
    const result = await w.run('pull_request.opened', { eventName: 'pull_request_target', ref: 'main' });
    expect(result.code, result.stdout).toBe(0);
    expect(w.gh.state.checkRuns[0]).toMatchObject({ headSha: w.sample.prTip, conclusion: 'success' });
    expect(w.gh.state.comments).toHaveLength(1);
  });

  it('merge_group: evaluates the queued merge against merge_group.base_sha', async () => {
    const w = world();
    const result = await w.run('merge_group.checks_requested', {
      ref: w.sample.prTip,
      patch: (p) => {
        Object.assign(p.merge_group as object, { head_sha: w.sample.prTip, base_sha: w.sample.mainTip });
      },
    });
    expect(result.code).toBe(1);
    expect(w.gh.state.checkRuns[0]).toMatchObject({ headSha: w.sample.prTip, conclusion: 'failure' });
    expect(w.gh.state.comments).toHaveLength(0);
    expect(result.summary).toContain(`Compared with \`${w.sample.mergeBase.slice(0, 7)}\``);
  });

  it('workflow_dispatch: the checked-out commit against the base input', async () => {
    const w = world();
    const result = await w.run('workflow_dispatch', { ref: w.sample.prTip, inputs: { base: w.sample.mainTip } });
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    expect(w.gh.state.checkRuns[0]).toMatchObject({ headSha: w.sample.prTip, conclusion: 'failure' });
  });

  it('a broken rule file completes the check run as failed with the message, and comments it', async () => {
    const w = world();
    const result = await w.run('pull_request.opened', { inputs: { config: 'missing.yml' } });
    expect(result.code).toBe(1);
    expect(result.outputs.verdict).toBe('error');
    expect(w.gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(w.gh.state.checkRuns[0]!.output.summary).toContain('no rule file in the working tree: missing.yml does not exist');
    expect(w.gh.state.comments[0]!.body).toContain('ML Guardrails could not be evaluated');
    expect(result.stdout).toContain(
      '::error::ML guardrails could not be evaluated: no rule file in the working tree: missing.yml does not exist',
    );
  });

  it('working-directory: the repository checked out into a folder of the workspace', async () => {
    const w = world();
    const clone = await w.checkout(w.sample.prTip);
    const result = await w.run('pull_request.opened', {
      workspace: path.dirname(clone),
      inputs: { 'working-directory': path.basename(clone) },
    });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-rules']).toBe('model-quality,training-data');
    // Annotations stay relative to the repository root, where GitHub expects them.
    expect(w.gh.state.checkRuns[0]!.output.annotations).toContainEqual(
      expect.objectContaining({ path: 'metrics/eval.json', start_line: 2 }),
    );
  });
});
