import { defineRuleKind } from '../types.js';
import { metricsOptions } from './options.js';

/**
 * `kind: metrics`: model metrics files checked against absolute bounds and against the same
 * file at the baseline commit. The head's metrics must be there and readable (else one
 * finding says why); a missing baseline only skips the checks that need it, per `on_missing`.
 */
export const metricsRule = defineRuleKind({
  kind: 'metrics',
  title: 'Model metrics (JSON, YAML, CSV, DVC, MLflow, W&B) against bounds and the baseline',
  options: metricsOptions,
  // The evaluation code loads on first use: a check with no metrics rule never pays for it.
  evaluate: async (options, context) => (await import('./evaluate-metrics.js')).evaluateMetrics(options, context),
});
