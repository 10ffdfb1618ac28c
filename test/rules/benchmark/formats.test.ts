import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/rules/benchmark/parse-results.js';

// The tools themselves write the files parsed here (scripts/install-test-tools.sh installs them).
const has = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasHyperfine = has('hyperfine', ['--version']);
const hasGoogleBenchmark = existsSync('/usr/include/benchmark/benchmark.h') && has('g++', ['--version']);
const hasPytestBenchmark = has('/usr/bin/python3', ['-c', 'import pytest_benchmark']);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-bench-formats-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');

describe.skipIf(!hasHyperfine)('hyperfine --export-json (hyperfine not installed: run scripts/install-test-tools.sh)', () => {
  it('reads each command as a benchmark with its times in milliseconds', () => {
    execFileSync('hyperfine', ['--runs', '3', '--export-json', 'hf.json', '-n', 'fast', 'true', '-n', 'slow', 'sleep 0.05'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const raw = JSON.parse(read('hf.json')) as { results: { times: number[] }[] };
    const parsed = parseResults(read('hf.json'), 'hf.json', 'auto', 'ms');
    expect(parsed.format).toBe('hyperfine');
    expect(parsed.benchmarks.map((b) => b.name)).toEqual(['fast', 'slow']);
    expect(parsed.benchmarks[1]!.samples).toEqual(raw.results[1]!.times.map((s) => s * 1000));
    // sleep 0.05 is ~50 ms (hyperfine subtracts the shell's start-up): seconds became milliseconds.
    expect(Math.min(...parsed.benchmarks[1]!.samples)).toBeGreaterThan(10);
  });
});

describe.skipIf(!hasGoogleBenchmark)('Google Benchmark JSON (libbenchmark-dev not installed: run scripts/install-test-tools.sh)', () => {
  beforeAll(() => {
    writeFileSync(
      path.join(dir, 'sum.cc'),
      `#include <benchmark/benchmark.h>
static void BM_Sum(benchmark::State& s) { for (auto _ : s) { long x = 0; for (long i = 0; i < s.range(0); i++) benchmark::DoNotOptimize(x += i); } }
BENCHMARK(BM_Sum)->Arg(1000)->Arg(1500);
BENCHMARK_MAIN();
`,
    );
    execFileSync('g++', ['-O2', 'sum.cc', '-o', 'sum', '-lbenchmark', '-lpthread'], { cwd: dir, stdio: 'ignore' });
  }, 120_000);

  it('takes each repetition as a sample and leaves the aggregates out', () => {
    const out = execFileSync('./sum', ['--benchmark_repetitions=4', '--benchmark_min_time=0.001', '--benchmark_format=json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const raw = JSON.parse(out) as { benchmarks: { run_name: string; run_type: string; real_time: number; time_unit: string }[] };
    const parsed = parseResults(out, 'gb.json', 'auto', 'ms');
    expect(parsed.format).toBe('google-benchmark');
    expect(parsed.benchmarks.map((b) => b.name)).toEqual(['BM_Sum/1000', 'BM_Sum/1500']);
    const iterations = raw.benchmarks.filter((b) => b.run_name === 'BM_Sum/1000' && b.run_type === 'iteration');
    expect(iterations[0]!.time_unit).toBe('ns');
    expect(parsed.benchmarks[0]!.samples).toEqual(iterations.map((b) => b.real_time * 1e-6));
  });

  it('reads a run without repetitions as one sample per benchmark', () => {
    const out = execFileSync('./sum', ['--benchmark_min_time=0.001', '--benchmark_format=json', '--benchmark_filter=1500'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const parsed = parseResults(out, 'gb.json', 'google-benchmark', 'ms');
    expect(parsed.benchmarks).toHaveLength(1);
    expect(parsed.benchmarks[0]!.samples).toHaveLength(1);
  });
});

describe.skipIf(!hasPytestBenchmark)(
  'pytest-benchmark --benchmark-json (python3-pytest-benchmark not installed: run scripts/install-test-tools.sh)',
  () => {
    it('reads every round of stats.data, in milliseconds, by test name', () => {
      writeFileSync(
        path.join(dir, 'test_speed.py'),
        'def test_sum(benchmark):\n    benchmark(lambda: sum(range(2000)))\n\n\ndef test_sorted(benchmark):\n    benchmark(lambda: sorted(range(500, 0, -1)))\n',
      );
      execFileSync(
        '/usr/bin/python3',
        [
          '-m',
          'pytest',
          '-q',
          '-p',
          'no:cacheprovider',
          '--benchmark-json=pb.json',
          '--benchmark-min-rounds=7',
          '--benchmark-max-time=0.01',
          'test_speed.py',
        ],
        { cwd: dir, stdio: 'ignore' },
      );
      const raw = JSON.parse(read('pb.json')) as { benchmarks: { name: string; stats: { data: number[]; rounds: number } }[] };
      const parsed = parseResults(read('pb.json'), 'pb.json', 'auto', 'ms');
      expect(parsed.format).toBe('pytest-benchmark');
      expect(parsed.benchmarks.map((b) => b.name).sort()).toEqual(['test_sorted', 'test_sum']);
      const sum = raw.benchmarks.find((b) => b.name === 'test_sum')!;
      expect(parsed.benchmarks.find((b) => b.name === 'test_sum')!.samples).toEqual(sum.stats.data.map((s) => s * 1000));
      expect(sum.stats.rounds).toBeGreaterThanOrEqual(7);
    });
  },
);

describe('plain samples files', () => {
  it('reads JSON with a unit, named benchmarks, and one number per line', () => {
    expect(parseResults('{"unit": "us", "samples": [1500, 2500]}', 's.json', 'auto', 'ms').benchmarks).toEqual([
      { name: 'samples', samples: [1.5, 2.5] },
    ]);
    const named = parseResults('{"unit": "s", "benchmarks": {"encode": [0.01], "decode": [0.002]}}', 's.json', 'auto', 'ms');
    expect(named.benchmarks).toEqual([
      { name: 'encode', samples: [10] },
      { name: 'decode', samples: [2] },
    ]);
    expect(parseResults('# unit: ns\n2000000\n\n3000000\n', 's.txt', 'auto', 'ms').benchmarks[0]!.samples).toEqual([2, 3]);
    expect(parseResults('4\n5\n', 's.txt', 'samples', 's').benchmarks[0]!.samples).toEqual([4000, 5000]);
  });

  it('says where a file is wrong', () => {
    expect(() => parseResults('1\nfast\n', 's.txt', 'auto', 'ms')).toThrow(/s\.txt:2: "fast" is not a latency/);
    expect(() => parseResults('{"unit": "furlongs", "samples": [1]}', 's.json', 'auto', 'ms')).toThrow(/not a time unit/);
    expect(() => parseResults('{"results": [', 'hf.json', 'hyperfine', 'ms')).toThrow(/not valid JSON/);
    expect(() => parseResults('{"rows": []}', 'x.json', 'auto', 'ms')).toThrow(/not a results file/);
  });
});

describe('committed tool output (fixtures/outputs/benchmark)', () => {
  const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../fixtures/outputs/benchmark', name), 'utf8');

  it('recognises each file by its content and reads every benchmark by name', () => {
    const hyperfine = parseResults(fixture('hyperfine.json'), 'hyperfine.json', 'auto', 'ms');
    expect(hyperfine).toMatchObject({ format: 'hyperfine', benchmarks: [{ name: 'sleepy' }, { name: 'true' }] });
    expect(hyperfine.benchmarks[0]!.samples).toHaveLength(3);
    const google = parseResults(fixture('google-benchmark.json'), 'google-benchmark.json', 'auto', 'ms');
    expect(google.benchmarks.map((b) => [b.name, b.samples.length])).toEqual([
      ['BM_Sum/1000', 3],
      ['BM_Sum/1500', 3],
    ]);
    expect(google.benchmarks[0]!.samples[0]).toBeCloseTo(628.9429685875672e-6, 12);
    const pytest = parseResults(fixture('pytest-benchmark.json'), 'pytest-benchmark.json', 'auto', 'ms');
    expect(pytest).toMatchObject({ format: 'pytest-benchmark', benchmarks: [{ name: 'test_sum' }] });
    expect(pytest.benchmarks[0]!.samples).toHaveLength(5);
    const samples = parseResults(fixture('samples.txt'), 'samples.txt', 'auto', 'ms');
    expect(samples.benchmarks[0]!.samples.map((v) => Number(v.toFixed(6)))).toEqual([1.52, 1.498, 1.533, 1.507]);
  });
});
