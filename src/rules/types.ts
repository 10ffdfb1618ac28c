import type { z } from 'zod';
import type { Workspace } from '../git/workspace.js';
import type { BaselineInfo, Finding, OnMissing, RuleSource, Severity } from '../report/model.js';

/** Fields every rule has, whatever its kind. */
export interface RuleCommon {
  id: string;
  kind: string;
  severity: Severity;
  on_missing: OnMissing;
  description?: string | undefined;
}

export interface RuleContext {
  rule: RuleCommon;
  /** The files under evaluation (the PR head or the working tree). */
  head: Workspace;
  /** The files at the baseline commit, or null when no baseline could be found. */
  baseline: Workspace | null;
  /** How the baseline was chosen, or why there is none. */
  baselineInfo: BaselineInfo;
  /** Where the rule is declared. */
  source: RuleSource;
  /**
   * A finding for an input or baseline that is absent, with the status the rule's
   * `on_missing` policy gives it (`fail`, `warn` or `skip`): never a silent pass.
   */
  missing(fields: Pick<Finding, 'check' | 'message'> & Partial<Finding>): Finding;
  /** Aborted when the evaluation is superseded (a newer push) or times out. */
  signal: AbortSignal;
}

export interface RuleOutcome {
  findings: Finding[];
  /** One line for the report; the engine writes one from the findings when absent. */
  summary?: string | undefined;
}

/**
 * One rule kind: its options schema (the fields beyond the common ones) and how to evaluate a
 * rule of that kind. Registered in `registry.ts`.
 */
export interface RuleKind<Options extends z.ZodRawShape = z.ZodRawShape> {
  kind: string;
  /** One line for `--help`, errors that list the known kinds, and the JSON Schema. */
  title: string;
  /** The kind's own fields, as a zod shape; the config loader adds the common fields. */
  options: Options;
  evaluate(options: z.output<z.ZodObject<Options>>, context: RuleContext): Promise<RuleOutcome>;
}

/** Declares a rule kind with its option types inferred from the schema. */
export function defineRuleKind<Options extends z.ZodRawShape>(kind: RuleKind<Options>): RuleKind<Options> {
  return kind;
}
