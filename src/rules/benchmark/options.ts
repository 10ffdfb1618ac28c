import { z } from 'zod';
import { toRepoPath } from '../../git/repo-path.js';
import { RESULT_FORMATS } from './parse-results.js';
import { STATISTICS } from './statistics.js';
import { TIME_UNITS } from './units.js';

export const BASELINE_SOURCES = ['rerun', 'notes', 'file'] as const;

/** The options of a `benchmark` rule, beyond the fields every rule has. */
export const benchmarkOptions = {
  file: z
    .string()
    .superRefine(checkPath)
    .optional()
    .describe(
      'Results file (pytest-benchmark, Google Benchmark or hyperfine JSON, or plain samples), relative to the repository root. With `run:`, the file each invocation writes; without `file`, the invocation time of `run` is the sample.',
    ),
  format: z.enum(RESULT_FORMATS).default('auto').describe('How to read `file`; `auto` recognises each tool by its JSON.'),
  unit: z.enum(TIME_UNITS).default('ms').describe('Unit of a plain samples file that does not say (`{"unit": ...}` or `# unit: ms`).'),
  statistic: z
    .enum(STATISTICS)
    .default('p50')
    .describe('What is compared: mean, p50, p90, p95, p99, min, or throughput (items per second, from the mean).'),
  max_increase_pct: z.number().positive().default(5).describe('Largest allowed slowdown of the statistic, in percent of the baseline.'),
  confidence: z.number().min(0.5).max(0.999).default(0.95).describe('Confidence level of the interval the verdict rests on.'),
  run: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Command the Action or CLI runs (sh -c, in a copy of the repository without .git) once per observation; the App never runs it. It is the pull request's code: see docs/security.md.",
    ),
  env: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits, _)'))
    .max(50)
    .default([])
    .describe(
      "Runner environment variables `run` also gets, by name (e.g. HF_HOME). Otherwise it gets only an allow-list (PATH, locale, CUDA_*, OMP_*, PYTHON*, ...) with a fresh HOME and TMPDIR; the runner's GitHub token never.",
    ),
  warmup: z.int().min(0).max(20).default(1).describe('Unmeasured invocations per side before the measured ones.'),
  runs: z.int().min(3).max(200).default(10).describe('Measured invocations per side (pairs, with `baseline: rerun`).'),
  run_timeout: z.number().positive().default(600).describe('Seconds one invocation may take before it is stopped and the rule errors.'),
  time_limit: z
    .number()
    .positive()
    .default(1800)
    .describe(
      "Seconds all invocations together may take (never more than the operator's rule timeout); the decision uses the pairs done by then.",
    ),
  baseline: z
    .enum(BASELINE_SOURCES)
    .optional()
    .describe(
      '`rerun` (default with `run`): the base commit runs in a copy of its tree, interleaved with the head. `notes`: results kept as git notes on the nearest measured ancestor, same hardware. `file` (default without `run`): the same file at the baseline commit.',
    ),
  history: z
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe(
      'With `baseline: notes`: how many measured ancestors (sessions) to gather, at most; each counts once, as the median of its runs.',
    ),
  single_run: z
    .enum(['fail', 'warn'])
    .default('warn')
    .describe(
      'File mode, where the head is one run (a results file), with or without history: `warn` (default) reports a change beyond the bound as inconclusive, `fail` lets it block. See docs/benchmarks.md for the false-alarm rate of each.',
    ),
  confirm: z
    .boolean()
    .default(true)
    .describe(
      'With `baseline: rerun`: a regression, a verdict near the bound, or a slow process set aside is re-measured with another `runs` pairs before the verdict (default true; false measures `runs` pairs once).',
    ),
  hardware: z
    .strictObject({
      gpu: z.enum(['required', 'optional']).default('optional').describe('`required`: fail on a machine without an NVIDIA GPU.'),
    })
    .optional()
    .describe('What the machine must have.'),
};

export type BenchmarkOptions = z.output<z.ZodObject<typeof benchmarkOptions>>;

/** Where the base side comes from, with the defaults spelt out. */
export function baselineSource(options: BenchmarkOptions): (typeof BASELINE_SOURCES)[number] {
  return options.baseline ?? (options.run === undefined ? 'file' : 'rerun');
}

function checkPath(value: string, ctx: z.RefinementCtx): void {
  try {
    toRepoPath(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
}
