import { dataContractRule } from './data-contract/index.js';
import { metricsRule } from './metrics/metrics-rule.js';
import type { RuleKind } from './types.js';

/**
 * Every rule kind, by the name used in `kind:`. Adding a kind is one line here plus its
 * folder; the config schema, the JSON Schema for editors and `--help` all read this list.
 */
export const ruleKinds: Record<string, RuleKind> = {
  'data-contract': dataContractRule,
  metrics: metricsRule,
};

export function knownKinds(): string[] {
  return Object.keys(ruleKinds).sort();
}
