/**
 * Ceilings set by whoever runs the tool (the operator: Action inputs, App environment, CLI
 * flags), never by the repository. A rule may ask for less, never for more: the pull request
 * under evaluation is untrusted and must not be able to make the evaluation unbounded.
 */
export interface ResourceLimits {
  /** Wall-clock bound for one rule, in milliseconds. */
  ruleTimeoutMs: number;
  /** Wall-clock bound for one query or check (a custom SQL check, say), in milliseconds. */
  queryTimeoutMs: number;
  /** Memory a query engine (DuckDB) may use, in MiB. */
  memoryMiB: number;
  /** Threads a query engine may use. */
  threads: number;
  /** Files one glob may match before the rule errors (a glob over a huge tree is a mistake). */
  maxFilesPerGlob: number;
}

export const DEFAULT_LIMITS: ResourceLimits = {
  ruleTimeoutMs: 10 * 60_000,
  queryTimeoutMs: 2 * 60_000,
  memoryMiB: 4096,
  threads: 4,
  maxFilesPerGlob: 10_000,
};

/** The operator's ceiling, lowered (never raised) by what a rule asks for. */
export function clampToCeiling(requested: number | undefined, ceiling: number): number {
  return requested === undefined || !Number.isFinite(requested) || requested <= 0 ? ceiling : Math.min(requested, ceiling);
}

/**
 * Sizes past which an input file (metrics, benchmark results) is refused before the work on it
 * starts: the pull request writes these files, and no rule should run unbounded on them.
 * Documented in docs/benchmarks.md ("Limits"); each refusal names the file and the limit.
 */
export const INPUT_LIMITS = {
  /** Bytes of one metrics or results file, checked before it is read. */
  fileBytes: 64 * 1024 * 1024,
  /** JSON values (numbers, strings, objects, arrays) in one results file. */
  resultValues: 2_000_000,
  /** Latency samples in one results file, all benchmarks together. */
  samples: 1_000_000,
  /** JSON values, or metrics in any format, in one metrics file (a metrics file holds hundreds, not millions). */
  metricValues: 100_000,
  /** Values in one YAML metrics file, estimated before parsing: YAML parses a hundred times slower than JSON. */
  yamlMetricValues: 20_000,
} as const;
