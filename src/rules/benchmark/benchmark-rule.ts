import { defineRuleKind } from '../types.js';
import { benchmarkOptions } from './options.js';

/**
 * `kind: benchmark`: latency results of the head against the baseline, judged by an interval
 * at a confidence level rather than one ratio (the method is in docs/benchmarks.md). Results
 * come from a file the workflow wrote, or from `run:`, which only the Action and the CLI run.
 */
export const benchmarkRule = defineRuleKind({
  kind: 'benchmark',
  title: 'Latency benchmarks (pytest-benchmark, Google Benchmark, hyperfine, samples, or a command) against the baseline',
  options: benchmarkOptions,
  // The evaluation code loads on first use: a check with no benchmark rule never pays for it.
  evaluate: async (options, context) => (await import('./evaluate-benchmark.js')).evaluateBenchmark(options, context),
});
