import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';

/*
 * Issue 21, through the CLI: results files in the tools' real formats with the shapes GPU machines
 * produce (fixtures/outputs/benchmark/gpu-shaped). A warm-up step must not hide a true +10%, and a
 * head in two modes (a slowed host) must not block, even where one run per side may block.
 */
const shaped = (name: string) => readFileSync(path.join('fixtures/outputs/benchmark/gpu-shaped', name), 'utf8');

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

async function check(baseFile: string, headFile: string, extra = ''): Promise<Finding> {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  const rules = `version: 1\nrules:\n  - id: latency\n    kind: benchmark\n    file: bench/results.json\n    statistic: p50\n    max_increase_pct: 5\n${extra}`;
  fixture.commit('base', { '.github/ml-guardrails.yml': rules, 'bench/results.json': shaped(baseFile) });
  fixture.checkout('pr', true);
  fixture.commit('pr', { 'bench/results.json': shaped(headFile) });
  const run = await cliHere(['check', '--base', 'main', '--format', 'json'], fixture.dir);
  const report = JSON.parse(run.stdout) as Report;
  return report.rules[0]!.findings[0]!;
}

describe('benchmark results with GPU-shaped rounds, judged through the CLI', () => {
  it('drops the boost-clock warm-up of a bf16 matmul (pytest-benchmark) and fails its true +10% where single runs may block', async () => {
    const f = await check('pytest-matmul-warmup-base.json', 'pytest-matmul-warmup-head.json', '    single_run: fail\n');
    // Before: "unstable: the samples drift" through the 3.5 → 4.0 ms step, and no verdict.
    expect(f).toMatchObject({ subject: 'test_matmul_bf16', status: 'fail' });
    expect(f.message).toMatch(/p50 4\.00 ms → 4\.40 ms \(\+10\.0%, 95% interval \+9\.\d% to \+10\.\d%\)/);
    expect(f.message).toContain('Warm-up dropped: 10 round(s) of the baseline, 10 of the head.');
    const sample = f.samples![0] as Record<string, unknown>;
    expect(sample).toMatchObject({ unit: 'ms', statistic: 'p50', verdict: 'fail', warmup_rounds: { base: 10, head: 10 } });
    // The machine is the one the file records, not the one that ran the check.
    expect(sample.hardware).toBe('Intel(R) Xeon(R) Platinum 8480+ (x86_64), as the file records it');
  });

  it('reports the same +10% without blocking by default: one run per side cannot tell the machine from the code', async () => {
    const f = await check('pytest-matmul-warmup-base.json', 'pytest-matmul-warmup-head.json');
    expect(f.status).toBe('warn');
    expect(f.message).toMatch(/\(\+10\.0%, 95% interval .*\), inconclusive: slower than the 5% allowed, on one run of the head/);
    expect(f.message).toMatch(/history in notes or run mode \(`run:` with `baseline: rerun`\) would decide/);
  });

  it('does not block on a launch-bound head in two modes (Google Benchmark), even with single_run: fail', async () => {
    const f = await check('google-encoder-base.json', 'google-encoder-two-modes-head.json', '    single_run: fail\n');
    // Before: a blocking fail on the slowed host's +8% median.
    expect(f).toMatchObject({ subject: 'BM_Encoder/64', status: 'warn' });
    expect(f.message).toMatch(/inconclusive: unstable samples: head: the samples form two groups 1\d% apart \(50% \/ 50%\)/);
  });

  it('drops a cold start (hyperfine) and passes a head within the bound', async () => {
    const f = await check('hyperfine-cold-start-base.json', 'hyperfine-cold-start-head.json');
    expect(f).toMatchObject({ subject: 'infer', status: 'pass' });
    expect(f.message).toContain('Warm-up dropped: 4 round(s) of the baseline, 4 of the head.');
    expect((f.samples![0] as Record<string, unknown>).hardware).toBe('a machine the results file does not record');
  });
});
