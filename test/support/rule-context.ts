import type { Workspace } from '../../src/git/workspace.js';
import type { BaselineInfo, OnMissing, RuleSource, Severity } from '../../src/report/model.js';
import { missingFinding } from '../../src/rules/context.js';
import type { RuleCommon, RuleContext } from '../../src/rules/types.js';

export interface RuleContextInit {
  head: Workspace;
  /** The baseline workspace; null (the default) when the test has none. */
  baseline?: Workspace | null | undefined;
  rule?: Partial<RuleCommon> | undefined;
  on_missing?: OnMissing | undefined;
  severity?: Severity | undefined;
  baselineInfo?: BaselineInfo | undefined;
  source?: RuleSource | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A RuleContext as the engine builds one, for evaluating a rule kind directly in a test:
 * `missing` follows the rule's `on_missing` exactly as in a real run.
 */
export function createRuleContext(init: RuleContextInit): RuleContext {
  const baseline = init.baseline ?? null;
  const rule: RuleCommon = {
    id: 'test-rule',
    kind: 'test',
    severity: init.severity ?? 'error',
    on_missing: init.on_missing ?? 'fail',
    ...init.rule,
  };
  return {
    rule,
    head: init.head,
    baseline,
    baselineInfo: init.baselineInfo ?? describeBaseline(baseline),
    source: init.source ?? { file: '.github/ml-guardrails.yml', line: 1 },
    missing: (fields) => missingFinding(rule.on_missing, fields),
    signal: init.signal ?? new AbortController().signal,
  };
}

function describeBaseline(baseline: Workspace | null): BaselineInfo {
  if (baseline === null) {
    return { sha: null, method: 'none', description: 'no baseline: the test gave none' };
  }
  return { sha: baseline.sha, method: 'merge-base', description: `merge-base ${baseline.label} (test)` };
}
