import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { GitFixture } from '../support/git-fixture.js';

/** A steady run around `center` ms: 20 rounds, ±1%. */
const steady = (center: number) => ({
  unit: 'ms',
  benchmarks: { encode: Array.from({ length: 20 }, (_, i) => center * (1 + 0.01 * Math.sin(i * 2.3))) },
});
const RULES =
  'version: 1\nrules:\n  - id: inference-latency\n    kind: benchmark\n    file: bench/results.json\n    statistic: p95\n    max_increase_pct: 5\n    confidence: 0.95\n    single_run: fail\n';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

describe('a benchmark rule in the comment', () => {
  it('shows one table of baseline, head, change, interval and verdict per benchmark, and the machine', async () => {
    // single_run: fail: one results file per side may block here, so the row is a blocking one.
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('base', { '.github/ml-guardrails.yml': RULES, 'bench/results.json': steady(10) });
    fixture.checkout('pr', true);
    fixture.commit('slower', { 'bench/results.json': steady(13) });
    const report = await evaluate({ repoDir: fixture.dir, head: 'pr', base: 'main' });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| benchmark | baseline | head | change | interval | verdict |');
    expect(markdown).toMatch(/\| `encode` \| 10\.\d+ ms \| 13\.\d+ ms \| \+30(\.\d+)?% \| .+ \| ❌ slower \|/);
    // The first screen has the figure that matters (issue 21): units, the change and its interval.
    expect(markdown).toMatch(/\| encode p95 \| 13\.\d+ ms \(\+30(\.\d)?%, \+\d+(\.\d+)?% … \+\d+(\.\d+)?%\) \| 10\.\d+ ms \|/);
    // The headline ends at a word, not mid-word ("baseline bench/r…").
    expect(markdown).toMatch(/n=20, baseline…/);
    // The fold does not repeat the row as a bullet, nor add its numbers as JSON.
    expect(markdown).not.toMatch(/- ❌ encode: p95/);
    expect(markdown).not.toContain('"change_pct"');
    // A plain samples file does not say where it ran: the report says so, not the checking machine (issue 21).
    expect(markdown).toContain('Measured on a machine the results file does not record.');
  });
});
