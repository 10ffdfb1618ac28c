import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from '../../../src/git/repository.js';
import { detectHardware } from '../../../src/rules/benchmark/hardware.js';
import { GitFixture } from '../../support/git-fixture.js';
import { runRule } from '../../support/rule-context.js';

/*
 * Run mode with `baseline: notes` (issue 21): one value per measured ancestor (session), and a
 * head near the bound measured a second time before it may fail. Real processes, real git notes.
 */
const summary = (ms: number) => ({ n: 3, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, min: ms, throughput: ms });

describe('benchmark run mode against history in notes', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  it('measures a head within a few spreads of the bound twice before it fails, and counts each ancestor once', async () => {
    const git = GitFixture.init();
    fixtures.push(git);
    const hardware = await detectHardware();
    const counter = path.join(git.dir, 'invocations');
    git.write({ '.gitignore': 'results.json\n' });
    // Five measured ancestors around 10 ms; the first keeps ten runs of one session: n counts it once.
    for (const [i, ms] of [10, 10.2, 9.9, 10.1, 10].entries()) {
      const sha = git.commit(`measured ${i}`, { 'README.md': `${i}\n` });
      const runs = Array.from({ length: i === 0 ? 10 : 1 }, () => ({ benchmarks: { encode: summary(ms) } }));
      const note = { 'test-rule': { version: 1, hardware, measuredAt: '2026-12-01T00:00:00Z', runs } };
      git.git('notes', '--ref', 'ml-guardrails', 'add', '-m', JSON.stringify(note), sha);
    }
    const base = git.sha();
    // The head reports 11.05 ms: +10.0%, above the bound by less than 4 spreads of the history.
    const bench = `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}
echo '{"unit": "ms", "benchmarks": {"encode": [11.05, 11.05, 11.05]}}' > results.json
`;
    const head = git.commit('head', { 'bench.sh': bench });
    const repo = await Repository.open(git.dir);
    const baselineInfo = { sha: base, method: 'merge-base' as const, description: `merge-base ${base.slice(0, 7)}` };
    const result = await runRule(
      'benchmark',
      { run: 'sh bench.sh', file: 'results.json', baseline: 'notes', runs: 3, warmup: 0 },
      { head: repo.commitWorkspace(head), baseline: null, baselineInfo },
    );
    const f = result.findings[0]!;
    expect(f).toMatchObject({ subject: 'encode', status: 'fail' });
    expect(f.message).toMatch(/run history, n=5,/);
    expect(f.message).toContain("medians of 5 baseline session(s) and of the head's runs, measured twice near the bound, the lower taken");
    // Measured twice: 3 runs, then 3 more.
    expect(readFileSync(counter, 'utf8').trim()).toBe('6');
  });
});
