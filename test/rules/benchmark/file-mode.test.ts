import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from '../../../src/git/repository.js';
import { GitFixture } from '../../support/git-fixture.js';
import { loadedRule, runRule } from '../../support/rule-context.js';

/** A steady run around `center` ms: 20 rounds, ±1%. */
const steady = (center: number) => ({
  unit: 'ms',
  benchmarks: { encode: Array.from({ length: 20 }, (_, i) => center * (1 + 0.01 * Math.sin(i * 2.3))) },
});

describe('benchmark file mode: the results file at the head against the same file at the baseline', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  async function judge(
    baseFiles: Record<string, object | string>,
    headFiles: Record<string, object | string>,
    options: Record<string, unknown> = {},
  ) {
    const git = GitFixture.init();
    fixtures.push(git);
    const base = git.commit('base', baseFiles);
    const head = git.commit('head', headFiles);
    const repo = await Repository.open(git.dir);
    return runRule(
      'benchmark',
      { file: 'bench/results.json', statistic: 'p95', max_increase_pct: 5, confidence: 0.95, ...options },
      {
        head: repo.commitWorkspace(head),
        baseline: repo.commitWorkspace(base),
      },
    );
  }

  it('accepts the rule exactly as the design writes it', () => {
    const rule = loadedRule('benchmark', {
      file: 'bench/results.json',
      statistic: 'p95',
      max_increase_pct: 5,
      confidence: 0.95,
      severity: 'warning',
    });
    expect(rule.options).toMatchObject({
      file: 'bench/results.json',
      statistic: 'p95',
      max_increase_pct: 5,
      confidence: 0.95,
      format: 'auto',
    });
    expect(() => loadedRule('benchmark', { file: 'r.json', statistic: 'p42' })).toThrow();
    expect(() => loadedRule('benchmark', { file: '../outside.json' })).toThrow(/outside the repository/);
  });

  it('warns by default on a slower head of one run per side, and says what would decide (issue 21)', async () => {
    const result = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': steady(12) });
    expect(result.findings[0]).toMatchObject({ subject: 'encode', status: 'warn' });
    expect(result.findings[0]!.message).toMatch(/\+20\.\d%.*on one run of the head, which does not block \(single_run: warn\)/);
    expect(result.findings[0]!.message).toMatch(/history in notes or run mode \(`run:` with `baseline: rerun`\) would decide/);
  });

  it('fails a slower head with single_run: fail, and says one run per side cannot tell the machine from the code', async () => {
    const result = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': steady(12) }, { single_run: 'fail' });
    expect(result.status).toBe('fail');
    expect(result.findings[0]).toMatchObject({ check: 'p95', subject: 'encode', status: 'fail' });
    expect(result.findings[0]!.message).toMatch(/One run per side cannot tell a shift of the machine from a change of the code/);
    expect(result.records?.[0]).toMatchObject({ type: 'note', key: 'test-rule' });
  });

  it('passes a head within the bound', async () => {
    const result = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': steady(10.05) });
    expect(result.findings[0]).toMatchObject({ subject: 'encode', status: 'pass' });
  });

  it('warns instead of deciding when the head samples form two groups', async () => {
    const bimodal = steady(10);
    bimodal.benchmarks.encode = bimodal.benchmarks.encode.map((v, i) => (i % 2 === 0 ? v * 1.5 : v));
    const result = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': bimodal });
    expect(result.findings[0]).toMatchObject({ status: 'warn' });
    expect(result.findings[0]!.message).toMatch(/inconclusive: unstable samples: head: the samples form two groups/);
  });

  it('follows on_missing for an absent file or baseline, and errors on an unreadable one', async () => {
    const noHead = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': '' }, { file: 'bench/other.json' });
    expect(noHead.findings[0]).toMatchObject({ check: 'file', status: 'fail' });
    expect(noHead.findings[0]!.message).toMatch(/bench\/other.json does not exist/);
    const noBase = await judge({ 'README.md': 'x' }, { 'bench/results.json': steady(10) });
    expect(noBase.findings[0]).toMatchObject({ check: 'baseline', status: 'fail' });
    const none = await judge(
      { 'bench/results.json': steady(10) },
      { 'bench/results.json': { benchmarks: [], machine_info: {} } },
      { format: 'pytest-benchmark' },
    );
    expect(none.findings[0]).toMatchObject({
      check: 'samples',
      status: 'error',
      message: 'bench/results.json holds no benchmarks to judge',
    });
    const broken = await judge({ 'bench/results.json': steady(10) }, { 'bench/results.json': '{"results": [' }, { format: 'hyperfine' });
    expect(broken.status).toBe('error');
    expect(broken.findings[0]!.message).toMatch(/not valid JSON/);
  });

  it('says which option is missing when neither file nor run is given', async () => {
    const result = await judge({ 'a.txt': 'a' }, { 'a.txt': 'b' }, { file: undefined });
    expect(result.findings[0]).toMatchObject({ check: 'config', status: 'error' });
    expect(result.findings[0]!.message).toMatch(/give `file` .* or `run`/);
  });
});
