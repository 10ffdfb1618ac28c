import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionClient } from '../../src/action/github-client.js';
import { evaluate } from '../../src/engine.js';
import type { PublishLog, PublishSettings, PublishTarget } from '../../src/github/publish-target.js';
import { Publisher } from '../../src/github/publisher.js';
import type { Report } from '../../src/report/model.js';
import type { Standin } from '../../standin/index.js';
import { openSamplePullRequest, type SamplePullRequest } from '../support/sample-pull-request.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Every module publisher.ts reaches through static imports, followed through the source tree. */
function reachableModules(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
      if (spec!.startsWith('.')) visit(path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.ts')));
      else seen.add(spec!);
    }
  };
  visit(entry);
  return [...seen];
}

describe('publishing through src/github/, with no door', () => {
  let pr: SamplePullRequest;
  let gh: Standin;
  let scratch: string;
  let report: Report;
  const lines: string[] = [];
  const log: PublishLog = { info: (m) => lines.push(m), warning: (m) => lines.push(m), error: (m) => lines.push(m) };

  beforeEach(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mlg-publish-'));
    pr = await openSamplePullRequest(scratch);
    gh = pr.gh;
    report = await evaluate({ repoDir: pr.workspace, base: pr.sample.mainTip });
    lines.length = 0;
  });
  afterEach(async () => {
    try {
      gh.assertNoViolations();
    } finally {
      await gh.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  const target = (runKey?: string): PublishTarget => ({
    repo: { owner: 'acme', repo: 'penguins' },
    headSha: pr.sample.prTip,
    prNumber: 1,
    defaultBranch: 'main',
    occasion: 'pull-request',
    fromFork: false,
    fullReportHint: 'the check run',
    runLink: { label: 'test run', url: 'https://example.test/run/1' },
    runKey,
  });
  const settings: PublishSettings = {
    checkRun: true,
    comment: true,
    deploy: 'off',
    failOn: 'error',
    checkName: 'ML Guardrails',
    fileExists: () => true,
    redact: (text) => text.replaceAll(pr.token, '***'),
  };
  const client = () =>
    createActionClient({ token: pr.token, baseUrl: gh.apiUrl, limits: { maxWaitMs: 1500, requestTimeoutMs: 3000, writeSpacingMs: 0 } });

  it('reaches no Action or App module and no @actions package', () => {
    const modules = reachableModules(path.join(ROOT, 'src/github/publisher.ts'));
    expect(
      modules.filter((m) => m.includes('/src/action/') || m.includes('/src/app/') || m.startsWith('@actions/') || m === 'probot'),
    ).toEqual([]);
    expect(modules.some((m) => m.endsWith('/src/github/check-run.ts'))).toBe(true);
  });

  it('completes the check run, writes one comment and returns the page it published', async () => {
    const publisher = new Publisher(client(), target(), settings, log);
    publisher.startCheckRun();
    const outcome = await publisher.publishReport(report);
    expect(outcome.problems).toEqual([]);
    expect(gh.state.checkRuns).toHaveLength(1);
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure', headSha: pr.sample.prTip });
    expect(gh.state.comments).toHaveLength(1);
    expect(gh.state.comments[0]!.body).toContain(outcome.markdown.split('\n')[0]!);
    expect(outcome.markdown).toContain('[test run](https://example.test/run/1)');
  });

  it('closes an earlier attempt of the same run that was left in progress, and leaves a live racer alone', async () => {
    const octokit = client();
    const left = await octokit.rest.checks.create({
      owner: 'acme',
      repo: 'penguins',
      name: 'ML Guardrails',
      head_sha: pr.sample.prTip,
      status: 'in_progress',
      external_id: 'actions:77:1',
    });
    const racer = await octokit.rest.checks.create({
      owner: 'acme',
      repo: 'penguins',
      name: 'ML Guardrails',
      head_sha: pr.sample.prTip,
      status: 'in_progress',
      external_id: 'actions:78:1',
    });
    const publisher = new Publisher(octokit, target('actions:77:2'), settings, log);
    publisher.startCheckRun();
    await publisher.publishReport(report);
    const byId = (id: number) => gh.state.checkRuns.find((run) => run.id === id)!;
    expect(byId(left.data.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(byId(racer.data.id).status).toBe('in_progress');
    expect(gh.state.checkRuns.filter((run) => run.status === 'completed')).toHaveLength(2);
  });

  it('retries the final PATCH past a GitHub that keeps failing, so the run ends in a final state', async () => {
    // More 500s than the client's own retries: the first completion fails, a later one lands.
    gh.faults.inject('checks/update', { kind: 'status', status: 500 }, { times: 4 });
    const publisher = new Publisher(client(), target(), settings, log);
    publisher.startCheckRun();
    const outcome = await publisher.publishReport(report);
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(outcome.problems).toHaveLength(1);
    expect(lines.join('\n')).toContain('could not complete the check run: GitHub answered 500');
  });

  it('an error page when the rules could not run, and a cancelled run when superseded', async () => {
    const failing = new Publisher(client(), target(), settings, log);
    failing.startCheckRun();
    const outcome = await failing.publishError(new Error(`bad rule file (token ${pr.token})`));
    expect(outcome.markdown).toContain('could not be evaluated');
    expect(outcome.markdown).not.toContain(pr.token);
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const superseded = new Publisher(client(), target(), settings, log);
    superseded.startCheckRun();
    await superseded.cancel('A newer push replaces this evaluation.');
    expect(gh.state.checkRuns[1]).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });
});
