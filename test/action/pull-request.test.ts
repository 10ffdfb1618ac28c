import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportData } from '../../src/github/action-pairing.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { ROOT } from '../support/run-action.js';
import { REPO, useActionWorld } from './action-fixture.js';

/** SHAs differ per build of the sample repository, and the stand-in's address per test. */
function normalize(text: string): string {
  return text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://github.com').replace(/\b[0-9a-f]{7,40}\b/g, 'SHA');
}

const world = useActionWorld();

describe('the bundled action on a pull_request', () => {
  it('blocks a failing PR: check run, annotations, one comment, summary, outputs, exit code', async () => {
    const w = world();
    // The committed bundle, as a runner runs it: the end-to-end proof (other scenarios run in-process).
    const result = await w.run('pull_request.opened', { bundle: true });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('::error::ML guardrails failed: model-quality');

    // The check run, on the PR head, completed with failure and annotations on the metrics file.
    expect(w.gh.state.checkRuns).toHaveLength(1);
    const run = w.gh.state.checkRuns[0]!;
    expect(run).toMatchObject({ name: 'ML Guardrails', headSha: w.sample.prTip, status: 'completed', conclusion: 'failure' });
    expect(run.requests[0]).toMatchObject({ status: 'in_progress' });
    expect(run.output.title).toBe('Merge blocked (2 failed, 1 warning, of 3 rules)');
    // The report travels as data in output.text, for the App on the same commit to read.
    expect(parseReportData(run.output.text)?.rules.map((r) => [r.id, r.status])).toEqual([
      ['model-quality', 'fail'],
      ['training-data', 'fail'],
      ['training-cost', 'warn'],
    ]);
    expect(run.output.summary).toContain('| ❌ `model-quality` | accuracy fell | 0.915 | 0.942 | drop ≤ 0.01 |');
    expect(run.output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'metrics/eval.json',
          start_line: 2,
          annotation_level: 'failure',
          title: 'model-quality: max_drop (accuracy)',
        }),
        expect.objectContaining({ path: 'metrics/train.yaml', start_line: 1, annotation_level: 'warning' }),
        expect.objectContaining({
          path: 'data/penguins.csv',
          start_line: 21,
          annotation_level: 'failure',
          title: 'training-data: max (bill_length_mm)',
        }),
      ]),
    );

    // One comment, found by its marker, with the same report.
    expect(w.gh.state.comments).toHaveLength(1);
    const comment = w.gh.state.comments[0]!;
    expect(comment.body.startsWith(`${COMMENT_MARKER}\n### ❌ ML Guardrails: Merge blocked (2 failed, 1 warning, of 3 rules)`)).toBe(true);
    expect(comment.user).toBe('github-actions[bot]');
    // docs/action.md shows this very comment (regenerate with scripts/render-action-comment.ts).
    const docs = readFileSync(path.join(ROOT, 'docs', 'action.md'), 'utf8');
    const shown = /(~~~|````)markdown\n([\s\S]*?)\1/.exec(docs)?.[2];
    expect(normalize(shown ?? ''), 'docs/action.md shows an outdated comment').toBe(normalize(comment.body));

    // Workflow-command annotations, the job summary and the outputs.
    expect(result.stdout).toMatch(
      /::error title=model-quality%3A max_drop \(accuracy\),file=metrics\/eval\.json,line=2,endLine=2::accuracy dropped/,
    );
    expect(result.stdout).toMatch(/::warning title=training-cost.*file=metrics\/train\.yaml/);
    expect(result.summary).toContain('### ❌ ML Guardrails: Merge blocked (2 failed, 1 warning, of 3 rules)');
    expect(result.outputs).toMatchObject({ verdict: 'fail', 'failed-rules': 'model-quality,training-data' });
    expect(existsSync(result.outputs.report!)).toBe(true);
    const json = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as { verdict: string; base: string };
    expect(json).toMatchObject({ verdict: 'fail', base: w.sample.mergeBase });
    // The token is masked by the runner (add-mask) and appears nowhere else.
    expect(result.stdout).toContain(`::add-mask::${w.token}`);
    for (const line of result.stdout.split('\n').filter((l) => l.includes(w.token))) expect(line.startsWith('::add-mask::')).toBe(true);
  });

  it('edits its one comment on the next run instead of adding another', async () => {
    const w = world();
    await w.run('pull_request.opened');
    const first = { ...w.gh.state.comments[0]! };
    // The author restores the data and fixes the metrics; the synchronize run turns the comment green.
    const fixed = await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      from: `refs/heads/${w.sample.prBranch}`,
      files: {
        'metrics/eval.json': readFileSync(`${w.sample.dir}/metrics/eval.json`, 'utf8').replace('0.951', '0.950'),
        'data/penguins.csv': readFileSync(path.join(ROOT, 'fixtures', 'data', 'penguins.csv'), 'utf8'),
      },
      message: 'Keep the full model',
    });
    const second = await w.run('pull_request.synchronize', { inputs: { 'fail-on': 'error' } });
    expect(second.code, second.stdout).toBe(0);
    expect(w.gh.state.comments).toHaveLength(1);
    const comment = w.gh.state.comments[0]!;
    expect(comment.id).toBe(first.id);
    expect(comment.body).not.toBe(first.body);
    expect(comment.body).toContain('### ✅ ML Guardrails: Nothing blocks the merge (1 warning, 2 passed, of 3 rules)');
    expect(w.gh.log.filter((e) => e.operationId === 'issues/update-comment')).toHaveLength(1);
    expect(w.gh.log.filter((e) => e.operationId === 'issues/create-comment')).toHaveLength(1);
    // A warning does not block with fail-on: error, and the check says so: neutral.
    const latest = w.gh.state.checkRuns.find((r) => r.headSha === fixed)!;
    expect(latest).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(second.outputs).toMatchObject({ verdict: 'pass', 'failed-rules': '' });
  });

  it('fails on warnings with fail-on: warning and never fails with fail-on: never', async () => {
    const w = world();
    const never = await w.run('pull_request.opened', { inputs: { 'fail-on': 'never', comment: 'false' } });
    expect(never.code, never.stdout).toBe(0);
    expect(never.outputs.verdict).toBe('fail');
    expect(w.gh.state.checkRuns[0]).toMatchObject({ conclusion: 'neutral' });
    expect(w.gh.state.comments).toHaveLength(0);

    const noCheck = await w.run('pull_request.opened', { inputs: { 'fail-on': 'warning', 'check-run': 'false' } });
    expect(noCheck.code).toBe(1);
    expect(w.gh.state.checkRuns).toHaveLength(1);
    expect(w.gh.state.comments).toHaveLength(1);
  });
});
