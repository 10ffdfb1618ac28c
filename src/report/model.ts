/**
 * The Report: one plain value that every renderer (JSON, text, markdown, annotations) reads.
 * Its JSON form is a public interface (see DESIGN.md); fields are only ever added.
 */
import type { DeployConfig } from '../config/schema.js';

export type Status = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type Severity = 'error' | 'warning';
export type Verdict = 'pass' | 'fail' | 'error';
export type OnMissing = 'fail' | 'warn' | 'skip';

export interface Finding {
  /** What was checked, e.g. `min`, `max_drop`, `schema.removed`, `file`. */
  check: string;
  status: Status;
  /** One sentence a reviewer can act on. */
  message: string;
  observed: unknown;
  expected: unknown;
  baseline: unknown;
  /** Repository-relative file the finding points at (data, metrics or rule file). */
  file: string | null;
  line: number | null;
  /** The metric key or column the finding is about, when there is one. */
  subject?: string | undefined;
  /** Example offending rows or values, folded away in the markdown report. */
  samples?: unknown[] | undefined;
}

export interface RuleSource {
  /** The rule file that declares the rule. */
  file: string;
  line: number;
}

export interface RuleResult {
  id: string;
  kind: string;
  severity: Severity;
  status: Status;
  summary: string;
  findings: Finding[];
  /** Where the rule is declared, for annotations on the rule file. */
  source?: RuleSource | undefined;
}

export type BaselineMethod = 'merge-base' | 'ref' | 'none';

export interface BaselineInfo {
  /** The commit whose files are the baseline, or null when none could be found. */
  sha: string | null;
  method: BaselineMethod;
  /** Human sentence: which refs, or the fallback and why. */
  description: string;
}

export interface Report {
  verdict: Verdict;
  base: string | null;
  head: string | null;
  baseline: BaselineInfo;
  /** 'working tree' or 'commit': what the head side of the comparison was. */
  headSource: 'working tree' | 'commit';
  config: string;
  rules: RuleResult[];
  /** The rule file's `deploy:` section, when it has one: what the doors start when it passes. */
  deploy?: DeployConfig | undefined;
}

/** A finding with every optional report field filled as null, so the JSON shape is stable. */
export function finding(fields: Pick<Finding, 'check' | 'status' | 'message'> & Partial<Finding>): Finding {
  const result: Finding = {
    check: fields.check,
    status: fields.status,
    message: fields.message,
    observed: fields.observed ?? null,
    expected: fields.expected ?? null,
    baseline: fields.baseline ?? null,
    file: fields.file ?? null,
    line: fields.line ?? null,
  };
  if (fields.subject !== undefined) result.subject = fields.subject;
  if (fields.samples !== undefined) result.samples = fields.samples;
  return result;
}
