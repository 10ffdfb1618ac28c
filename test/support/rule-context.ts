import type { LoadedRule } from '../../src/config/load-config.js';
import { ruleSchemaFor } from '../../src/config/schema.js';
import { evaluateRule, type RuleInputs } from '../../src/engine.js';
import { defaultRuleKinds } from '../../src/factory.js';
import { GitHistory } from '../../src/git/history.js';
import type { Workspace } from '../../src/git/workspace.js';
import type { BaselineInfo, OnMissing, RuleResult, RuleSource, Severity } from '../../src/report/model.js';
import { DEFAULT_LIMITS, type ResourceLimits } from '../../src/rules/limits.js';
import type { RuleKinds } from '../../src/rules/types.js';

export interface RuleRunInit {
  head: Workspace;
  /** The baseline workspace; null (the default) when the test has none. */
  baseline?: Workspace | null | undefined;
  /** Where the rule file was read (contracts come from here); the head by default, as when the head's rules govern. */
  rules?: Workspace | undefined;
  on_missing?: OnMissing | undefined;
  severity?: Severity | undefined;
  baselineInfo?: BaselineInfo | undefined;
  source?: RuleSource | undefined;
  signal?: AbortSignal | undefined;
  kinds?: RuleKinds | undefined;
  mayExecute?: boolean | undefined;
  limits?: Partial<ResourceLimits> | undefined;
}

/**
 * Evaluates one rule through the engine's own `evaluateRule`: the options are parsed with the
 * kind's strict schema as the config loader does, and whatever the rule throws becomes an
 * `error` finding exactly as in a real run.
 */
export async function runRule(kind: string, options: Record<string, unknown>, init: RuleRunInit): Promise<RuleResult> {
  return evaluateRule(loadedRule(kind, options, init), ruleInputs(init));
}

/** A rule as the config loader returns it, from the options a rule file would hold. */
export function loadedRule(
  kind: string,
  options: Record<string, unknown>,
  init: Pick<RuleRunInit, 'on_missing' | 'severity' | 'source' | 'kinds'> = {},
): LoadedRule {
  const kinds = init.kinds ?? defaultRuleKinds;
  const ruleKind = kinds[kind];
  if (ruleKind === undefined) throw new Error(`test asked for unknown kind ${kind}`);
  const parsed = ruleSchemaFor(ruleKind).parse({ id: 'test-rule', kind, ...options }) as Record<string, unknown>;
  return {
    id: 'test-rule',
    kind,
    severity: init.severity ?? 'error',
    on_missing: init.on_missing ?? 'fail',
    options: parsed,
    source: init.source ?? { file: '.github/ml-guardrails.yml', line: 1 },
  };
}

/** What the engine hands every rule, with the test's workspaces. */
export function ruleInputs(init: RuleRunInit): RuleInputs {
  const baseline = init.baseline ?? null;
  return {
    head: init.head,
    rules: init.rules ?? init.head,
    baseline,
    baselineInfo: init.baselineInfo ?? describeBaseline(baseline),
    signal: init.signal ?? new AbortController().signal,
    kinds: init.kinds ?? defaultRuleKinds,
    mayExecute: init.mayExecute ?? true,
    limits: { ...DEFAULT_LIMITS, ...init.limits },
    history: new GitHistory(init.head.root, init.head.sha),
  };
}

function describeBaseline(baseline: Workspace | null): BaselineInfo {
  if (baseline === null) {
    return { sha: null, method: 'none', description: 'no baseline: the test gave none' };
  }
  return { sha: baseline.sha, method: 'merge-base', description: `merge-base ${baseline.label} (test)` };
}
