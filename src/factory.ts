import { benchmarkRule } from './rules/benchmark/benchmark-rule.js';
import { dataContractRule } from './rules/data-contract/index.js';
import { metricsRule } from './rules/metrics/metrics-rule.js';
import type { RuleKinds } from './rules/types.js';

/**
 * The rule kinds every door uses, assembled here at the top and handed down to the config
 * loader and the engine (nothing below imports this file). Adding a kind is one line here plus
 * its folder; the rule-file schema, the editor JSON Schema and `--help` all read this list.
 */
export const defaultRuleKinds: RuleKinds = {
  benchmark: benchmarkRule,
  'data-contract': dataContractRule,
  metrics: metricsRule,
};
