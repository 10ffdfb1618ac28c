import { z } from 'zod';
import { closestMatch } from '../../did-you-mean.js';
import { isGlob, toRepoPath } from '../../git/repo-path.js';
import { describeBadPattern } from './match-pattern.js';

export const METRICS_FORMATS = ['auto', 'json', 'yaml', 'csv', 'dvc', 'mlflow', 'wandb'] as const;
export type MetricsFormatOption = (typeof METRICS_FORMATS)[number];

const CHECK_NAMES = ['min', 'max', 'max_drop', 'max_rise', 'max_drop_pct', 'max_rise_pct', 'max_gap'];

const amount = (what: string) => z.number().nonnegative({ error: `${what} is a non-negative amount; a negative one would always fail` });

/** The checks of one metric (or of every metric a wildcard pattern matches). */
export const metricChecksSchema = z
  .strictObject(
    {
      min: z.number().optional().describe('Lowest allowed value (an absolute floor).'),
      max: z.number().optional().describe('Highest allowed value (an absolute ceiling).'),
      max_drop: amount('max_drop').optional().describe("Largest allowed decrease from the baseline value, in the metric's own units."),
      max_rise: amount('max_rise')
        .optional()
        .describe("Largest allowed increase over the baseline value, in the metric's own units (e.g. for a loss)."),
      max_drop_pct: amount('max_drop_pct')
        .optional()
        .describe('Largest allowed decrease from the baseline, in percent of the baseline value.'),
      max_rise_pct: amount('max_rise_pct')
        .optional()
        .describe('Largest allowed increase over the baseline, in percent of the baseline value.'),
      max_gap: amount('max_gap')
        .optional()
        .describe('For a pattern with `*`: largest allowed difference between the best and the worst matched metric (slice).'),
    },
    { error: describeUnknownCheck },
  )
  .refine((checks) => Object.values(checks).some((value) => value !== undefined), {
    error: `give at least one check: ${CHECK_NAMES.join(', ')}`,
    // A misspelt check already has its own message; "give at least one check" would only confuse.
    when: (payload) => payload.issues.length === 0,
  })
  .refine((checks) => checks.min === undefined || checks.max === undefined || checks.min <= checks.max, {
    error: 'min is greater than max, so no value could pass',
  });

export type MetricChecks = z.output<typeof metricChecksSchema>;

/** The options of a `metrics` rule, beyond the fields every rule has. */
export const metricsOptions = {
  file: z
    .string()
    .superRefine(checkFilePath)
    .describe('The metrics file (JSON, YAML, CSV, dvc.yaml, wandb-summary.json) or MLflow run folder, relative to the repository root.'),
  format: z
    .enum(METRICS_FORMATS)
    .default('auto')
    .describe(
      'How to read `file`; `auto` decides from its name (wandb-summary.json, dvc.yaml, .json, .yaml, .csv) or, for a folder, reads it as an MLflow run.',
    ),
  metrics: z
    .record(z.string(), metricChecksSchema)
    .superRefine(checkPatterns)
    .describe(
      'Checks per metric key. Nested keys are joined with dots (`eval.f1`, arrays by index); `*` matches one key segment (`slices.*.accuracy`).',
    ),
  baseline: z
    .enum(['file', 'notes'])
    .default('file')
    .describe(
      '`file` (default): the same file at the baseline commit. `notes`: for metrics the workflow produces, the values kept as a git note (refs/notes/ml-guardrails) on the merge-base or its nearest ancestor with one.',
    ),
};

function describeUnknownCheck(issue: { code?: string; keys?: string[] }): string | undefined {
  if (issue.code !== 'unrecognized_keys' || issue.keys === undefined) return undefined;
  return issue.keys
    .map((key) => {
      const guess = closestMatch(key, CHECK_NAMES);
      const hint = guess === undefined ? `use one of ${CHECK_NAMES.join(', ')}` : `did you mean \`${guess}\`?`;
      return `\`${key}\` is not a metrics check; ${hint}`;
    })
    .join('; ');
}

function checkFilePath(file: string, ctx: z.RefinementCtx): void {
  if (isGlob(file)) {
    ctx.addIssue({ code: 'custom', message: `"${file}" is a glob; name one metrics file or MLflow run folder` });
    return;
  }
  try {
    toRepoPath(file);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
}

function checkPatterns(metrics: Record<string, MetricChecks>, ctx: z.RefinementCtx): void {
  const patterns = Object.keys(metrics);
  if (patterns.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'list at least one metric to check' });
  }
  for (const pattern of patterns) {
    const problem = describeBadPattern(pattern);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [pattern], message: problem });
    if (metrics[pattern]?.max_gap !== undefined && !pattern.split('.').includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: [pattern, 'max_gap'],
        message: `max_gap compares the metrics a \`*\` pattern matches, and "${pattern}" has no \`*\``,
      });
    }
  }
}

export type MetricsOptions = z.output<z.ZodObject<typeof metricsOptions>>;
