import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_REQUEST } from '../../src/github/check-run.js';
import { GITHUB_TEXT_LIMIT } from '../../src/github/truncate-markdown.js';
import type { CheckRunRecord } from '../../standin/state.js';
import { startAppWorld } from './app-world.js';

// Work a pull request can make large, through the App process against the stand-in: a results
// file of 400,000 samples, and a rule set of 3,000 failing rules.

function samples(n: number, scale: number): string {
  // A deterministic spread around 10 ms (no two runs alike, no randomness in the test).
  return JSON.stringify({ unit: 'ms', samples: Array.from({ length: n }, (_, i) => (10 + ((i * 2654435761) % 1000) / 1000) * scale) });
}

function runOf(w: { gh: { state: { checkRuns: CheckRunRecord[] } } }, sha: string): CheckRunRecord | undefined {
  return w.gh.state.checkRuns.find((r) => r.headSha === sha);
}

describe('the App on large inputs (npm start + stand-in)', () => {
  it('judges a 400,000-sample results file while /healthz keeps answering', async () => {
    // single_run: fail: one results file per side may block here (issue 21), so the slower head fails.
    const rules =
      'version: 1\nrules:\n  - id: latency\n    kind: benchmark\n    file: bench/results.json\n    statistic: p95\n    single_run: fail\n';
    const w = await startAppWorld([
      { owner: 'acme', name: 'models', files: { '.github/ml-guardrails.yml': rules, 'bench/results.json': samples(400_000, 1) } },
    ]);
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'slower', files: { 'bench/results.json': samples(400_000, 1.2) } });
    w.gh.addPullRequest({ repo: 'models', head: 'slower' });
    await w.deliver('pull_request.opened');

    // Health answers that arrived while the evaluation ran (its check run not yet completed).
    let answeredWhileRunning = 0;
    while (runOf(w, head)?.status !== 'completed') {
      const health = await w.health();
      if (health.evaluations.running === 1 && runOf(w, head)?.status === 'in_progress') answeredWhileRunning++;
    }
    await w.idle();
    expect(answeredWhileRunning).toBeGreaterThan(0);
    const run = runOf(w, head)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('slower than the 5% allowed');
    expect(w.app.child.exitCode).toBeNull();
    w.gh.assertNoViolations();
  });

  it('3,000 failing rules: the run completes as a failure with a summary, text and annotations within GitHub limits', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `quality-${String(i).padStart(4, '0')}`);
    const rules = `version: 1\nrules:\n${ids.map((id) => `  - id: ${id}\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.9 }\n`).join('')}`;
    const w = await startAppWorld([
      { owner: 'acme', name: 'models', files: { '.github/ml-guardrails.yml': rules, 'm.json': '{"accuracy": 0.95}\n' } },
    ]);
    const head = await w.gh.commitFiles({ repo: 'models', branch: 'worse', files: { 'm.json': '{"accuracy": 0.5}\n' } });
    w.gh.addPullRequest({ repo: 'models', head: 'worse' });
    await w.deliver('pull_request.opened');
    await w.idle();

    const run = runOf(w, head)!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const summary = run.output.summary!;
    expect(summary.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(summary).toMatch(/^### ❌ ML Guardrails: Merge blocked \(3000 failed, of 3000 rules\)/);
    expect(summary).toContain('**3000 blocking rules:** `quality-0000`, `quality-0001`');
    expect(summary).toMatch(/, and [\d,]+ more\./);
    expect(summary).toContain('the page below is cut');
    expect(run.output.text!.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(run.output.text).toMatch(/^<!-- ml-guardrails:report-data [A-Za-z0-9+/=]+ -->$/);
    // The completing request and the batches after it: never more than 50 annotations in one.
    const batches = run.requests.map((r) => ((r.output as { annotations?: unknown[] } | undefined)?.annotations ?? []).length);
    expect(Math.max(...batches)).toBe(ANNOTATIONS_PER_REQUEST);
    expect(run.output.annotations).toHaveLength(500);
    w.gh.assertNoViolations();
  });
});
