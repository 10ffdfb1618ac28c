import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from '../../../src/git/repository.js';
import { detectHardware } from '../../../src/rules/benchmark/hardware.js';
import type { BenchmarkNote } from '../../../src/rules/benchmark/notes-history.js';
import { GitFixture } from '../../support/git-fixture.js';
import { runRule } from '../../support/rule-context.js';

/*
 * Run mode against real processes: the base commit runs in a copy of its tree, interleaved with the
 * head. The benchmark is a Python loop timed with process_time (CPU time), so a busy shared
 * machine slows the processes without moving the samples much, and each invocation reports its
 * fastest round (`min`), which contention inflates least. The head that does twice the work must
 * fail a 30% bound (a shared 2-core CI machine moves even CPU time by ±20% between runs) and the head that does the same work must pass it.
 */
const script = (iterations: number) => `import json, time
samples = []
for _ in range(5):
    start = time.process_time()
    total = 0
    for i in range(${iterations}):
        total += i
    samples.append(time.process_time() - start)
json.dump({"unit": "s", "benchmarks": {"loop": samples}}, open("results.json", "w"))
`;
// One batch of pairs: these tests are about the first decision (the confirm tests ask for more).
const rule = {
  run: '/usr/bin/python3 bench.py',
  file: 'results.json',
  runs: 10,
  warmup: 1,
  max_increase_pct: 30,
  statistic: 'min',
  confirm: false,
};

