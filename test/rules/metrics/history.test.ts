import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/engine.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { GitFixture } from '../../support/git-fixture.js';

const RULES =
  'version: 1\nrules:\n  - id: quality\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { max_drop: 0.01 }\n      loss: { max: 1 }\n';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

describe("a failing metric's history on the default branch", () => {
  it('is read from git at the baseline and its first-parent ancestors, oldest first, for failing metrics only', async () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('rules', { '.github/ml-guardrails.yml': RULES, 'm.json': { accuracy: 0.9, loss: 0.5 } });
    const shas = [fixture.sha()];
    for (const accuracy of [0.91, 0.92, 0.93]) shas.push(fixture.commit(`accuracy ${accuracy}`, { 'm.json': { accuracy, loss: 0.5 } }));
    fixture.checkout('pr', true);
    fixture.commit('worse', { 'm.json': { accuracy: 0.8, loss: 0.5 } });

    const report = await evaluate({ repoDir: fixture.dir, head: 'pr', base: 'main' });
    const findings = report.rules[0]!.findings;
    const drop = findings.find((f) => f.check === 'max_drop')!;
    expect(drop.status).toBe('fail');
    expect(drop.history).toEqual([
      { sha: shas[0], value: 0.9 },
      { sha: shas[1], value: 0.91 },
      { sha: shas[2], value: 0.92 },
      { sha: shas[3], value: 0.93 },
    ]);
    expect(findings.find((f) => f.check === 'max' && f.subject === 'loss')?.history).toBeUndefined();
    expect(renderMarkdown(report)).toContain('xychart-beta');
  });
});
