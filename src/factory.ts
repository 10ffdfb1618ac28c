import { benchmarkRule } from './rules/benchmark/benchmark-rule.js';
import { dataContractRule } from './rules/data-contract/index.js';
import { metricsRule } from './rules/metrics/metrics-rule.js';
import type { RuleKinds } from './rules/types.js';

/**
 * The rule kinds every door uses, assembled here at the top and handed down to the config
 * loader and the engine (nothing below imports this file). Adding a kind is one line here plus
 * its folder; the rule-file schema, the editor JSON Schema and `--help` all read this list.
 * Each kind's file holds only its options and title: its evaluation is an `import()` run by the
 * first rule of that kind, so a check never loads the code of kinds it does not use.
 */
export const defaultRuleKinds: RuleKinds = {
  benchmark: benchmarkRule,
  'data-contract': dataContractRule,
  metrics: metricsRule,
};
