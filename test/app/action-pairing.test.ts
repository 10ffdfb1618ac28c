import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { embedReportData } from '../../src/github/action-pairing.js';
import type { Report } from '../../src/report/model.js';
import { metricsRepo, startAppWorld } from './app-world.js';

const BENCH_RULE = `  - id: inference-latency
    kind: benchmark
    run: python bench.py
    statistic: p95
    max_increase_pct: 5
`;
const DEPLOY = 'deploy:\n  when: passed\n  environment: staging\n  via: deployment\n';

/** What the Action's check run carries: its report as data (src/github/action-pairing.ts). */
function actionReport(head: string, status: 'pass' | 'fail'): Report {
  return {
    verdict: status === 'pass' ? 'pass' : 'fail',
    base: null,
    head,
    baseline: { sha: null, method: 'merge-base', description: '' },
    headSource: 'commit',
    config: '.github/ml-guardrails.yml',
    rules: [
      {
        id: 'inference-latency',
        kind: 'benchmark',
        severity: 'error',
        status,
        summary: `p95 ${status === 'pass' ? '+1.2%' : '+9%'}`,
        findings: [],
      },
    ],
  };
}

describe('pairing with the GitHub Action on the same commit', () => {
  it('a rule that runs a command is left to the Action; once the Action reports, each rule shows once and the deployment follows', async () => {
    const w = await startAppWorld([metricsRepo('models', BENCH_RULE + DEPLOY)]);
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
    const pr = w.gh.addPullRequest({ repo: 'models', head: 'better' });
    await w.deliver('pull_request.opened');
    await w.idle();

    const first = w.gh.state.comments[0]!.body;
    expect(first).toContain('not evaluated: no result from the GitHub Action for this commit yet');
    expect(w.gh.state.deployments).toEqual([]);
    // Not evaluated is not green: on_missing (default fail) decides until the Action reports.
    expect(w.gh.state.checkRuns.filter((r) => r.headSha === head).map((r) => r.conclusion)).toEqual(['failure']);

    // The Action's run on the same head completes (as github-actions[bot], with its report inside).
    const actions = new Octokit({ auth: w.gh.createWorkflowToken({ repo: 'acme/models' }), baseUrl: w.gh.apiUrl });
    const { data: run } = await actions.rest.checks.create({
      owner: 'acme',
      repo: 'models',
      name: 'ML Guardrails',
      head_sha: head,
      status: 'completed',
      conclusion: 'success',
      output: { title: 'Passed', summary: 'p95 +1.2%', text: embedReportData(actionReport(head, 'pass')) },
    });
    // GitHub lists the pull requests of a same-repository head in the event; the stand-in's fitting leaves them out.
    await w.deliver('check_run.completed', {
      checkRunId: run.id,
      patch: (p) => {
        (p.check_run as { pull_requests: unknown[] }).pull_requests = [{ number: pr.number, head: { sha: head }, base: {} }];
      },
    });
    await w.idle();

    const comment = w.gh.state.comments.find((c) => c.body.includes('ml-guardrails:report'))!.body;
    expect(comment).toContain('evaluated by the GitHub Action');
    expect(comment.match(/inference-latency/g)?.length).toBeGreaterThanOrEqual(1);
    expect(comment).not.toContain('no result from it yet');
    const appRuns = w.gh.state.checkRuns.filter((r) => r.headSha === head && r.id !== run.id);
    expect(appRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    expect(w.gh.state.deployments).toHaveLength(1);
    w.gh.assertNoViolations();
  });

  it('a run: rule no Action evaluated is not green: on_missing decides, and says it was not evaluated', async () => {
    const skipped = BENCH_RULE.replace('kind: benchmark\n', 'kind: benchmark\n    on_missing: skip\n');
    const w = await startAppWorld([
      metricsRepo('models', BENCH_RULE),
      metricsRepo('lenient', skipped.replace('inference-latency', 'optional-latency')),
    ]);
    const heads = {
      models: await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } }),
      lenient: await w.gh.commitFiles({ repo: 'lenient', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } }),
    };
    w.gh.addPullRequest({ repo: 'models', head: 'better' });
    await w.deliver('pull_request.opened');
    const lenient = w.gh.addPullRequest({ repo: 'lenient', head: 'better' });
    await w.deliver('pull_request.opened', { repo: 'lenient', pullNumber: lenient.number });
    await w.idle();
    const conclusion = (sha: string) => w.gh.state.checkRuns.find((r) => r.headSha === sha)?.conclusion;
    expect(conclusion(heads.models)).toBe('failure');
    expect(conclusion(heads.lenient)).toBe('success');
    const comment = w.gh.state.comments.find((c) => c.body.includes('inference-latency'))!.body;
    expect(comment).toContain('not evaluated: no result from the GitHub Action for this commit yet');
    w.gh.assertNoViolations();
  });

  it('the Action’s failing benchmark fails the App’s check too', async () => {
    const w = await startAppWorld([metricsRepo('models', BENCH_RULE)]);
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'better', files: { 'metrics/eval.json': '{"accuracy": 0.95}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'better' });
    const actions = new Octokit({ auth: w.gh.createWorkflowToken({ repo: 'acme/models' }), baseUrl: w.gh.apiUrl });
    await actions.rest.checks.create({
      owner: 'acme',
      repo: 'models',
      name: 'ML Guardrails',
      head_sha: head,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Failed', summary: 'p95 +9%', text: embedReportData(actionReport(head, 'fail')) },
    });
    await w.deliver('pull_request.opened');
    await w.idle();
    const appRun = w.gh.state.checkRuns.find((r) => r.headSha === head && r.createdBy !== 'github-actions[bot]');
    expect(appRun).toMatchObject({ conclusion: 'failure' });
    w.gh.assertNoViolations();
  });
});