describe('benchmark run mode: base rerun in a copy of its tree, interleaved with the head', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  async function setUp(headIterations: number) {
    const git = GitFixture.init();
    fixtures.push(git);
    git.write({ '.gitignore': 'results.json\n' });
    const base = git.commit('base benchmark', { 'bench.py': script(200_000) });
    const head = git.commit('head change', { 'bench.py': script(headIterations), 'README.md': 'changed\n' });
    const repo = await Repository.open(git.dir);
    const workspace = repo.commitWorkspace(head);
    const baselineInfo = { sha: base, method: 'merge-base' as const, description: `merge-base ${base.slice(0, 7)}` };
    return { git, base, head, workspace, baselineInfo };
  }

  it('fails a head that does twice the work, and keeps the head runs as a note record', async () => {
    const { head, workspace, baselineInfo, git } = await setUp(400_000);
    const result = await runRule('benchmark', rule, { head: workspace, baseline: null, baselineInfo });
    expect(result.status).toBe('fail');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ check: 'min', subject: 'loop', status: 'fail' });
    expect(result.findings[0]!.message).toMatch(/paired runs, n=10/);
    const record = result.records?.[0];
    expect(record).toMatchObject({ type: 'note', notesRef: 'refs/notes/ml-guardrails', commit: head, key: 'test-rule' });
    const note = record!.data as BenchmarkNote;
    expect(note.runs).toHaveLength(10);
    expect(note.hardware.key).toBe((await detectHardware()).key);
    // No worktree was made (the trees are copies without .git, removed afterwards).
    expect(git.git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('never fails a head that does the same work (a pass, or inconclusive on a busy machine)', async () => {
    const { workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule('benchmark', rule, { head: workspace, baseline: null, baselineInfo });
    expect(result.findings[0]).toMatchObject({ subject: 'loop' });
    // Real processes on a shared machine: beside two busy loops the pairs can be too spread out to
    // decide (warn), and that is the honest answer; a blocking fail would be a false alarm.
    expect(['pass', 'warn']).toContain(result.findings[0]!.status);
    expect(result.status).not.toBe('fail');
  });

  it('times the command itself when no results file is named', async () => {
    const { workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule(
      'benchmark',
      // A command that sleeps: its own duration is what is timed, and it spends no CPU.
      { run: 'sleep 0.1', runs: 3, warmup: 0, max_increase_pct: 50 },
      {
        head: workspace,
        baseline: null,
        baselineInfo,
      },
    );
    expect(result.findings[0]).toMatchObject({ subject: 'test-rule', check: 'p50' });
    expect(['pass', 'warn']).toContain(result.findings[0]!.status);
  });

  it('never runs anything in the App: the rule says it is left to the Action', async () => {
    const { git, workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule(
      'benchmark',
      { ...rule, run: 'touch ran.txt' },
      { head: workspace, baseline: null, baselineInfo, mayExecute: false },
    );
    // Not evaluated is "could not compare": on_missing (default fail) decides, never a silent pass.
    expect(result.status).toBe('fail');
    expect(result.findings[0]!.message).toMatch(/benchmark "test-rule" runs a command, which is left to the GitHub Action or the CLI/);
    expect(existsSync(path.join(git.dir, 'ran.txt'))).toBe(false);
  });

  it('stops an invocation that outlives run_timeout and reports it', async () => {
    const { workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule(
      'benchmark',
      { run: 'sleep 30', runs: 3, warmup: 0, run_timeout: 0.5 },
      { head: workspace, baseline: null, baselineInfo },
    );
    expect(result.status).toBe('error');
    expect(result.findings[0]!.message).toMatch(/timed out after/);
  });

  it('says the command did not write the results file when it leaves a committed one as it was (issue 21)', async () => {
    const git = GitFixture.init();
    fixtures.push(git);
    const results = { 'bench/results.json': { unit: 'ms', benchmarks: { encode: [1, 2, 3] } } };
    const base = git.commit('base', results);
    const head = git.commit('head', { ...results, 'README.md': 'changed\n' });
    const repo = await Repository.open(git.dir);
    const baselineInfo = { sha: base, method: 'merge-base' as const, description: `merge-base ${base.slice(0, 7)}` };
    const result = await runRule(
      'benchmark',
      { run: 'sleep 0.02', file: 'bench/results.json', runs: 3, warmup: 0 },
      { head: repo.commitWorkspace(head), baseline: null, baselineInfo },
    );
    expect(result.findings[0]).toMatchObject({ status: 'error' });
    expect(result.findings[0]!.message).toMatch(
      /^the benchmark command did not write bench\/results\.json on the (base|head): the file there is the one it found/,
    );
  });

  it('sets aside one slow process instead of letting its pair wreck the interval (issue 21)', async () => {
    const git = GitFixture.init();
    fixtures.push(git);
    const counter = path.join(git.dir, 'invocations');
    // Every invocation reports ~10 ms; the 7th process overall (a head run) reports 13 ms: a slow process, not the code.
    const bench = `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}
v=$(awk -v n="$n" 'BEGIN { printf "%.3f", (n == 6 ? 13 : 10) + (n % 3) * 0.01 }')
echo "{\\"unit\\": \\"ms\\", \\"benchmarks\\": {\\"encode\\": [$v, $v, $v]}}" > results.json
`;
    git.write({ '.gitignore': 'results.json\n' });
    const base = git.commit('base', { 'bench.sh': bench });
    const head = git.commit('head', { 'bench.sh': bench, 'README.md': 'changed\n' });
    const repo = await Repository.open(git.dir);
    const baselineInfo = { sha: base, method: 'merge-base' as const, description: `merge-base ${base.slice(0, 7)}` };
    const result = await runRule(
      'benchmark',
      { run: 'sh bench.sh', file: 'results.json', runs: 10, warmup: 0, statistic: 'p50', confirm: false },
      { head: repo.commitWorkspace(head), baseline: null, baselineInfo },
    );
    // Before: a paired t interval of about ±6% around +2.6%, "straddles the bound".
    expect(result.findings[0]).toMatchObject({ subject: 'encode', status: 'pass' });
    expect(result.findings[0]!.message).toContain('1 pair(s) far off the others (a slow process) set aside.');
    expect(result.findings[0]!.samples![0]).toMatchObject({ outlier_pairs: 1, method: 'paired runs', n: 10 });
  });

  it('reports a command that fails, with its stderr', async () => {
    const { workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule(
      'benchmark',
      { run: 'echo "CUDA out of memory" >&2; exit 3', runs: 3 },
      { head: workspace, baseline: null, baselineInfo },
    );
    expect(result.findings[0]!.message).toMatch(/failed on the base with exit code 3: CUDA out of memory/);
  });

  it.skipIf(existsSync('/usr/bin/nvidia-smi'))('fails clearly when the rule requires a GPU and the machine has none', async () => {
    const { workspace, baselineInfo } = await setUp(200_000);
    const result = await runRule(
      'benchmark',
      { ...rule, hardware: { gpu: 'required' } },
      { head: workspace, baseline: null, baselineInfo },
    );
    expect(result.status).toBe('fail');
    expect(result.findings[0]).toMatchObject({ check: 'hardware' });
    expect(result.findings[0]!.message).toMatch(/requires a GPU, and this machine has none/);
  });
});

describe('benchmark run mode: confirm, time limit, abort', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });
  async function setUp(headIterations: number) {
    const git = GitFixture.init();
    fixtures.push(git);
    git.write({ '.gitignore': 'results.json\n' });
    const base = git.commit('base', { 'bench.py': script(100_000) });
    const head = git.commit('head', { 'bench.py': script(headIterations) });
    const repo = await Repository.open(git.dir);
    return { git, head: repo.commitWorkspace(head), baselineInfo: { sha: base, method: 'merge-base' as const, description: 'merge-base' } };
  }

  it('confirms a suspected regression with another set of pairs', async () => {
    const { head, baselineInfo } = await setUp(300_000);
    // 6 pairs is the fewest the signed-rank interval decides on at 95%; confirm doubles them.
    const result = await runRule('benchmark', { ...rule, runs: 6, warmup: 0, confirm: true }, { head, baseline: null, baselineInfo });
    expect(result.findings[0]).toMatchObject({ status: 'fail' });
    expect(result.findings[0]!.message).toMatch(/paired runs, n=12, .*re-measured \(confirm\)/);
  });

  it('decides on the pairs done when the time limit ends the runs, and says so', async () => {
    // The first invocations are quick and the later ones outlive the limit: the limit ends the
    // runs whatever the machine's load (a fixed sleep against a short limit left none on a busy one).
    const { git, head, baselineInfo } = await setUp(100_000);
    const counter = path.join(git.dir, 'quick-invocations');
    const result = await runRule(
      'benchmark',
      {
        run: `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; [ "$n" -ge 4 ] && sleep 30; true`,
        runs: 20,
        warmup: 0,
        time_limit: 6,
      },
      { head, baseline: null, baselineInfo },
    );
    expect(result.findings[0]!.message).toMatch(/Note: the time limit ended the runs, after \d measured pair\(s\)/);
    expect(result.findings[0]!.samples).toEqual([expect.objectContaining({ n: expect.any(Number) })]);
    expect((result.findings[0]!.samples![0] as { n: number }).n).toBeLessThan(20);
  });

  it('drops the pair the time limit cuts off mid-invocation, and decides on the whole pairs', async () => {
    // Seen on an H200: the confirm pairs outran time_limit, and the invocation the limit cut off
    // was reported as a run_timeout error, losing the 10 pairs already measured. Here the first
    // pair is quick and the next invocation outlives the limit (but not run_timeout).
    const { git, head, baselineInfo } = await setUp(100_000);
    const counter = path.join(git.dir, 'invocations');
    const result = await runRule(
      'benchmark',
      {
        run: `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; [ "$n" -ge 2 ] && sleep 20; true`,
        runs: 5,
        warmup: 0,
        // Room for the quick first pair on a busy machine; the third invocation sleeps past it.
        time_limit: 6,
      },
      { head, baseline: null, baselineInfo },
    );
    expect(result.status).not.toBe('error');
    expect(result.findings[0]!.message).toMatch(/Note: the time limit ended the runs, after 1 measured pair\(s\)/);
    expect((result.findings[0]!.samples![0] as { n: number }).n).toBe(1);
    expect(git.git('worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('stops the command and removes the tree copies when the evaluation is aborted', async () => {
    const { git, head, baselineInfo } = await setUp(100_000);
    const controller = new AbortController();
    const marker = path.join(git.dir, 'started');
    const pending = runRule(
      'benchmark',
      { run: `touch ${marker}; sleep 30`, runs: 3, warmup: 0 },
      { head, baseline: null, baselineInfo, signal: controller.signal },
    );
    // Aborted once the command is running (the state, not a guess at how long that takes).
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(new Error('a newer push superseded this run'));
    await expect(pending).rejects.toThrow(/superseded/);
    expect(git.git('worktree', 'list').split('\n')).toHaveLength(1);
  });
});
